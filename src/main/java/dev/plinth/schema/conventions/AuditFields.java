package dev.plinth.schema.conventions;

import dev.plinth.schema.model.Convention;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.ModelConventions;
import dev.plinth.schema.model.ScalarType;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds the audit fields {@code audit_fields = true} asks for to a model that lacks them (docs/schema.md,
 * "Audit fields"): {@code createdAt}, {@code createdBy}, {@code updatedAt}, {@code updatedBy}, and
 * {@code deletedBy} on soft-delete models; Quickback's {@code modifiedAt}/{@code modifiedBy} with
 * {@code audit_names = "quickback"} (Quickback's protected system fields). They are ordinary fields of
 * the resolved schema from here on, so migrations add their columns and the API and OpenAPI see them;
 * their conventions make them server-maintained.
 */
final class AuditFields {

    private AuditFields() {
    }

    /**
     * Adds the missing audit fields of one model.
     *
     * @param model       the model with its conventions decided
     * @param attrs       its convention attributes (a group switched off adds nothing)
     * @param settings    the schema's settings
     * @param exactNaming true when the model keeps its field names as column names under {@code naming = "snake_case"}
     * @return the model with the fields appended and bound
     */
    static Model add(Model model, ConventionAttributes attrs, ConventionSettings settings, boolean exactNaming) {
        ModelConventions conventions = model.conventions();
        Map<Convention, ModelConventions.Binding> bindings = new EnumMap<>(Convention.class);
        bindings.putAll(conventions.bindings());
        List<Field> added = new ArrayList<>();
        List<Convention> wanted = new ArrayList<>(List.of(Convention.CREATED_AT, Convention.CREATED_BY,
                Convention.UPDATED_AT, Convention.UPDATED_BY));
        if (bindings.containsKey(Convention.DELETED_AT)) {
            wanted.add(Convention.DELETED_BY);
        }
        for (Convention c : wanted) {
            if (bindings.containsKey(c) || attrs.disabled().contains(c.group()) || playedByAttribute(model, c)) {
                continue;
            }
            String name = name(c, settings.quickback());
            String column = settings.snakeCase() && !exactNaming ? snake(name) : name;
            boolean taken = model.fields().stream().anyMatch(f -> f.name().equals(name) || f.isColumn() && f.columnName().equals(column));
            if (taken) {
                continue; // a field of that name that plays no role: the validator warns about it
            }
            Field f = field(c, name, column, settings.fieldApiNames() ? name : column, model);
            added.add(f);
            bindings.put(c, new ModelConventions.Binding(name, "audit_fields"));
        }
        if (added.isEmpty()) {
            return model;
        }
        return model.withFields(added, new ModelConventions(bindings, conventions.organizationClaim(), conventions.openRead()));
    }

    /** A {@code @default(now())} or {@code @updatedAt} DateTime already keeps the time (the catalog gives it the role). */
    private static boolean playedByAttribute(Model model, Convention c) {
        return model.columnFields().stream().filter(f -> f.scalarType().filter(t -> t == ScalarType.DATETIME).isPresent() && !f.list())
                .anyMatch(f -> c == Convention.UPDATED_AT ? f.updatedAt()
                        : c == Convention.CREATED_AT && !f.id() && !f.updatedAt()
                        && f.defaultValue().filter(d -> d instanceof DefaultValue.Now).isPresent());
    }

    private static String name(Convention c, boolean quickback) {
        return switch (c) {
            case CREATED_AT -> "createdAt";
            case CREATED_BY -> "createdBy";
            case UPDATED_AT -> quickback ? "modifiedAt" : "updatedAt";
            case UPDATED_BY -> quickback ? "modifiedBy" : "updatedBy";
            case DELETED_BY -> "deletedBy";
            default -> throw new IllegalArgumentException(c + " is not an added audit field");
        };
    }

    /** {@code createdAt} → {@code created_at}: the names here are plain camelCase words. */
    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The field: timestamps are required with {@code @default(now())} (so existing rows get a value when
     * the column is added), {@code updatedAt} also {@code @updatedAt}; the callers are optional Strings
     * (existing rows and anonymous writes have none).
     */
    private static Field field(Convention c, String name, String column, String apiName, Model model) {
        boolean time = c == Convention.CREATED_AT || c == Convention.UPDATED_AT;
        FieldType type = new FieldType.Scalar(time ? ScalarType.DATETIME : ScalarType.STRING);
        Optional<DefaultValue> def = time ? Optional.of(new DefaultValue.Now()) : Optional.empty();
        return new Field(name, column, type, !time, false, def, false, false, c == Convention.UPDATED_AT, false,
                Optional.empty(), Optional.empty(), Optional.of("Maintained by Plinth (audit_fields)."), model.span(),
                !column.equals(name), apiName);
    }
}
