package dev.plinth.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The schema front end's entry point: Prisma Schema Language text in, a resolved {@code Schema} or
 * diagnostics out. Lexing, parsing, resolving and validating are separate stages behind it.
 */
public final class SchemaLoader {

    private SchemaLoader() {
    }

    /**
     * Reads and resolves a schema file.
     *
     * @param file the {@code schema.prisma} path; its name (as given) is used in diagnostics
     * @return the result; never throws for bad schema text
     * @throws IOException when the file cannot be read
     */
    public static SchemaResult load(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Resolves schema text.
     *
     * @param fileName the name used in diagnostics
     * @param text     the schema text
     * @return the result; never throws for bad schema text
     */
    public static SchemaResult parse(String fileName, String text) {
        throw new UnsupportedOperationException("the schema front end is being built");
    }
}
