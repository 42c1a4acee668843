package dev.plinth.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * Turns whatever a command throws, and every command-line mistake, into one line on standard error
 * ({@code plinth serve: missing.prisma: no such file; …}) and an exit code: 1 for a failure, 2 for
 * wrong usage. The stack trace is printed only under {@code --verbose}.
 */
final class FailureReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** The exit code of a command that failed. */
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        boolean verbose = verbose(parseResult);
        String message = e instanceof CommandFailure ? e.getMessage()
                : "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()
                + (verbose ? "" : " (run again with --verbose for the stack trace)");
        err.println(prefix(command) + message);
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String help = command.getCommandSpec().qualifiedName(" ").replaceFirst("^plinth", "plinth help").strip();
        String suggestion = e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()
                ? " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)" : "";
        String variable = command.getDefaultValueProvider() instanceof OptionVariables v && e.getArgSpec() != null
                ? v.source(e.getArgSpec(), args) : "";
        err.println(prefix(command) + e.getMessage() + variable + suggestion + "; see '" + (command.getParent() == null ? "plinth --help" : help) + "'");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static String prefix(CommandLine command) {
        return command.getCommandSpec().qualifiedName(" ") + ": ";
    }

    /** Whether {@code --verbose} was given to the command or to any command above it. */
    private static boolean verbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(PlinthCommand.VERBOSE)) {
                return true;
            }
        }
        return false;
    }
}
