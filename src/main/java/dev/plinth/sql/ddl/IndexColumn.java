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
 */
public record IndexColumn(String name, boolean descending, Optional<String> operatorClass) {

    /** A column with the default operator class. */
    public IndexColumn(String name, boolean descending) {
        this(name, descending, Optional.empty());
    }
}
