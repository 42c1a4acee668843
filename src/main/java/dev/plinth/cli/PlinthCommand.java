package dev.plinth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code plinth} command line: the entry point of the runnable jar.
 *
 * <p>Each subcommand is one stage of DESIGN.md's pipeline exposed to users.
 */
@Command(name = "plinth", mixinStandardHelpOptions = true, version = "plinth 0.1.0",
        description = "A REST backend from a Prisma schema.",
        subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, MigrateCommand.class, TokenCommand.class,
                ServeCommand.class})
public final class PlinthCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the command-line arguments, as the shell gives them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new PlinthCommand()).execute(args));
    }
}
