package dev.plinth.query;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import java.util.Optional;

/**
 * The soft-delete convention (docs/api.md, "Column conventions"): a nullable column named {@code deleted_at} (after {@code @map})
 * marks a deleted row when it is not NULL; such rows are hidden from reads unless {@code with_deleted=true}.
 */
public final class SoftDelete {

    /** The column name that turns on soft deletes. */
    public static final String COLUMN = "deleted_at";

    private SoftDelete() {
    }

    /**
     * Finds the soft-delete column of a model.
     *
     * @param model a resolved model
     * @return the served, nullable, single-valued soft-delete column ({@code deleted_at}, or the field the model's
     *         conventions name: {@code deletedAt}, {@code @@softDelete(field)}), or empty when the model has none
     */
    public static Optional<Field> column(Model model) {
        return model.conventions().field(dev.plinth.schema.model.Convention.DELETED_AT).flatMap(model::field)
                .filter(f -> f.isColumn())
                .filter(f -> f.optional() && !f.list() && ColumnKind.of(f).isPresent());
    }
}
