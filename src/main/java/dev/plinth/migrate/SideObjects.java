package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The objects a down script restores from their saved SQL rather than through the planner: on SQLite, triggers
 * and virtual tables (Plinth's FTS5 full-text tables and their sync triggers, docs/search-and-relations.md), read
 * from {@code sqlite_master} (https://www.sqlite.org/schematab.html); on PostgreSQL, expression indexes (Plinth's
 * GIN full-text and JSON-path indexes), read with {@code pg_get_indexdef}
 * (https://www.postgresql.org/docs/current/functions-info.html), which the planner cannot re-create from a
 * snapshot. A down script drops those the migration created and re-creates those it dropped; an FTS5 table with
 * external content is then re-indexed with its {@code 'rebuild'} command
 * (https://www.sqlite.org/fts5.html#the_rebuild_command).
 *
 * @param objects the objects by name: their type ({@code trigger}, {@code table} or {@code index}) and SQL
 */
record SideObjects(Map<String, SideObject> objects) {

    /**
     * A trigger, a virtual table or an expression index.
     *
     * @param type {@code trigger}, {@code table} or {@code index}
     * @param name its name
     * @param sql  the statements that create it: {@code CREATE …}, and for a PostgreSQL index with a comment (how
     *             Plinth marks its full-text indexes) the {@code COMMENT ON INDEX}
     */
    record SideObject(String type, String name, List<String> sql) {
        SideObject {
            sql = List.copyOf(sql);
        }
    }

    /**
     * Reads them.
     *
     * @param connection an open connection
     * @param kind       the database
     * @return the triggers and virtual tables (SQLite), the expression indexes of the current schema (PostgreSQL)
     * @throws SQLException when the catalog cannot be read
     */
    static SideObjects read(Connection connection, DatabaseKind kind) throws SQLException {
        Map<String, SideObject> objects = new TreeMap<>();
        if (kind == DatabaseKind.SQLITE) {
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT type, name, sql FROM sqlite_master"
                    + " WHERE sql IS NOT NULL AND (type = 'trigger' OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'))")) {
                while (r.next()) {
                    objects.put(r.getString(2), new SideObject(r.getString(1), r.getString(2), List.of(r.getString(3))));
                }
            }
            return new SideObjects(objects);
        }
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
                "SELECT i.relname, pg_get_indexdef(ix.indexrelid), current_schema(), obj_description(i.oid, 'pg_class') FROM pg_index ix"
                        + " JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace"
                        + " WHERE n.nspname = current_schema() AND ix.indexprs IS NOT NULL")) {
            while (r.next()) {
                // pg_get_indexdef names the table with its schema; the script runs in whichever schema the URL selects
                String schema = r.getString(3);
                String definition = r.getString(2).replace(" ON " + schema + ".", " ON ")
                        .replace(" ON \"" + schema.replace("\"", "\"\"") + "\".", " ON ");
                String quoted = "\"" + r.getString(1).replace("\"", "\"\"") + "\"";
                List<String> sql = r.getString(4) == null ? List.of(definition)
                        : List.of(definition, "COMMENT ON INDEX " + quoted + " IS '" + r.getString(4).replace("'", "''") + "'");
                objects.put(r.getString(1), new SideObject("index", r.getString(1), sql));
            }
        }
        return new SideObjects(objects);
    }

    /**
     * Returns the names of the objects that are indexes (left out of the snapshots the planner diffs).
     *
     * @return the index names
     */
    Set<String> indexNames() {
        Set<String> names = new HashSet<>();
        objects.values().stream().filter(o -> o.type().equals("index")).forEach(o -> names.add(o.name()));
        return names;
    }

    /**
     * Returns the statements that drop what {@code later} has and this does not (or has otherwise), run before the
     * down script's table changes.
     *
     * @param later the objects after the migration
     * @return {@code DROP TRIGGER}/{@code DROP INDEX} statements, then {@code DROP TABLE} ones
     */
    List<String> dropsToReturnFrom(SideObjects later) {
        List<String> first = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (SideObject o : later.objects.values()) {
            if (!o.equals(objects.get(o.name()))) {
                (o.type().equals("table") ? tables : first).add("DROP " + o.type().toUpperCase(Locale.ROOT)
                        + " IF EXISTS \"" + o.name().replace("\"", "\"\"") + "\"");
            }
        }
        first.addAll(tables);
        return first;
    }

    /**
     * Returns the statements that create again what this has and {@code later} does not (or has otherwise), run
     * after the down script's table changes: virtual tables first (re-indexed), then triggers and indexes.
     *
     * @param later the objects after the migration
     * @return the statements
     */
    List<String> createsToReturnFrom(SideObjects later) {
        List<String> tables = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (SideObject o : objects.values()) {
            if (o.equals(later.objects.get(o.name()))) {
                continue;
            }
            if (!o.type().equals("table")) {
                rest.addAll(o.sql());
                continue;
            }
            tables.addAll(o.sql());
            if (o.sql().get(0).matches("(?is).*\\bcontent\\s*=.*")) {
                String quoted = "\"" + o.name().replace("\"", "\"\"") + "\"";
                tables.add("INSERT INTO " + quoted + "(" + quoted + ") VALUES ('rebuild')");
            }
        }
        tables.addAll(rest);
        return tables;
    }

    /**
     * Names the objects that differ.
     *
     * @param actual the objects found
     * @return one line per object missing, extra or different in {@code actual}
     */
    List<String> differencesFrom(SideObjects actual) {
        List<String> out = new ArrayList<>();
        objects.forEach((name, o) -> {
            Optional<SideObject> a = Optional.ofNullable(actual.objects.get(name));
            if (a.isEmpty()) {
                out.add(o.type() + " \"" + name + "\" is not restored");
            } else if (!a.get().equals(o)) {
                out.add(o.type() + " \"" + name + "\" is restored differently");
            }
        });
        actual.objects.keySet().stream().filter(n -> !objects.containsKey(n))
                .forEach(n -> out.add(actual.objects.get(n).type() + " \"" + n + "\" is left behind"));
        return out;
    }
}
