package dev.plinth.sql.ddl;

import java.util.List;
import java.util.Optional;

/**
 * An index of a table; unique indexes are how Prisma (and Plinth) create unique constraints on both
 * SQLite and PostgreSQL ({@code CREATE UNIQUE INDEX "User_email_key"}).
 *
 * @param name    the index name
 * @param columns the indexed columns, in order
 * @param unique  true for a unique index
 * @param method  the PostgreSQL access method when not the default B-tree ({@code HASH}, {@code GIN},
 *                {@code GIST}, {@code BRIN}, {@code SPGIST}); empty for B-tree and always on SQLite
 */
public record IndexSnapshot(String name, List<IndexColumn> columns, boolean unique, Optional<String> method) {
    public IndexSnapshot {
        columns = List.copyOf(columns);
    }

    /** Returns the indexed column names, in order. */
    public List<String> columnNames() {
        return columns.stream().map(IndexColumn::name).toList();
    }
}
