package dev.plinth.migrate;

import dev.plinth.sql.DefaultExpressions;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.EnumSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compares two introspected snapshots object by object and names every difference by table and
 * object: tables, columns (type, nullability, default, autoincrement), primary keys, indexes and
 * uniques (by name: columns, order, uniqueness, method), foreign keys (by name: columns, referenced
 * table and columns, actions), enum types.
 */
final class SnapshotComparison {

    private SnapshotComparison() {
    }

    static List<String> differences(String label, Snapshot expected, Snapshot actual) {
        List<String> out = new ArrayList<>();
        compareSets(out, label + ": table", byName(expected.tables(), TableSnapshot::name), byName(actual.tables(), TableSnapshot::name),
                (name, e, a) -> compareTables(out, label + ": table \"" + name + "\"", e, a));
        compareSets(out, label + ": enum", byName(expected.enums(), EnumSnapshot::name), byName(actual.enums(), EnumSnapshot::name),
                (name, e, a) -> {
                    if (!e.values().equals(a.values())) {
                        out.add(label + ": enum \"" + name + "\" values " + e.values() + " vs " + a.values());
                    }
                });
        return out;
    }

    private static void compareTables(List<String> out, String where, TableSnapshot e, TableSnapshot a) {
        compareSets(out, where + ": column", byName(e.columns(), ColumnSnapshot::name), byName(a.columns(), ColumnSnapshot::name),
                (name, ec, ac) -> {
                    if (!ec.type().equalsIgnoreCase(ac.type())) {
                        out.add(where + ": column \"" + name + "\" type " + ec.type() + " vs " + ac.type());
                    }
                    if (ec.nullable() != ac.nullable()) {
                        out.add(where + ": column \"" + name + "\" nullable " + ec.nullable() + " vs " + ac.nullable());
                    }
                    if (!DefaultExpressions.same(ec.defaultExpression(), ac.defaultExpression())) {
                        out.add(where + ": column \"" + name + "\" default " + ec.defaultExpression().orElse("none") + " vs "
                                + ac.defaultExpression().orElse("none"));
                    }
                    if (ec.autoincrement() != ac.autoincrement()) {
                        out.add(where + ": column \"" + name + "\" autoincrement " + ec.autoincrement() + " vs " + ac.autoincrement());
                    }
                });
        if (!e.primaryKey().equals(a.primaryKey())) {
            out.add(where + ": primary key " + e.primaryKey().map(Object::toString).orElse("none") + " vs "
                    + a.primaryKey().map(Object::toString).orElse("none"));
        }
        compareSets(out, where + ": index", byName(e.indexes(), IndexSnapshot::name), byName(a.indexes(), IndexSnapshot::name),
                (name, ei, ai) -> {
                    if (!ei.equals(ai)) {
                        out.add(where + ": index \"" + name + "\" " + ei + " vs " + ai);
                    }
                });
        compareSets(out, where + ": foreign key", byName(e.foreignKeys(), f -> f.name().orElse(String.join(",", f.columns()))),
                byName(a.foreignKeys(), f -> f.name().orElse(String.join(",", f.columns()))),
                (name, ef, af) -> {
                    if (!ef.equals(af)) {
                        out.add(where + ": foreign key \"" + name + "\" " + describe(ef) + " vs " + describe(af));
                    }
                });
    }

    private static String describe(ForeignKeySnapshot fk) {
        return fk.columns() + " -> " + fk.referencedTable() + fk.referencedColumns() + " on delete " + fk.onDelete() + " on update " + fk.onUpdate();
    }

    private interface Pair<T> {
        void compare(String name, T expected, T actual);
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> map = new TreeMap<>();
        items.forEach(i -> map.put(name.apply(i), i));
        return map;
    }

    private static <T> void compareSets(List<String> out, String what, Map<String, T> expected, Map<String, T> actual, Pair<T> pair) {
        for (Map.Entry<String, T> e : expected.entrySet()) {
            Optional<T> a = Optional.ofNullable(actual.get(e.getKey()));
            if (a.isEmpty()) {
                out.add(what + " \"" + e.getKey() + "\" is missing");
            } else {
                pair.compare(e.getKey(), e.getValue(), a.get());
            }
        }
        for (String name : actual.keySet()) {
            if (!expected.containsKey(name)) {
                out.add(what + " \"" + name + "\" is extra");
            }
        }
    }
}
