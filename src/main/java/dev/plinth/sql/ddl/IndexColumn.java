package dev.plinth.sql.ddl;

/**
 * One column of an index.
 *
 * @param name       the column name
 * @param descending true for {@code DESC}
 */
public record IndexColumn(String name, boolean descending) {
}
