package dev.plinth.introspect;

import dev.plinth.sql.ddl.ColumnSnapshot;

import java.util.List;

/**
 * A view of the database: its name, its definition as the database prints it, and its columns.
 *
 * @param name       the view name
 * @param definition the {@code SELECT} (PostgreSQL's {@code pg_get_viewdef}) or the whole
 *                   {@code CREATE VIEW} statement (SQLite's {@code sqlite_master.sql})
 * @param columns    the view's columns with their types as the catalog reports them; a SQLite column of an
 *                   expression may have an empty type; nullability is as reported (PostgreSQL reports every
 *                   view column nullable)
 * @param materialized true for a PostgreSQL materialized view
 */
public record ViewSnapshot(String name, String definition, List<ColumnSnapshot> columns, boolean materialized) {
    public ViewSnapshot {
        columns = List.copyOf(columns);
    }
}
