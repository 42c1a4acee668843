package dev.plinth.cli;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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
}
