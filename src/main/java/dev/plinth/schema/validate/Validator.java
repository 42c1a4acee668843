package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.resolve.SchemaNames;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies Prisma's validation rules to a parsed schema and reports every finding at once.
 *
 * <p>Plays the part of Prisma's {@code psl-core} validations; the wording follows Prisma's where it
 * has one. Source: prisma-engines {@code psl/psl-core/src/validate/validation_pipeline/validations}.
 */
public final class Validator {

    private static final List<Rule> RULES = List.of(
            new DatasourceRules(), new GeneratorRules(), new NameRules(), new TypeRules(), new AttributeRules(),
            new NativeTypeRules(), new ModelRules(), new DefaultRules(), new AutoincrementRules(), new IndexRules(),
            new PostgresIndexRules(), new RelationRules(), new SchemaAttributeRules(), new ShardKeyRules(),
            new ViewRules(), new ConstraintNameRules(), new ReservedNameRules(), new PolicyRules(),
            new DataRuleRules(), new IdentifierRules(), new ConventionRules(), new NamingRules(), new LabelRules(),
            new CheckRules(), new BetweenRules(), new CompositeTypeRules(), new JsonPathIndexRules(),
            new NumberSettingRules(), new CascadeSettingRules(), new RenameMarkerRules());

    private Validator() {
    }

    /**
     * Validates a syntax tree.
     *
     * @param ast    the parsed schema
     * @param source the text it was parsed from (messages quote values as written)
     * @return the errors and warnings, in the order the rules found them
     */
    public static List<Diagnostic> validate(SchemaAst ast, String source) {
        ValidationContext context = new ValidationContext(ast, source, SchemaNames.of(ast), previewFeatures(ast));
        for (Rule rule : RULES) {
            rule.check(context);
        }
        return context.diagnostics();
    }

    private static Set<String> previewFeatures(SchemaAst ast) {
        Set<String> features = new HashSet<>();
        for (ConfigBlock block : ast.configBlocks()) {
            block.property("previewFeatures").ifPresent(p -> {
                if (p.value() instanceof Expression.ArrayValue array) {
                    array.elements().forEach(e -> {
                        if (e instanceof Expression.StringValue s) {
                            features.add(s.value());
                        }
                    });
                }
            });
        }
        return features;
    }
}
