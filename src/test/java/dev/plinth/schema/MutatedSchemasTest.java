package dev.plinth.schema;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real schemas with random damage (characters deleted, inserted, lines duplicated or swapped) are
 * always answered with a result or diagnostics, never an exception. The seed is fixed, so a failure
 * is reproducible.
 */
class MutatedSchemasTest {

    private static final String ALPHABET = "{}()[]@@,:=?\".\n \tabcXYZ019_-/*\\";

    @Test
    void damagedSchemasNeverThrow() throws IOException {
        List<String> schemas = new ArrayList<>();
        try (Stream<Path> files = Files.list(SharedMaterial.root().resolve("schemas/real"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".prisma")).sorted().toList()) {
                schemas.add(Files.readString(file));
            }
        }
        Random random = new Random(20261124);
        int runs = 0;
        for (String schema : schemas) {
            for (int i = 0; i < 25; i++) {
                String damaged = damage(schema, random);
                SchemaResult result = SchemaLoader.parse("damaged.prisma", damaged);
                assertThat(DiagnosticRenderer.render(result)).isNotNull();
                runs++;
            }
        }
        assertThat(runs).isGreaterThanOrEqualTo(600);
    }

    private static String damage(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits && out.length() > 0; e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> {
                    int end = Math.min(out.length(), at + random.nextInt(200));
                    out.insert(at, out.substring(at, end));
                }
                default -> {
                    int end = Math.min(out.length(), at + random.nextInt(40));
                    out.delete(at, end);
                }
            }
        }
        return out.toString();
    }
}
