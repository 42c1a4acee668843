package dev.plinth.api.record;

import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.ScalarType;

import java.util.UUID;

/**
 * Values and names for the join table of an implicit many-to-many relation, whose columns {@code A}
 * and {@code B} have the type of the ids they reference (Prisma's convention).
 */
final class JoinKeys {

    private JoinKeys() {
    }

    /**
     * The JDBC value of an id given as text (as the API writes it in JSON, or as a path segment).
     *
     * @param id   the referenced id field
     * @param text the value
     * @return an Integer, Long, UUID (for {@code @db.Uuid}) or String
     * @throws NumberFormatException  for a malformed number
     * @throws IllegalArgumentException for a malformed UUID
     */
    static Object bind(Field id, String text) {
        if (id.type() instanceof FieldType.Scalar s) {
            if (s.scalar() == ScalarType.INT) {
                return Integer.parseInt(text);
            }
            if (s.scalar() == ScalarType.BIGINT) {
                return Long.parseLong(text);
            }
        }
        if (id.nativeType().map(n -> n.name().equalsIgnoreCase("Uuid")).orElse(false)) {
            return UUID.fromString(text);
        }
        return text;
    }

    /**
     * The join table's name quoted for SQL, in the schema of the model's table when it has one.
     *
     * @param tableName the join table
     * @param model     a model of the relation
     */
    static String table(String tableName, Model model) {
        return model.databaseSchema().map(s -> ResourceCatalog.quote(s) + ".").orElse("") + ResourceCatalog.quote(tableName);
    }
}
