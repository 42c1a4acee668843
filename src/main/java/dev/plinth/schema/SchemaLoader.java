package dev.plinth.schema;

import dev.plinth.schema.model.Schema;
import dev.plinth.schema.resolve.Resolver;
import dev.plinth.schema.syntax.SchemaAst;
import dev.plinth.schema.validate.Validator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The schema front end's entry point: Prisma Schema Language text in, a resolved {@code Schema} or
 * diagnostics out. Lexing and parsing ({@code syntax}), validating ({@code validate}) and resolving
 * ({@code resolve}) are separate stages behind it, as in Prisma's own {@code psl} crates.
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
        List<Diagnostic> diagnostics = new ArrayList<>();
        SchemaAst ast = dev.plinth.schema.spelling.SpecSpellings.read(fileName, text, diagnostics);
        diagnostics.addAll(Validator.validate(ast, text));
        diagnostics.sort(Comparator.comparingInt((Diagnostic d) -> d.span().startOffset()));
        boolean failed = diagnostics.stream().anyMatch(Diagnostic::isError);
        Optional<Schema> schema = failed ? Optional.empty() : Optional.of(dev.plinth.schema.check.CheckConstraints.attach(
                dev.plinth.schema.conventions.ConventionResolver.apply(Resolver.resolve(ast), ast), ast, text));
        return new SchemaResult(schema, diagnostics, text);
    }
}
