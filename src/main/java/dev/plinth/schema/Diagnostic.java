package dev.plinth.schema;

import dev.plinth.schema.model.Span;

/**
 * One finding about a schema: an error (the schema is rejected) or a warning (it is accepted).
 *
 * @param severity error or warning
 * @param message  what is wrong and, where it helps, what to do, in Prisma's wording where Prisma has one
 * @param span     where it is
 */
public record Diagnostic(Severity severity, String message, Span span) {

    /** How serious a diagnostic is. */
    public enum Severity {
        ERROR,
        WARNING
    }

    /** Creates an error diagnostic. */
    public static Diagnostic error(String message, Span span) {
        return new Diagnostic(Severity.ERROR, message, span);
    }

    /** Creates a warning diagnostic. */
    public static Diagnostic warning(String message, Span span) {
        return new Diagnostic(Severity.WARNING, message, span);
    }

    /** Returns true for an error. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
