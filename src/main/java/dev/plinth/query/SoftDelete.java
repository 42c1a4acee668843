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
     * @return the served, nullable, single-valued {@code deleted_at} column, or empty when the model has none
     */
    public static Optional<Field> column(Model model) {
        return model.fieldByColumn(COLUMN)
                .filter(f -> f.optional() && !f.list() && ColumnKind.of(f).isPresent());
    }
}
