package dev.plinth.introspect;

import dev.plinth.migrate.PostgresIntrospector;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.FullTextIndex;
import dev.plinth.sql.PostgresDialect;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What PostgreSQL's catalog holds beyond the planner's snapshot, in the current schema: every CHECK constraint
 * ({@code pg_constraint}, printed by {@code pg_get_constraintdef}), views and materialized views ({@code pg_class}
 * relkind {@code v}/{@code m}, {@code pg_get_viewdef}), and Plinth's full-text GIN indexes, recognised by their
 * {@link FullTextIndex#COMMENT_PREFIX comment} (https://www.postgresql.org/docs/current/catalogs.html). The
 * full-text indexes are taken out of the table snapshot's indexes, as the migration planner takes them out.
 */
final class PostgresCatalog {

    private PostgresCatalog() {
    }

    static DatabaseInspection inspect(Connection connection) throws SQLException {
        Snapshot raw = new PostgresIntrospector().introspect(connection);
        List<FullTextDefinition> fullText = new ArrayList<>();
        for (String[] row : DatabaseInspector.rows(connection, """
                SELECT c.relname, i.relname, obj_description(i.oid, 'pg_class')
                FROM pg_index ix
                JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_class c ON c.oid = ix.indrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND starts_with(obj_description(i.oid, 'pg_class'), ?)
                ORDER BY c.relname""", FullTextIndex.COMMENT_PREFIX)) {
            if (raw.table(row[0]).isPresent()) {
                fullText.add(new FullTextDefinition(row[0],
                        Arrays.asList(row[2].substring(FullTextIndex.COMMENT_PREFIX.length()).split(",")), row[1]));
            }
        }
        List<TableSnapshot> tables = new ArrayList<>();
        for (TableSnapshot t : raw.tables()) {
            List<IndexSnapshot> kept = t.indexes().stream()
                    .filter(i -> fullText.stream().noneMatch(f -> f.table().equals(t.name()) && f.structure().equals(i.name())))
                    .toList();
            tables.add(new TableSnapshot(t.name(), t.columns(), t.primaryKey(), kept, t.foreignKeys(), t.checks()));
        }
        Snapshot snapshot = new Snapshot(tables, raw.enums());
        List<CheckDefinition> checks = new ArrayList<>();
        for (String[] row : DatabaseInspector.rows(connection, """
                SELECT c.relname, con.conname, pg_get_constraintdef(con.oid), obj_description(con.oid, 'pg_constraint')
                FROM pg_constraint con
                JOIN pg_class c ON c.oid = con.conrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE con.contype = 'c' AND n.nspname = current_schema() AND c.relkind IN ('r', 'p')
                ORDER BY c.relname, con.conname""")) {
            if (snapshot.table(row[0]).isEmpty()) {
                continue;
            }
            String definition = row[2];
            if (definition.startsWith("CHECK (") && definition.endsWith(")")) {
                definition = definition.substring("CHECK (".length(), definition.length() - 1);
            } else if (definition.startsWith("CHECK (") && definition.contains(") NOT VALID")) {
                definition = definition.substring("CHECK (".length(), definition.lastIndexOf(") NOT VALID"));
            }
            boolean plinths = row[3] != null && row[3].startsWith(PostgresDialect.CHECK_COMMENT_PREFIX);
            checks.add(new CheckDefinition(row[0], Optional.of(row[1]), definition, plinths));
        }
        Map<String, ViewSnapshot> views = new LinkedHashMap<>();
        for (String[] row : DatabaseInspector.rows(connection, """
                SELECT c.relname, pg_get_viewdef(c.oid, true), c.relkind
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm')
                ORDER BY c.relname""")) {
            views.put(row[0], new ViewSnapshot(row[0], row[1].strip(), List.of(), "m".equals(row[2])));
        }
        Map<String, List<ColumnSnapshot>> columns = new LinkedHashMap<>();
        for (String[] row : DatabaseInspector.rows(connection, """
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, t.typtype, t.typname
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_type t ON t.oid = a.atttypid
                WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY c.relname, a.attnum""")) {
            String type = "e".equals(row[4]) ? new PostgresDialect().quote(row[5]) : PostgresIntrospector.canonicalType(row[2]);
            columns.computeIfAbsent(row[0], k -> new ArrayList<>())
                    .add(new ColumnSnapshot(row[1], type, !"t".equals(row[3]), Optional.empty(), false));
        }
        List<ViewSnapshot> viewList = views.values().stream()
                .map(v -> new ViewSnapshot(v.name(), v.definition(), columns.getOrDefault(v.name(), List.of()), v.materialized()))
                .toList();
        return new DatabaseInspection(DatabaseKind.POSTGRESQL, snapshot, checks, fullText, viewList);
    }
}
