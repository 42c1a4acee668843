package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.Span;
import dev.plinth.schema.resolve.SchemaNames;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What every validation rule reads and writes: the syntax tree, its names, the enabled preview
 * features, and the diagnostics reported so far.
 */
final class ValidationContext {

    private final SchemaAst ast;
    private final SchemaNames names;
    private final Set<String> previewFeatures;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    ValidationContext(SchemaAst ast, SchemaNames names, Set<String> previewFeatures) {
        this.ast = ast;
        this.names = names;
        this.previewFeatures = previewFeatures;
    }

    SchemaAst ast() {
        return ast;
    }

    SchemaNames names() {
        return names;
    }

    /** Returns the datasource provider as written, or empty text without a datasource. */
    String provider() {
        return names.provider().orElse("");
    }

    boolean isPostgres() {
        return provider().equals("postgresql") || provider().equals("postgres");
    }

    boolean isMysql() {
        return provider().equals("mysql");
    }

    boolean isSqlite() {
        return provider().equals("sqlite");
    }

    boolean previewFeature(String name) {
        return previewFeatures.contains(name);
    }

    void error(String message, Span span) {
        diagnostics.add(Diagnostic.error(message, span));
    }

    void warning(String message, Span span) {
        diagnostics.add(Diagnostic.warning(message, span));
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
