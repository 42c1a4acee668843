package dev.plinth.schema.spelling;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.Span;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the passes of {@link SpecSpellings} share: the source, the notes and errors found, the edits that
 * write the schema in today's spelling, and the datasource (native types are prefixed by its name).
 */
final class SpellingContext {

    private final String source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final TextEdits edits;
    private final Optional<ConfigBlock> datasource;

    SpellingContext(SchemaAst ast, String source) {
        this.source = source;
        this.edits = new TextEdits(source);
        this.datasource = ast.configBlocks().stream().filter(b -> b.kind() == ConfigBlock.Kind.DATASOURCE).findFirst();
    }

    String source() {
        return source;
    }

    TextEdits edits() {
        return edits;
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Returns the text a span covers, as written. */
    String text(Span span) {
        return span.endOffset() <= source.length() && span.startOffset() <= span.endOffset()
                ? source.substring(span.startOffset(), span.endOffset()) : "";
    }

    /** Returns the prefix of native type attributes: the datasource's name, {@code db} without one. */
    String nativePrefix() {
        return datasource.map(d -> d.name().text()).orElse("db");
    }

    /** Returns true when the datasource is PostgreSQL (or there is none, so nothing tells otherwise). */
    boolean postgres() {
        return provider().map(p -> p.equals("postgresql") || p.equals("postgres")).orElse(true);
    }

    /** Returns the datasource's provider as written, when there is one. */
    Optional<String> provider() {
        return datasource.flatMap(d -> d.property("provider"))
                .map(p -> p.value() instanceof Expression.StringValue s ? s.value() : "");
    }

    void note(String message, Span span) {
        diagnostics.add(Diagnostic.note(message, span));
    }

    void error(String message, Span span) {
        diagnostics.add(Diagnostic.error(message, span));
    }
}
