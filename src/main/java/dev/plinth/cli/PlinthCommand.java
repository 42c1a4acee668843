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
import java.util.List;
import java.util.Map;

/**
 * The {@code plinth} command line: the entry point of the runnable jar.
 *
 * <p>Each subcommand is one stage of Plinth's pipeline exposed to users: read the schema
 * ({@code validate}), bring the database to it ({@code migrate}), serve it ({@code serve}).
 */
@Command(name = "plinth", mixinStandardHelpOptions = true, version = "plinth 0.1.0",
        description = "A REST backend from a Prisma schema.")
public final class PlinthCommand implements Runnable {

    /**
     * The subcommands, in the order help lists them. They are added by {@link #commandLine}, not named in
     * {@code @Command(subcommands = …)}: picocli builds a command's model by reflection over its options when it
     * is added, which for all of them is a good part of a start-up, so a run of one subcommand builds that one alone.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(CommandLine.HelpCommand.class, ValidateCommand.class,
            MigrateCommand.class, TokenCommand.class, ServeCommand.class, OpenApiCommand.class, PrismaSchemaCommand.class,
            DbCommand.class, CacheTrainingCommand.class);

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
        return commandLine(environment, out, err, SUBCOMMANDS);
    }

    /**
     * Builds the command line for one set of arguments: when the first names a subcommand (but {@code help},
     * which looks up the others), only that subcommand is built, as the arguments can reach no other; otherwise
     * all of them, for the help, the version and the suggestions for a mistyped name.
     *
     * @param environment the environment variables the commands read
     * @param out         standard output
     * @param err         standard error
     * @param args        the arguments it is built to execute
     * @return the command line, ready to {@code execute(args)}
     */
    public static CommandLine commandLine(Map<String, String> environment, PrintStream out, PrintStream err, String... args) {
        if (args.length > 0 && !args[0].equals("help")) {
            for (Class<?> command : SUBCOMMANDS) {
                if (command.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(environment, out, err, List.of(command));
                }
            }
        }
        return commandLine(environment, out, err, SUBCOMMANDS);
    }

    private static CommandLine commandLine(Map<String, String> environment, PrintStream out, PrintStream err,
                                           List<Class<?>> subcommands) {
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
        for (Class<?> command : subcommands) {
            cli.addSubcommand(new CommandLine(command, factory));
        }
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        FailureReporter reporter = new FailureReporter();
        cli.setExecutionExceptionHandler(reporter);
        cli.setParameterExceptionHandler(reporter);
        footer(cli);
        CommandLine serve = cli.getSubcommands().get("serve");
        if (serve != null) {
            OptionVariables.install(serve, environment);
        }
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
        System.exit(commandLine(System.getenv(), System.out, System.err, args).execute(args));
    }
}
