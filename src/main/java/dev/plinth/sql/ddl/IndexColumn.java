package dev.plinth.sql.ddl;

import java.util.Optional;

/**
 * One column of an index.
 *
 * @param name          the column name
 * @param descending    true for {@code DESC}
 * @param operatorClass the PostgreSQL operator class when it is not the default one for the column's
 *                      type and the index method (a default class is left out on both sides, so a
 *                      schema that names it and a database that reports nothing compare equal)
 * @param jsonPath      for an expression index on a path inside the Json column {@code name}
 *                      ({@code @@index([meta.plan])}), the dotted keys ({@code plan}); see
 *                      {@link dev.plinth.sql.JsonPathIndex}
 */
public record IndexColumn(String name, boolean descending, Optional<String> operatorClass, Optional<String> jsonPath) {

    /** A whole column. */
    public IndexColumn(String name, boolean descending, Optional<String> operatorClass) {
        this(name, descending, operatorClass, Optional.empty());
    }

    /** A column with the default operator class. */
    public IndexColumn(String name, boolean descending) {
        this(name, descending, Optional.empty());
    }
}
