package dev.plinth.schema.policy;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compiled access policies of a schema, by model name: the side table beside the resolved
 * {@code Schema} (docs/access-rules.md). Models without access attributes have no entry and keep the
 * conventions of {@code plinth serve}.
 *
 * @param models the policies by model name
 */
public record SchemaPolicy(Map<String, ModelPolicy> models) {

    /** A schema without access attributes. */
    public static final SchemaPolicy NONE = new SchemaPolicy(Map.of());

    public SchemaPolicy {
        models = Map.copyOf(models);
    }

    /**
     * Returns a model's policy.
     *
     * @param model the model's name
     * @return its policy, or empty when it has no access attributes
     */
    public Optional<ModelPolicy> model(String model) {
        return Optional.ofNullable(models.get(model));
    }

    /**
     * Compiles the policies of a loaded schema from its source text.
     *
     * @param result a result without errors (validation has already checked every rule)
     * @return the policies
     * @throws IllegalArgumentException when the result has errors
     */
    public static SchemaPolicy of(SchemaResult result) {
        if (result.hasErrors()) {
            throw new IllegalArgumentException("the schema has errors");
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        SchemaAst ast = dev.plinth.schema.spelling.SpecSpellings.read("schema.prisma", result.source(), diagnostics);
        return PolicyCompiler.compile(ast, result.source(), diagnostics);
    }
}
