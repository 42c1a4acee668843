package dev.plinth.migrate;

import dev.plinth.schema.model.ReferentialAction;
import dev.plinth.sql.PostgresDialect;
import dev.plinth.sql.ddl.CheckSnapshot;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.EnumSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.JsonPathIndex;
import dev.plinth.sql.ddl.IndexColumn;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Introspects the current schema ({@code current_schema()}) of a PostgreSQL database through
 * {@code pg_catalog}: {@code pg_class}, {@code pg_attribute}, {@code pg_attrdef}, {@code pg_index},
 * {@code pg_constraint}, {@code pg_type}, {@code pg_enum} (https://www.postgresql.org/docs/current/catalogs.html).
 *
 * <p>Column types are brought to the spelling Prisma writes in DDL ({@code character varying(255)}
 * becomes {@code VARCHAR(255)}, {@code timestamp(3) without time zone} {@code TIMESTAMP(3)},
 * {@code numeric(65,30)} {@code DECIMAL(65,30)}, an enum type its quoted name); a column whose default
 * draws from a sequence ({@code SERIAL}) or that is an identity column is reported as autoincrement.
 *
 * <p>CHECK constraints are Plinth's when their comment holds the expression Plinth rendered
 * ({@code COMMENT ON CONSTRAINT}, see {@link PostgresDialect#commentOnCheck}): they are compared by name and that
 * expression, since PostgreSQL prints an expression back rewritten. Other CHECK constraints are left out, so a
 * migration never drops one it did not create.
 */
public final class PostgresIntrospector implements Introspector {

    private static final Pattern TYPE = Pattern.compile(
            "^([a-z0-9_ ]+?)(?:\\(([0-9, ]+)\\))?( with time zone| without time zone)?$");

    private final PostgresDialect dialect = new PostgresDialect();

    @Override
    public Snapshot introspect(Connection connection) throws SQLException {
        Map<String, List<ColumnSnapshot>> columns = new LinkedHashMap<>();
        Map<String, Optional<PrimaryKeySnapshot>> keys = new LinkedHashMap<>();
        Map<String, List<IndexSnapshot>> indexes = new LinkedHashMap<>();
        Map<String, List<ForeignKeySnapshot>> foreignKeys = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet r = s.executeQuery("""
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                    ORDER BY c.relname""")) {
                while (r.next()) {
                    String table = r.getString(1);
                    if (!table.equals(MigrationHistory.TABLE)) {
                        columns.put(table, new ArrayList<>());
                        keys.put(table, Optional.empty());
                        indexes.put(table, new ArrayList<>());
                        foreignKeys.put(table, new ArrayList<>());
                    }
                }
            }
            try (ResultSet r = s.executeQuery("""
                    SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                           pg_get_expr(d.adbin, d.adrelid), a.attidentity, t.typtype, t.typname, et.typtype, et.typname
                    FROM pg_attribute a
                    JOIN pg_class c ON c.oid = a.attrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    JOIN pg_type t ON t.oid = a.atttypid
                    LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
                    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
                    ORDER BY c.relname, a.attnum""")) {
                while (r.next()) {
                    List<ColumnSnapshot> list = columns.get(r.getString(1));
                    if (list == null) {
                        continue;
                    }
                    String type;
                    if ("e".equals(r.getString(7))) {
                        type = dialect.quote(r.getString(8));
                    } else if ("e".equals(r.getString(9))) {
                        type = dialect.quote(r.getString(10)) + "[]";
                    } else {
                        type = canonicalType(r.getString(3));
                    }
                    String def = r.getString(5);
                    String identity = r.getString(6);
                    boolean autoincrement = (identity != null && !identity.isBlank())
                            || (def != null && def.startsWith("nextval("));
                    list.add(new ColumnSnapshot(r.getString(2), type, !r.getBoolean(4),
                            autoincrement ? Optional.empty() : Optional.ofNullable(def), autoincrement));
                }
            }
            try (ResultSet r = s.executeQuery("""
                    SELECT c.relname, i.relname, ix.indisunique, ix.indisprimary, am.amname,
                           array(SELECT coalesce(a.attname, '<expression>')
                                 FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                                 LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                                 WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord),
                           array(SELECT (o.opt & 1) FROM unnest(ix.indoption::int2[]) WITH ORDINALITY o(opt, ord)
                                 WHERE o.ord <= ix.indnkeyatts ORDER BY o.ord),
                           array(SELECT CASE WHEN oc.opcdefault THEN '' ELSE oc.opcname END
                                 FROM unnest(ix.indclass::oid[]) WITH ORDINALITY k(opclass, ord)
                                 JOIN pg_opclass oc ON oc.oid = k.opclass
                                 WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord),
                           array(SELECT CASE WHEN k.attnum = 0 THEN pg_get_indexdef(ix.indexrelid, k.ord::int, true) ELSE '' END
                                 FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                                 WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord)
                    FROM pg_index ix
                    JOIN pg_class i ON i.oid = ix.indexrelid
                    JOIN pg_class c ON c.oid = ix.indrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    JOIN pg_am am ON am.oid = i.relam
                    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND ix.indisvalid
                    ORDER BY c.relname, i.relname""")) {
                while (r.next()) {
                    String table = r.getString(1);
                    if (!indexes.containsKey(table)) {
                        continue;
                    }
                    List<String> names = strings(r.getArray(6));
                    if (r.getBoolean(4)) {
                        keys.put(table, Optional.of(new PrimaryKeySnapshot(Optional.of(r.getString(2)), names)));
                        continue;
                    }
                    Object[] desc = (Object[]) r.getArray(7).getArray();
                    // Only a class that is not the default for the column's type and the method is reported,
                    // as SchemaProjection declares only such classes.
                    List<String> classes = strings(r.getArray(8));
                    List<IndexColumn> indexColumns = new ArrayList<>();
                    List<String> expressions = strings(r.getArray(9));
                    for (int i = 0; i < names.size(); i++) {
                        Optional<String> operatorClass = i < classes.size() && !classes.get(i).isEmpty()
                                ? Optional.of(classes.get(i)) : Optional.empty();
                        Optional<String[]> path = i < expressions.size() && !expressions.get(i).isEmpty()
                                ? JsonPathIndex.readPostgres(expressions.get(i)) : Optional.empty();
                        if (path.isPresent()) {
                            indexColumns.add(new IndexColumn(path.get()[0], i < desc.length && ((Number) desc[i]).intValue() == 1,
                                    operatorClass, Optional.of(path.get()[1])));
                            continue;
                        }
                        indexColumns.add(new IndexColumn(names.get(i), i < desc.length && ((Number) desc[i]).intValue() == 1,
                                operatorClass));
                    }
                    String method = r.getString(5).toUpperCase(Locale.ROOT);
                    indexes.get(table).add(new IndexSnapshot(r.getString(2), indexColumns, r.getBoolean(3),
                            method.equals("BTREE") ? Optional.empty() : Optional.of(method)));
                }
            }
            try (ResultSet r = s.executeQuery("""
                    SELECT c.relname, con.conname, rc.relname,
                           array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                           array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
                           con.confdeltype, con.confupdtype
                    FROM pg_constraint con
                    JOIN pg_class c ON c.oid = con.conrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    JOIN pg_class rc ON rc.oid = con.confrelid
                    WHERE con.contype = 'f' AND n.nspname = current_schema()
                    ORDER BY c.relname, con.conname""")) {
                while (r.next()) {
                    List<ForeignKeySnapshot> list = foreignKeys.get(r.getString(1));
                    if (list != null) {
                        list.add(new ForeignKeySnapshot(Optional.of(r.getString(2)), strings(r.getArray(4)), r.getString(3),
                                strings(r.getArray(5)), action(r.getString(6)), action(r.getString(7))));
                    }
                }
            }
            // Plinth's CHECK constraints: those whose comment holds the expression as Plinth rendered it
            // (PostgresDialect#commentOnCheck); others are the database owner's and are left alone.
            Map<String, List<CheckSnapshot>> checks = new LinkedHashMap<>();
            try (ResultSet r = s.executeQuery("""
                    SELECT c.relname, con.conname, obj_description(con.oid, 'pg_constraint')
                    FROM pg_constraint con
                    JOIN pg_class c ON c.oid = con.conrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE con.contype = 'c' AND n.nspname = current_schema()
                    ORDER BY c.relname, con.conname""")) {
                while (r.next()) {
                    String comment = r.getString(3);
                    if (comment != null && comment.startsWith(PostgresDialect.CHECK_COMMENT_PREFIX) && columns.containsKey(r.getString(1))) {
                        checks.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new CheckSnapshot(r.getString(2),
                                comment.substring(PostgresDialect.CHECK_COMMENT_PREFIX.length())));
                    }
                }
            }
            Map<String, List<String>> enums = new LinkedHashMap<>();
            try (ResultSet r = s.executeQuery("""
                    SELECT t.typname, e.enumlabel FROM pg_type t
                    JOIN pg_enum e ON e.enumtypid = t.oid
                    JOIN pg_namespace n ON n.oid = t.typnamespace
                    WHERE n.nspname = current_schema()
                    ORDER BY t.typname, e.enumsortorder""")) {
                while (r.next()) {
                    enums.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
            List<TableSnapshot> tables = new ArrayList<>();
            for (String table : columns.keySet()) {
                tables.add(new TableSnapshot(table, columns.get(table), keys.get(table), indexes.get(table), foreignKeys.get(table),
                        checks.getOrDefault(table, List.of())));
            }
            return new Snapshot(tables, enums.entrySet().stream().map(e -> new EnumSnapshot(e.getKey(), e.getValue())).toList());
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private static ReferentialAction action(String code) {
        return switch (code) {
            case "c" -> ReferentialAction.CASCADE;
            case "r" -> ReferentialAction.RESTRICT;
            case "n" -> ReferentialAction.SET_NULL;
            case "d" -> ReferentialAction.SET_DEFAULT;
            default -> ReferentialAction.NO_ACTION;
        };
    }

    /**
     * Brings a type as {@code format_type} spells it to the spelling of Prisma's DDL.
     *
     * @param formatType e.g. {@code timestamp(3) without time zone}, {@code character varying(255)[]}
     * @return e.g. {@code TIMESTAMP(3)}, {@code VARCHAR(255)[]}
     */
    public static String canonicalType(String formatType) {
        String type = formatType.trim();
        StringBuilder arrays = new StringBuilder();
        while (type.endsWith("[]")) {
            arrays.append("[]");
            type = type.substring(0, type.length() - 2);
        }
        Matcher m = TYPE.matcher(type);
        if (!m.matches()) {
            return type.toUpperCase(Locale.ROOT) + arrays;
        }
        String name = m.group(1).trim();
        String args = m.group(2) == null ? "" : "(" + m.group(2).replace(" ", "") + ")";
        boolean withZone = " with time zone".equals(m.group(3));
        String base = switch (name) {
            case "timestamp" -> withZone ? "TIMESTAMPTZ" : "TIMESTAMP";
            case "time" -> withZone ? "TIMETZ" : "TIME";
            case "character varying" -> "VARCHAR";
            case "character", "bpchar" -> "CHAR";
            case "bit varying" -> "VARBIT";
            case "numeric" -> "DECIMAL";
            default -> name.toUpperCase(Locale.ROOT);
        };
        return base + args + arrays;
    }
}
