package dev.plinth.sql.ddl;

import java.util.List;

/**
 * A PostgreSQL enum type ({@code CREATE TYPE "Role" AS ENUM (…)}). SQLite has none: enum columns are TEXT.
 *
 * @param name   the type name
 * @param values the labels, in sort order
 */
public record EnumSnapshot(String name, List<String> values) {
    public EnumSnapshot {
        values = List.copyOf(values);
    }
}
