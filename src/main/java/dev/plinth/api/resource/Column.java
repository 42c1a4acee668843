package dev.plinth.api.resource;

import dev.plinth.api.value.ColumnCodec;
import dev.plinth.schema.model.Field;

/**
 * A served column of a resource.
 *
 * @param field    the schema field stored in it
 * @param name     the API name: the JSON key and filter name ({@link Field#apiName()}: the column name after
 *                 {@code @map}, or the field name under {@code api_names = "field"})
 * @param quoted   the name quoted for SQL
 * @param position the 0-based position in the resource's column list (and in every {@code SELECT})
 * @param codec    how its values travel
 * @param role     what the server maintains in it
 */
public record Column(Field field, String name, String quoted, int position, ColumnCodec codec, ColumnRole role) {

    /** Returns true when an insert without a value fails: required, no default, not maintained by the server. */
    public boolean requiredOnInsert() {
        return field.requiredOnInsert() && !role.serverManaged();
    }
}
