package dev.plinth.api;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An export spool keeps small exports on the heap, spills big ones to a temporary file, and sends what is
 * rendered while rendering goes on; a failure before the first bytes is thrown, a later one cuts the answer off.
 */
class ExportSpoolTest {

    @Test
    void aSmallExportStaysOnTheHeap() throws Exception {
        byte[] data = bytes(1000);
        try (ExportSpool spool = new ExportSpool(256 * 1024)) {
            spool.sink().write(data, 0, data.length);
            spool.finish();
            spool.awaitStart();
            assertThat(spool.spilled()).isFalse();
            assertThat(spool.size()).isEqualTo(1000);
            assertThat(sent(spool)).isEqualTo(data);
        }
    }

    @Test
    void aBigExportIsSentWhileItIsRenderedAndItsFileIsDeletedOnClose() throws Exception {
        byte[] data = bytes(1_000_000);
        Set<Path> before = exportFiles();
        try (ExportSpool spool = new ExportSpool(256 * 1024)) {
            Thread render = Thread.ofVirtual().start(() -> {
                try {
                    for (int off = 0; off < data.length; off += 777) {
                        spool.sink().write(data, off, Math.min(777, data.length - off));
                    }
                    spool.sink().write('x');
                    spool.finish();
                } catch (IOException e) {
                    spool.fail(e);
                }
            });
            spool.awaitStart();
            byte[] expected = Arrays.copyOf(data, data.length + 1);
            expected[data.length] = 'x';
            assertThat(sent(spool)).isEqualTo(expected);
            render.join();
            assertThat(spool.spilled()).isTrue();
            assertThat(exportFiles()).hasSizeGreaterThan(before.size());
        }
        assertThat(exportFiles()).isEqualTo(before);
    }

    @Test
    void aFailureBeforeTheFirstBytesIsThrownAndALaterOneCutsTheAnswerOff() throws Exception {
        try (ExportSpool early = new ExportSpool(1024)) {
            early.fail(new SQLException("the database broke off"));
            assertThatThrownBy(early::awaitStart).isInstanceOf(SQLException.class);
        }
        try (ExportSpool late = new ExportSpool(1024)) {
            byte[] data = bytes(200_000);
            late.sink().write(data, 0, data.length);
            late.fail(new SQLException("the database broke off"));
            late.awaitStart();
            assertThatThrownBy(() -> sent(late)).isInstanceOf(IOException.class);
        }
    }

    private static byte[] sent(ExportSpool spool) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        spool.sendTo(out);
        return out.toByteArray();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    private static Set<Path> exportFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("plinth-export-")).collect(Collectors.toSet());
        }
    }
}
