package dev.plinth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code plinth db}: commands that read an existing database — {@code inspect} prints what it holds,
 * {@code pull} writes a Prisma schema for it. Neither changes the database.
 */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Read an existing database: inspect its structure or pull a Prisma schema from it.",
        subcommands = {DbInspectCommand.class, DbPullCommand.class})
public final class DbCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand, prints the usage (naming {@code inspect} and {@code pull}). */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
