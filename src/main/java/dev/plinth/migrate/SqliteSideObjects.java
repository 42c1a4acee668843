package dev.plinth.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SQLite objects a {@link dev.plinth.sql.ddl.Snapshot} does not describe but a migration can create or drop:
 * triggers and virtual tables (Plinth's FTS5 full-text tables and their sync triggers, docs/search-and-relations.md),
 * read from {@code sqlite_master} with the SQL that creates them (https://www.sqlite.org/schematab.html). A down
 * script drops those the migration created and re-creates, from their saved SQL, those it dropped; an FTS5 table
 * with external content is then re-indexed with its {@code 'rebuild'} command
 * (https://www.sqlite.org/fts5.html#the_rebuild_command).
 *
 * @param objects the objects by name: their type ({@code trigger} or {@code table}) and SQL
 */
record SqliteSideObjects(Map<String, SideObject> objects) {

    /**
     * A trigger or a virtual table.
     *
     * @param type {@code trigger} or {@code table}
     * @param name its name
     * @param sql  the statement that creates it
     */
    record SideObject(String type, String name, String sql) {
    }

    /**
     * Reads them.
     *
     * @param connection an open SQLite connection
     * @return the triggers and virtual tables
     * @throws SQLException when the catalog cannot be read
     */
    static SqliteSideObjects read(Connection connection) throws SQLException {
        Map<String, SideObject> objects = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT type, name, sql FROM sqlite_master"
                + " WHERE sql IS NOT NULL AND (type = 'trigger' OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'))")) {
            while (r.next()) {
                objects.put(r.getString(2), new SideObject(r.getString(1), r.getString(2), r.getString(3)));
            }
        }
        return new SqliteSideObjects(objects);
    }

    /**
     * Returns the statements that drop what {@code later} has and this does not (or has otherwise), run before the
     * down script's table changes.
     *
     * @param later the objects after the migration
     * @return {@code DROP TRIGGER}/{@code DROP TABLE} statements, triggers first
     */
    List<String> dropsToReturnFrom(SqliteSideObjects later) {
        List<String> triggers = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (SideObject o : later.objects.values()) {
            if (!o.equals(objects.get(o.name()))) {
                (o.type().equals("trigger") ? triggers : tables).add("DROP " + o.type().toUpperCase(java.util.Locale.ROOT)
                        + " IF EXISTS \"" + o.name().replace("\"", "\"\"") + "\"");
            }
        }
        triggers.addAll(tables);
        return triggers;
    }

    /**
     * Returns the statements that create again what this has and {@code later} does not (or has otherwise), run
     * after the down script's table changes: virtual tables first (re-indexed), then triggers.
     *
     * @param later the objects after the migration
     * @return the statements
     */
    List<String> createsToReturnFrom(SqliteSideObjects later) {
        List<String> tables = new ArrayList<>();
        List<String> triggers = new ArrayList<>();
        for (SideObject o : objects.values()) {
            if (o.equals(later.objects.get(o.name()))) {
                continue;
            }
            if (o.type().equals("trigger")) {
                triggers.add(o.sql());
            } else {
                tables.add(o.sql());
                if (o.sql().matches("(?is).*\\bcontent\\s*=.*")) {
                    String quoted = "\"" + o.name().replace("\"", "\"\"") + "\"";
                    tables.add("INSERT INTO " + quoted + "(" + quoted + ") VALUES ('rebuild')");
                }
            }
        }
        tables.addAll(triggers);
        return tables;
    }

    /**
     * Names the objects that differ.
     *
     * @param actual the objects found
     * @return one line per trigger or virtual table missing, extra or different in {@code actual}
     */
    List<String> differencesFrom(SqliteSideObjects actual) {
        List<String> out = new ArrayList<>();
        objects.forEach((name, o) -> {
            Optional<SideObject> a = Optional.ofNullable(actual.objects.get(name));
            if (a.isEmpty()) {
                out.add(o.type() + " \"" + name + "\" is not restored");
            } else if (!a.get().equals(o)) {
                out.add(o.type() + " \"" + name + "\" is restored differently");
            }
        });
        actual.objects.keySet().stream().filter(n -> !objects.containsKey(n)).forEach(n -> out.add(actual.objects.get(n).type() + " \"" + n + "\" is left behind"));
        return out;
    }
}
