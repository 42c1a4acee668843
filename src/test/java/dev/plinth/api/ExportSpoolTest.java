package dev.plinth.api;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** An export spool keeps small exports on the heap, spills big ones to a temporary file, and sends either whole. */
class ExportSpoolTest {

    @Test
    void aSmallExportStaysOnTheHeap() throws IOException {
        byte[] data = bytes(1000);
        try (ExportSpool spool = new ExportSpool(4096)) {
            spool.write(data, 0, data.length);
            assertThat(spool.spilled()).isFalse();
            assertThat(spool.size()).isEqualTo(1000);
            assertThat(sent(spool)).isEqualTo(data);
        }
    }

    @Test
    void aBigExportSpillsToATemporaryFileThatIsDeletedOnClose() throws IOException {
        byte[] data = bytes(100_000);
        Set<Path> before = exportFiles();
        try (ExportSpool spool = new ExportSpool(4096)) {
            for (int off = 0; off < data.length; off += 777) {
                spool.write(data, off, Math.min(777, data.length - off));
            }
            spool.write('x');
            assertThat(spool.spilled()).isTrue();
            assertThat(spool.size()).isEqualTo(data.length + 1L);
            byte[] expected = Arrays.copyOf(data, data.length + 1);
            expected[data.length] = 'x';
            assertThat(sent(spool)).isEqualTo(expected);
            assertThat(exportFiles()).hasSizeGreaterThan(before.size());
        }
        assertThat(exportFiles()).isEqualTo(before);
    }

    private static byte[] sent(ExportSpool spool) throws IOException {
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
