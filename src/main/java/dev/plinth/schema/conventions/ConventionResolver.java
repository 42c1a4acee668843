package dev.plinth.schema.conventions;

import dev.plinth.schema.model.Convention;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.ModelConventions;
import dev.plinth.schema.model.PlinthSettings;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which field plays each convention of every model, after the schema is resolved and before
 * anything serves or migrates it (docs/schema.md, "Conventions"). The order: the attributes that name a
 * field ({@code @@owner}, {@code @@softDelete}, {@code @@tenant}) win; then names, exact
 * ({@code user_id}) or, with {@link ConventionSettings#anySpelling()}, in either spelling; groups switched
 * off by {@code @@conventions} are skipped. With {@code audit_fields = true} the missing audit fields
 * are then added ({@link AuditFields}).
 */
public final class ConventionResolver {

    private ConventionResolver() {
    }

    /**
     * Resolves the conventions of a schema.
     *
     * @param schema the resolved schema (its models carry exact-name conventions)
     * @param ast    the syntax tree it was resolved from (for the attributes)
     * @return the schema with each model's conventions decided, and audit fields added when asked
     */
    public static Schema apply(Schema schema, SchemaAst ast) {
        ConventionSettings settings = ConventionSettings.of(PlinthSettings.of(schema));
        boolean attributes = ast.modelBlocks().stream()
                .anyMatch(b -> b.attributes().stream().anyMatch(a -> ConventionAttributes.NAMES.contains(a.name())));
        if (!settings.anySpelling() && !attributes) {
            return schema; // today's rule, untouched
        }
        List<Model> models = new ArrayList<>();
        for (Model model : schema.models()) {
            ConventionAttributes attrs = ast.modelBlocks().stream().filter(b -> b.name().text().equals(model.name()))
                    .findFirst().map(ConventionAttributes::of)
                    .orElse(new ConventionAttributes(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), java.util.Set.of(), false));
            Model resolved = model.withConventions(conventions(model, attrs, settings));
            if (settings.auditFields() && !model.view() && !model.ignored()) {
                resolved = AuditFields.add(resolved, attrs, settings, exactNaming(ast, model.name()));
            }
            models.add(resolved);
        }
        return new Schema(schema.datasource(), schema.generators(), models, schema.enums(), schema.joinTables(), schema.types());
    }

    /**
     * Decides one model's conventions.
     *
     * @param model    the model
     * @param attrs    its convention attributes
     * @param settings the schema's settings
     * @return the conventions
     */
    static ModelConventions conventions(Model model, ConventionAttributes attrs, ConventionSettings settings) {
        Map<Convention, ModelConventions.Binding> out = new EnumMap<>(Convention.class);
        attrs.owner().ifPresent(f -> out.put(Convention.OWNER, new ModelConventions.Binding(f, "@@owner")));
        attrs.softDelete().ifPresent(f -> out.put(Convention.DELETED_AT, new ModelConventions.Binding(f, "@@softDelete")));
        attrs.tenant().ifPresent(f -> out.put(Convention.ORGANIZATION, new ModelConventions.Binding(f, "@@tenant")));
        for (Field f : model.columnFields()) {
            if (out.values().stream().anyMatch(b -> b.field().equals(f.name()))) {
                continue; // named by an attribute for another role
            }
            Optional<Convention> c = settings.anySpelling()
                    ? Convention.bySpelling(f.name()).or(() -> Convention.bySpelling(f.columnName()))
                    : Convention.byColumn(f.columnName());
            if (c.isPresent() && !attrs.disabled().contains(c.get().group())) {
                out.putIfAbsent(c.get(), new ModelConventions.Binding(f.name(), "name"));
            }
        }
        return new ModelConventions(out, attrs.claim(), attrs.openRead());
    }

    /** True when the model opts out of the schema's naming with {@code @@naming("exact")}. */
    private static boolean exactNaming(SchemaAst ast, String model) {
        return ast.modelBlocks().stream().filter(b -> b.name().text().equals(model)).findFirst()
                .flatMap(b -> b.attribute("naming"))
                .flatMap(a -> dev.plinth.schema.resolve.ArgumentValues.string(a, "naming"))
                .map(v -> v.equals("exact")).orElse(false);
    }
}
