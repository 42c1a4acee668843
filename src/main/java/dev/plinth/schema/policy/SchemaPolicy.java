package dev.plinth.schema.policy;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.rules.DataRules;
import dev.plinth.schema.rules.DataRulesCompiler;
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
 * <p>It also carries the schema's data rules (validators, transforms, {@code @@validate}; docs/schema.md,
 * "Validators and model rules"), so that they reach every write path the access policies reach.
 *
 * @param models the policies by model name
 * @param data   the compiled data rules ({@link DataRules#NONE} without any)
 */
public record SchemaPolicy(Map<String, ModelPolicy> models, DataRules data) {

    /** A schema without access attributes. */
    public static final SchemaPolicy NONE = new SchemaPolicy(Map.of());

    public SchemaPolicy {
        models = Map.copyOf(models);
        data = data == null ? DataRules.NONE : data;
    }

    /**
     * Access policies without data rules.
     *
     * @param models the policies by model name
     */
    public SchemaPolicy(Map<String, ModelPolicy> models) {
        this(models, DataRules.NONE);
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
        SchemaPolicy access = PolicyCompiler.compile(ast, result.source(), diagnostics);
        return new SchemaPolicy(access.models(), DataRulesCompiler.compile(ast, result.source(), diagnostics));
    }
}
