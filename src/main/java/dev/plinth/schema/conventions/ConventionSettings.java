package dev.plinth.schema.conventions;

import dev.plinth.schema.model.PlinthSettings;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.Optional;

/**
 * The schema-wide settings of the conventions, from {@code generator plinth { … }} (docs/schema.md,
 * "Conventions").
 *
 * @param anySpelling true when conventions are recognised in either spelling ({@code userId} or {@code user_id}):
 *                    {@code conventions = "any_spelling"}, {@code naming = "snake_case"} or {@code audit_fields = true}
 * @param auditFields true for {@code audit_fields = true}: models lacking audit fields get them
 * @param quickback   true for {@code audit_names = "quickback"}: the added fields are {@code modifiedAt}/{@code modifiedBy}
 * @param snakeCase   true for {@code naming = "snake_case"}: added fields are stored in snake_case columns
 * @param fieldApiNames true for {@code api_names = "field"}: the API names added fields by their field names
 */
public record ConventionSettings(boolean anySpelling, boolean auditFields, boolean quickback, boolean snakeCase,
                                 boolean fieldApiNames) {

    /** The {@code conventions} setting's name. */
    public static final String CONVENTIONS = "conventions";
    /** The value of {@code conventions} that recognises either spelling. */
    public static final String ANY_SPELLING = "any_spelling";
    /** The value of {@code conventions} that keeps today's rule (exact column names), the default. */
    public static final String EXACT = "exact";
    /** The {@code audit_fields} setting's name. */
    public static final String AUDIT_FIELDS = "audit_fields";
    /** The {@code audit_names} setting's name. */
    public static final String AUDIT_NAMES = "audit_names";

    /**
     * Reads the settings.
     *
     * @param settings the schema's {@code generator plinth} settings
     * @return the convention settings; all false without any
     */
    public static ConventionSettings of(PlinthSettings settings) {
        boolean snake = settings.text("naming").map(v -> v.equals("snake_case")).orElse(false);
        boolean audit = settings.flag(AUDIT_FIELDS);
        boolean any = settings.text(CONVENTIONS).map(v -> v.equals(ANY_SPELLING)).orElse(false) || snake || audit;
        return new ConventionSettings(any, audit, settings.text(AUDIT_NAMES).map(v -> v.equals("quickback")).orElse(false), snake,
                settings.text("api_names").map(v -> v.equals("field")).orElse(false));
    }

    /**
     * Reads {@link #anySpelling()} from a syntax tree, for the validator's stage (the same rule as {@link #of}).
     *
     * @param ast the parsed schema
     * @return true when the {@code generator plinth} block turns either spelling on
     */
    public static boolean anySpelling(SchemaAst ast) {
        return ast.configBlocks().stream()
                .filter(b -> b.kind() == ConfigBlock.Kind.GENERATOR && b.name().text().equals(PlinthSettings.GENERATOR))
                .findFirst()
                .map(b -> text(b, CONVENTIONS).map(ANY_SPELLING::equals).orElse(false)
                        || text(b, "naming").map("snake_case"::equals).orElse(false)
                        || text(b, AUDIT_FIELDS).map("true"::equals).orElse(false))
                .orElse(false);
    }

    private static Optional<String> text(ConfigBlock block, String name) {
        return block.property(name).map(ConfigBlock.ConfigProperty::value).flatMap(v -> switch (v) {
            case Expression.StringValue s -> Optional.of(s.value());
            case Expression.ConstantValue c -> Optional.of(c.text());
            default -> Optional.empty();
        });
    }
}
