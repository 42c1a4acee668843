package dev.plinth.cli;

import dev.plinth.schema.DiagnosticRenderer;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the schema file a command was given, turning every way it cannot be read into one clear line. */
final class SchemaFile {

    private SchemaFile() {
    }

    /**
     * Reads and resolves a schema file.
     *
     * @param file the path as the user gave it
     * @return the schema and its diagnostics
     * @throws CommandFailure when the file is missing, a directory, unreadable or not UTF-8 text
     */
    static SchemaResult load(Path file) {
        if (Files.isDirectory(file)) {
            Path inside = file.resolve("schema.prisma");
            throw new CommandFailure(file + " is a directory; give the schema file itself"
                    + (Files.isRegularFile(inside) ? ", e.g. " + inside : " (a .prisma file)"));
        }
        try {
            return SchemaLoader.load(file);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(file + ": no such file; check the path (relative paths start at "
                    + Path.of("").toAbsolutePath() + ")", e);
        } catch (AccessDeniedException e) {
            throw new CommandFailure(file + ": permission denied; make the file readable (chmod a+r " + file + ")", e);
        } catch (CharacterCodingException e) {
            throw new CommandFailure(file + ": not UTF-8 text; save the schema as UTF-8", e);
        } catch (IOException e) {
            throw new CommandFailure(file + ": cannot be read (" + e.getMessage() + "); check that it is a readable file", e);
        }
    }

    /**
     * Reads and resolves a schema file for a command that needs a valid schema: prints its diagnostics
     * ({@code file:line:column} with the source line) on {@code err}, and when there are errors a last line
     * {@code schema.prisma: 2 errors, schema rejected}.
     *
     * @param file the path as the user gave it
     * @param err  the command's standard error
     * @return the result when the schema has no errors; empty when it was rejected (the command exits 1)
     * @throws CommandFailure as {@link #load}
     */
    static Optional<SchemaResult> loadValid(Path file, PrintWriter err) {
        SchemaResult result = load(file);
        err.print(DiagnosticRenderer.render(result));
        if (result.hasErrors()) {
            int errors = result.errors().size();
            err.println(file + ": " + errors + (errors == 1 ? " error" : " errors") + ", schema rejected");
            err.flush();
            return Optional.empty();
        }
        return Optional.of(result);
    }
}
