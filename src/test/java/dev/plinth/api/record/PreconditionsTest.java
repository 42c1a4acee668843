package dev.plinth.api.record;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** If-Match uses RFC 9110's strong comparison. */
class PreconditionsTest {

    @Test
    void matchesAnyListedStrongTagOrStar() {
        assertThat(Preconditions.matches("\"abc\"", "\"abc\"")).isTrue();
        assertThat(Preconditions.matches("\"x\", \"abc\"", "\"abc\"")).isTrue();
        assertThat(Preconditions.matches("*", "\"abc\"")).isTrue();
        assertThat(Preconditions.matches("W/\"abc\"", "\"abc\"")).isFalse();
        assertThat(Preconditions.matches("\"abd\"", "\"abc\"")).isFalse();
    }

    @Test
    void etagsDependOnTheRowContent() {
        assertThat(RecordService.etag("{\"a\":1}".getBytes())).isEqualTo(RecordService.etag("{\"a\":1}".getBytes()))
                .isNotEqualTo(RecordService.etag("{\"a\":2}".getBytes())).matches("\"[0-9a-f]{32}\"");
    }

    @Test
    void etagsAreTheFirstHalfOfTheRowsSha256EvenWhenComputedConcurrently() throws Exception {
        // SHA-256 of "" and of "abc" (FIPS 180-2 example), their first 16 bytes
        String empty = "\"e3b0c44298fc1c149afbf4c8996fb924\"";
        String abc = "\"ba7816bf8f01cfea414140de5dae2223\"";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!RecordService.etag(new byte[0]).equals(empty) || !RecordService.etag("abc".getBytes()).equals(abc)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
