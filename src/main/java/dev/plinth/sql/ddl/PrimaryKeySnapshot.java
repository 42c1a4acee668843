package dev.plinth.sql.ddl;

import java.util.List;
import java.util.Optional;

/**
 * A table's primary key.
 *
 * @param name    the constraint name ({@code User_pkey}); empty on SQLite, whose primary keys are unnamed
 *                in Prisma's DDL
 * @param columns the key columns, in key order
 */
public record PrimaryKeySnapshot(Optional<String> name, List<String> columns) {
    public PrimaryKeySnapshot {
        columns = List.copyOf(columns);
    }
}
