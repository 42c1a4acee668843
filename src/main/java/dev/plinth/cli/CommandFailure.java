package dev.plinth.cli;

/**
 * A failure the user can fix, reported as one line: what (a file, a URL, a port), what is wrong and
 * what to do, e.g. {@code missing.prisma: no such file; give the path of a schema.prisma file}.
 * {@link FailureReporter} prints the line, with the cause's stack trace only under {@code --verbose}.
 */
public final class CommandFailure extends RuntimeException {

    /**
     * @param message the one-line report, without the {@code plinth COMMAND:} prefix
     */
    public CommandFailure(String message) {
        super(message);
    }

    /**
     * @param message the one-line report, without the {@code plinth COMMAND:} prefix
     * @param cause   what went wrong underneath, shown with {@code --verbose}
     */
    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
