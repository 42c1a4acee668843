package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.SharedMaterial;
import dev.plinth.schema.model.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The real schemas of {@code ../shared/schemas/real} and Prisma's DDL beside them, for the migration tests. */
final class RealSchemas {

    private RealSchemas() {
    }

    static Path folder() {
        return SharedMaterial.root().resolve("schemas/real");
    }

    /** Returns the names (without {@code .prisma}) of every real schema. */
    static List<String> names() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".prisma"))
                    .map(n -> n.substring(0, n.length() - ".prisma".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the names of the schemas that have Prisma's DDL for the given provider ({@code sqlite} or {@code postgresql}). */
    static List<String> withDdl(String provider) {
        return names().stream().filter(n -> Files.exists(folder().resolve(n + "." + provider + ".sql"))).toList();
    }

    static Schema load(String name) {
        try {
            SchemaResult result = SchemaLoader.load(folder().resolve(name + ".prisma"));
            return result.schema().orElseThrow(() -> new AssertionError(name + " does not load: " + result.errors()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns Prisma's DDL script for a schema, split into statements. */
    static List<String> prismaStatements(String name, String provider) {
        try {
            String script = Files.readString(folder().resolve(name + "." + provider + ".sql"));
            List<String> statements = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : script.split("\n")) {
                if (line.startsWith("--")) {
                    continue;
                }
                current.append(line).append('\n');
                if (line.stripTrailing().endsWith(";")) {
                    String sql = current.toString().strip();
                    statements.add(sql.substring(0, sql.length() - 1));
                    current.setLength(0);
                }
            }
            if (!current.toString().isBlank()) {
                statements.add(current.toString().strip());
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
