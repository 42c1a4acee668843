package dev.plinth.cli;

import dev.plinth.introspect.DatabaseInspection;
import dev.plinth.introspect.PrismaSchemaWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code plinth db pull [SCHEMA] [--database-url URL] > schema.prisma}: writes a Prisma schema for an existing
 * database on standard output ({@link PrismaSchemaWriter}), one that {@code plinth validate} accepts and Plinth
 * serves. Changes nothing; standard error stays empty unless something fails.
 *
 * <p>Exit codes: 0 written; 1 the database cannot be reached or read, or the schema has errors; 2 wrong usage.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Write a Prisma schema for an existing database to standard output.")
public final class DbPullCommand implements Callable<Integer> {

    @Mixin
    private DatabaseToRead database;

    @Spec
    private CommandSpec spec;

    /**
     * Writes the pulled schema to standard output.
     *
     * @return 0 when it was written
     * @throws CommandFailure when the database cannot be reached or read (exit code 1)
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DatabaseInspection inspection = database.inspect(spec);
        out.print(PrismaSchemaWriter.write(inspection));
        out.flush();
        return 0;
    }
}
