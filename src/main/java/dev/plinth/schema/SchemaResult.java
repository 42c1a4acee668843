package dev.plinth.schema;

import dev.plinth.schema.model.Schema;

import java.util.List;
import java.util.Optional;

/**
 * What reading a schema file produced: the resolved schema when there were no errors, and every
 * diagnostic (errors and warnings) in source order.
 *
 * @param schema      the resolved schema, empty when any diagnostic is an error
 * @param diagnostics all diagnostics, warnings included
 * @param source      the text that was read (for rendering diagnostics with their source lines)
 */
public record SchemaResult(Optional<Schema> schema, List<Diagnostic> diagnostics, String source) {
    public SchemaResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** Returns true when the schema was rejected. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** Returns the errors only. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    /** Returns the warnings only (notes are not warnings). */
    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
    }

    /** Returns the notes only: spellings accepted as written, with today's spelling. */
    public List<Diagnostic> notes() {
        return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.NOTE).toList();
    }
}
