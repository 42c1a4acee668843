package dev.plinth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code plinth} command line: the entry point of the runnable jar.
 *
 * <p>Each subcommand is one stage of Plinth's pipeline exposed to users: read the schema
 * ({@code validate}), bring the database to it ({@code migrate}), serve it ({@code serve}).
 */
@Command(name = "plinth", mixinStandardHelpOptions = true, version = "plinth 0.1.0",
        description = "A REST backend from a Prisma schema.",
        subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, MigrateCommand.class, TokenCommand.class,
                ServeCommand.class, OpenApiCommand.class, PrismaSchemaCommand.class,
                DbCommand.class})
public final class PlinthCommand implements Runnable {

    /** The option that shows the stack trace behind an error; every subcommand inherits it. */
    static final String VERBOSE = "--verbose";

    @Option(names = VERBOSE, scope = ScopeType.INHERIT, description = "On an error, also print its stack trace.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Builds the command line as {@link #main} runs it: every command given the environment and the
     * streams, {@code serve}'s options read from {@code PLINTH_*} variables too ({@link OptionVariables}),
     * an environment-variable footer on every help page, and errors reported by
     * {@link FailureReporter} as one line each.
     *
     * @param environment the environment variables the commands read
     * @param out         standard output
     * @param err         standard error
     * @return the command line, ready to {@code execute}
     */
    public static CommandLine commandLine(Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ServeCommand.class) {
                    return type.cast(new ServeCommand(environment, out, err));
                }
                if (type == TokenCommand.class) {
                    return type.cast(new TokenCommand(environment, out, err));
                }
                return defaults.create(type);
            }
        };
        CommandLine cli = new CommandLine(new PlinthCommand(), factory);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        FailureReporter reporter = new FailureReporter();
        cli.setExecutionExceptionHandler(reporter);
        cli.setParameterExceptionHandler(reporter);
        footer(cli);
        OptionVariables.install(cli.getSubcommands().get("serve"), environment);
        return cli;
    }

    private static void footer(CommandLine command) {
        // A command's own footer (serve's security posture) stays above the environment variables.
        String[] own = command.getCommandSpec().usageMessage().footer();
        String[] environment = EnvironmentHelp.footer();
        String[] both = java.util.Arrays.copyOf(own, own.length + environment.length);
        System.arraycopy(environment, 0, both, own.length, environment.length);
        command.getCommandSpec().usageMessage().footer(both);
        command.getSubcommands().values().stream().filter(c -> c.getCommand() != null && !(c.getCommand() instanceof CommandLine.HelpCommand))
                .forEach(PlinthCommand::footer);
    }

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the command-line arguments, as the shell gives them
     */
    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), System.out, System.err).execute(args));
    }
}
