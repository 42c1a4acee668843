package dev.plinth.schema.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which field of a model plays each convention, and how it was chosen (docs/schema.md, "Conventions").
 * Consumers still check that the field can play the role (a required {@code deleted_at} is an
 * ordinary column); this record only names candidates.
 *
 * @param bindings          the field of each convention
 * @param organizationClaim the token claim {@code @@tenant(…, claim: "…")} compares the organization field with;
 *                          empty for the server's default claim
 * @param openRead          true for {@code @@openRead}: reads are not owner-scoped, writes still are
 */
public record ModelConventions(Map<Convention, Binding> bindings, Optional<String> organizationClaim, boolean openRead) {

    /**
     * The field of one convention.
     *
     * @param field  the field's schema name
     * @param source how it was chosen, for {@code plinth serve}'s summary: {@code "name"}, {@code "@@owner"}, …
     */
    public record Binding(String field, String source) {
    }

    public ModelConventions {
        bindings = bindings.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(bindings));
    }

    /**
     * The conventions of a schema without settings: a column named exactly {@code user_id},
     * {@code created_at}, … plays its role (the first such field of each name).
     *
     * @param fields the model's fields
     * @return the bindings by exact column name
     */
    public static ModelConventions byColumnNames(List<Field> fields) {
        Map<Convention, Binding> out = new EnumMap<>(Convention.class);
        for (Field f : fields) {
            if (f.isColumn()) {
                Convention.byColumn(f.columnName()).ifPresent(c -> out.putIfAbsent(c, new Binding(f.name(), "name")));
            }
        }
        return new ModelConventions(out, Optional.empty(), false);
    }

    /**
     * Returns the field playing a convention.
     *
     * @param convention the convention
     * @return the field's schema name, or empty
     */
    public Optional<String> field(Convention convention) {
        return Optional.ofNullable(bindings.get(convention)).map(Binding::field);
    }

    /**
     * Returns the convention a field plays.
     *
     * @param fieldName a field's schema name
     * @return the convention, or empty
     */
    public Optional<Convention> of(String fieldName) {
        for (Map.Entry<Convention, Binding> e : bindings.entrySet()) {
            if (e.getValue().field().equals(fieldName)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }
}
