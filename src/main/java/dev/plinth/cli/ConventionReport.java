package dev.plinth.cli;

import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.ColumnRole;
import dev.plinth.api.resource.Resource;
import dev.plinth.schema.model.Convention;
import dev.plinth.schema.model.ModelConventions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The lines {@code plinth serve} prints about conventions: per served model, which conventions apply and
 * from which field, and why that field (its name, an attribute, {@code audit_fields}); so a convention
 * that did not apply is visible by its absence (docs/schema.md, "Conventions").
 */
final class ConventionReport {

    private ConventionReport() {
    }

    /**
     * Describes the conventions of the served resources.
     *
     * @param resources the served resources
     * @return one line per resource that has any, e.g. {@code tasks: owner userId (name), soft delete deletedAt (@@softDelete)}
     */
    static List<String> lines(List<Resource> resources) {
        List<String> out = new ArrayList<>();
        for (Resource r : resources) {
            List<String> parts = new ArrayList<>();
            ModelConventions conventions = r.model().conventions();
            for (Column c : r.columns()) {
                if (c.role() != ColumnRole.PLAIN) {
                    parts.add(label(c.role()) + " " + c.field().name() + " (" + source(conventions, c) + ")");
                }
            }
            if (r.owner().isEmpty()) {
                tenant(r, Convention.ORGANIZATION, "organization", parts);
                tenant(r, Convention.TEAM, "team", parts);
            }
            if (r.owner().isPresent() && conventions.openRead()) {
                parts.add("open reading (@@openRead)");
            }
            if (!parts.isEmpty()) {
                out.add(r.name() + ": " + String.join(", ", parts));
            }
        }
        return out;
    }

    private static void tenant(Resource r, Convention convention, String label, List<String> parts) {
        ModelConventions conventions = r.model().conventions();
        Optional<Column> col = conventions.field(convention).flatMap(r.model()::field)
                .flatMap(f -> r.stored(f.columnName()))
                .filter(c -> c.role() == ColumnRole.PLAIN && !r.key().contains(c));
        col.ifPresent(c -> parts.add(label + " " + c.field().name() + " ("
                + conventions.bindings().get(convention).source()
                + (convention == Convention.ORGANIZATION ? conventions.organizationClaim().map(k -> ", claim " + k).orElse("") : "")
                + ")"));
    }

    private static String label(ColumnRole role) {
        return switch (role) {
            case OWNER -> "owner";
            case DELETED_AT -> "soft delete";
            default -> role.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    private static String source(ModelConventions conventions, Column c) {
        Optional<ModelConventions.Binding> bound = conventions.bindings().values().stream()
                .filter(b -> b.field().equals(c.field().name())).findFirst();
        if (bound.isPresent()) {
            return bound.get().source();
        }
        return c.field().updatedAt() ? "@updatedAt" : "@default(now())";
    }
}
