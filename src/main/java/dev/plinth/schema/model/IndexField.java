package dev.plinth.schema.model;

import java.util.Optional;

/**
 * A field inside a primary key, unique constraint or index, with its options.
 *
 * @param fieldName     the field name in the schema
 * @param columnName    the column name in the database
 * @param sort          {@code sort: Asc|Desc}, when given
 * @param length        {@code length: n} (MySQL prefix length), when given
 * @param operatorClass {@code ops: …} (PostgreSQL operator class), when given
 * @param jsonPath      for {@code @@index([meta.plan])}, the dotted keys inside the Json field ({@code plan})
 */
public record IndexField(String fieldName, String columnName, Optional<SortOrder> sort, Optional<Integer> length,
                         Optional<IndexOperatorClass> operatorClass, Optional<String> jsonPath) {

    /** A whole field. */
    public IndexField(String fieldName, String columnName, Optional<SortOrder> sort, Optional<Integer> length,
                      Optional<IndexOperatorClass> operatorClass) {
        this(fieldName, columnName, sort, length, operatorClass, Optional.empty());
    }

    /** A field without an operator class. */
    public IndexField(String fieldName, String columnName, Optional<SortOrder> sort, Optional<Integer> length) {
        this(fieldName, columnName, sort, length, Optional.empty());
    }
}
