package dev.plinth.schema;

import dev.plinth.schema.model.Span;

/**
 * One finding about a schema: an error (the schema is rejected), a warning (it is accepted), or a note (it is
 * accepted as written; the note says how today's Prisma spells it, docs/schema.md, "The data-model spec's spellings").
 *
 * @param severity error or warning
 * @param message  what is wrong and, where it helps, what to do, in Prisma's wording where Prisma has one
 * @param span     where it is
 */
public record Diagnostic(Severity severity, String message, Span span) {

    /** How serious a diagnostic is. */
    public enum Severity {
        ERROR,
        WARNING,
        NOTE;

        /** Returns the word printed before the message: {@code error}, {@code warning} or {@code note}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Creates an error diagnostic. */
    public static Diagnostic error(String message, Span span) {
        return new Diagnostic(Severity.ERROR, message, span);
    }

    /** Creates a warning diagnostic. */
    public static Diagnostic warning(String message, Span span) {
        return new Diagnostic(Severity.WARNING, message, span);
    }

    /** Creates a note: the schema is accepted as written, the message tells today's spelling. */
    public static Diagnostic note(String message, Span span) {
        return new Diagnostic(Severity.NOTE, message, span);
    }

    /** Returns true for an error. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
