package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.Span;
import dev.plinth.schema.resolve.SchemaNames;
import dev.plinth.schema.syntax.Expression;
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
    private final String source;
    private final SchemaNames names;
    private final Set<String> previewFeatures;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    ValidationContext(SchemaAst ast, String source, SchemaNames names, Set<String> previewFeatures) {
        this.ast = ast;
        this.source = source;
        this.names = names;
        this.previewFeatures = previewFeatures;
    }

    /** Returns an expression as written in the source, for messages such as "received string value `"x"`". */
    String raw(Expression expression) {
        Span span = expression.span();
        if (span.endOffset() <= source.length() && span.startOffset() <= span.endOffset()) {
            return source.substring(span.startOffset(), span.endOffset());
        }
        return expression.describe();
    }

    /** Reports {@code Expected a {expected} value, but received {kind} value `{raw}`.} in Prisma's words. */
    void unexpectedValue(String expected, Expression received) {
        String kind = switch (received) {
            case Expression.StringValue s -> "string";
            case Expression.NumberValue n -> "numeric";
            case Expression.ConstantValue c -> "constant";
            case Expression.FunctionCall f -> "functional";
            case Expression.ArrayValue a -> "array";
        };
        error("Expected a " + expected + " value, but received " + kind + " value `" + raw(received) + "`.", received.span());
    }

    /** Returns true when {@code relationMode = "prisma"} (or the deprecated {@code referentialIntegrity}) is set. */
    boolean relationModePrisma() {
        return names.datasource().map(d -> d.property("relationMode").or(() -> d.property("referentialIntegrity"))
                .map(p -> p.value() instanceof Expression.StringValue s && s.value().equals("prisma"))
                .orElse(false)).orElse(false);
    }

    /** Returns the source text of the schema. */
    String source() {
        return source;
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

    void note(String message, Span span) {
        diagnostics.add(Diagnostic.note(message, span));
    }

    void warning(String message, Span span) {
        diagnostics.add(Diagnostic.warning(message, span));
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
