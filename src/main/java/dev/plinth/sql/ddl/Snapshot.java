package dev.plinth.sql.ddl;

import java.util.List;
import java.util.Optional;

/**
 * The structure of a database (its tables and enum types), either read from a live database by
 * introspection or projected from a Prisma schema for one dialect. Two snapshots can be compared
 * object by object; the migration planner diffs the live one against the projected one.
 *
 * @param tables the tables, in creation order for a projected snapshot and name order for an introspected one
 * @param enums  the enum types (PostgreSQL only; empty on SQLite)
 */
public record Snapshot(List<TableSnapshot> tables, List<EnumSnapshot> enums) {
    public Snapshot {
        tables = List.copyOf(tables);
        enums = List.copyOf(enums);
    }

    /**
     * Finds a table by name.
     *
     * @param name the table name, case-sensitive
     * @return the table, or empty
     */
    public Optional<TableSnapshot> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Finds an enum type by name.
     *
     * @param name the type name
     * @return the enum, or empty
     */
    public Optional<EnumSnapshot> enumType(String name) {
        return enums.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
