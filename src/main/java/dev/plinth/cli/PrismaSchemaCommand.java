package dev.plinth.cli;

import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.prisma.PrismaSchemaCopy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code plinth prisma-schema schema.prisma > prisma/schema.prisma}: prints a copy of the schema that Prisma's
 * own tools accept, without Plinth's extensions and with Plinth's physical names written as
 * {@code @map}/{@code @@map} (docs/schema.md, "Prisma Client beside Plinth"; {@link PrismaSchemaCopy}).
 */
@Command(name = "prisma-schema", mixinStandardHelpOptions = true,
        description = {"Print a copy of the schema that Prisma accepts: Plinth's attributes, defaults and generator"
                + " block left out, Plinth's table and column names written as @map/@@map.",
                "For Prisma Client beside Plinth: prisma generate --schema <the copy>."})
public final class PrismaSchemaCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCHEMA", defaultValue = "schema.prisma",
            description = "The Prisma schema file (default: ${DEFAULT-VALUE}).")
    private Path schemaFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the copy to FILE instead of standard output.")
    private Path output;

    @Option(names = "--keep-generator",
            description = "Keep the generator plinth block (prisma generate then runs its provider too).")
    private boolean keepGenerator;

    @Spec
    private CommandSpec spec;

    /**
     * Runs the command.
     *
     * @return 0 with the copy written, 1 when the schema has errors (printed on standard error, with warnings)
     * @throws CommandFailure when the schema cannot be read or the output cannot be written
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<SchemaResult> loaded = SchemaFile.loadValid(schemaFile, err);
        if (loaded.isEmpty()) {
            return 1;
        }
        SchemaResult result = loaded.get();
        // The copy is cut from the text; the data-model spec's spellings are first written as today's Prisma spells them.
        PrismaSchemaCopy.Result copy = PrismaSchemaCopy.writeText(schemaFile.toString(), result.source(), result.schema(),
                keepGenerator);
        if (output == null) {
            out.print(copy.text());
            out.flush();
        } else {
            try {
                Files.writeString(output, copy.text(), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new CommandFailure(output + ": cannot be written, its directory does not exist; create "
                        + output.toAbsolutePath().getParent() + " first", e);
            } catch (IOException e) {
                throw new CommandFailure(output + ": cannot be written (" + e.getMessage()
                        + "); check that its directory is writable", e);
            }
        }
        for (PrismaSchemaCopy.Change change : copy.changes()) {
            if (change.kind() == PrismaSchemaCopy.ChangeKind.NOT_EXPRESSIBLE) {
                err.println(change.where().location() + ": warning: " + change.what());
            }
        }
        long leftOut = count(copy, PrismaSchemaCopy.ChangeKind.LEFT_OUT);
        long added = count(copy, PrismaSchemaCopy.ChangeKind.ADDED);
        err.println(schemaFile + ": Prisma schema " + (output == null ? "printed" : "written to " + output) + "; "
                + leftOut + " Plinth extension" + (leftOut == 1 ? "" : "s") + " left out, " + added + " @map/@@map added");
        err.flush();
        return 0;
    }

    private static long count(PrismaSchemaCopy.Result copy, PrismaSchemaCopy.ChangeKind kind) {
        return copy.changes().stream().filter(c -> c.kind() == kind).count();
    }
}
