package dev.plinth.migrate;

import dev.plinth.sql.DefaultExpressions;
import dev.plinth.sql.ddl.CheckSnapshot;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.EnumSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Names, in words, every difference between two snapshots of a database's structure — what {@code deploy},
 * {@code status} and {@code serve --migrations files} report as drift, and what a {@code down.sql} that does
 * not restore its starting point lists: tables, columns (type, nullability, default, autoincrement), primary
 * keys, indexes, foreign keys and CHECK constraints (by name), enum types.
 *
 * @param expectedSide what the expected snapshot is, e.g. {@code "the migration files"}
 * @param actualSide   what the actual snapshot is, e.g. {@code "the database"}
 */
public record SnapshotDifferences(String expectedSide, String actualSide) {

    /**
     * Lists the differences.
     *
     * @param expected the structure wanted
     * @param actual   the structure found
     * @return one line per difference; empty when they are the same
     */
    public List<String> between(Snapshot expected, Snapshot actual) {
        List<String> out = new ArrayList<>();
        sets(out, "table", "", byName(expected.tables(), TableSnapshot::name), byName(actual.tables(), TableSnapshot::name),
                (name, e, a) -> tables(out, e, a));
        sets(out, "enum type", "", byName(expected.enums(), EnumSnapshot::name), byName(actual.enums(), EnumSnapshot::name),
                (name, e, a) -> {
                    if (!e.values().equals(a.values())) {
                        out.add("enum type " + q(name) + " has values " + a.values() + " in " + actualSide + ", " + e.values() + " in " + expectedSide);
                    }
                });
        return out;
    }

    private void tables(List<String> out, TableSnapshot e, TableSnapshot a) {
        if (e.equals(a)) {
            return;
        }
        String of = " of " + q(e.name());
        sets(out, "column", of, byName(e.columns(), ColumnSnapshot::name), byName(a.columns(), ColumnSnapshot::name), (name, ec, ac) -> {
            if (!ec.type().equalsIgnoreCase(ac.type()) || ec.nullable() != ac.nullable() || ec.autoincrement() != ac.autoincrement()
                    || !DefaultExpressions.same(ec.defaultExpression(), ac.defaultExpression())) {
                out.add("column " + q(name) + of + " is " + column(ac) + " in " + actualSide + ", " + column(ec) + " in " + expectedSide);
            }
        });
        if (!e.primaryKey().map(p -> p.columns()).equals(a.primaryKey().map(p -> p.columns()))) {
            out.add("the primary key" + of + " is " + a.primaryKey().map(p -> p.columns().toString()).orElse("none") + " in " + actualSide
                    + ", " + e.primaryKey().map(p -> p.columns().toString()).orElse("none") + " in " + expectedSide);
        }
        sets(out, "index", of, byName(e.indexes(), IndexSnapshot::name), byName(a.indexes(), IndexSnapshot::name), (name, ei, ai) -> {
            if (!ei.equals(ai)) {
                out.add("index " + q(name) + of + " is " + index(ai) + " in " + actualSide + ", " + index(ei) + " in " + expectedSide);
            }
        });
        Function<ForeignKeySnapshot, String> fkName = f -> f.name().orElse(String.join(",", f.columns()));
        sets(out, "foreign key", of, byName(e.foreignKeys(), fkName), byName(a.foreignKeys(), fkName), (name, ef, af) -> {
            if (!ef.equals(af)) {
                out.add("foreign key " + q(name) + of + " is " + foreignKey(af) + " in " + actualSide + ", " + foreignKey(ef) + " in " + expectedSide);
            }
        });
        sets(out, "CHECK constraint", of, byName(e.checks(), CheckSnapshot::name), byName(a.checks(), CheckSnapshot::name), (name, ec, ac) -> {
            if (!ec.expression().equals(ac.expression())) {
                out.add("CHECK constraint " + q(name) + of + " is " + ac.expression() + " in " + actualSide + ", " + ec.expression() + " in " + expectedSide);
            }
        });
    }

    private static String column(ColumnSnapshot c) {
        return c.type() + (c.nullable() ? " NULL" : " NOT NULL") + c.defaultExpression().map(d -> " DEFAULT " + d).orElse("")
                + (c.autoincrement() ? " autoincrement" : "");
    }

    private static String index(IndexSnapshot i) {
        return (i.unique() ? "unique " : "") + i.columns().stream().map(c -> c.name() + (c.descending() ? " DESC" : "")).toList()
                + i.method().map(m -> " using " + m).orElse("");
    }

    private static String foreignKey(ForeignKeySnapshot fk) {
        return fk.columns() + " -> " + q(fk.referencedTable()) + fk.referencedColumns() + " on delete " + fk.onDelete() + " on update " + fk.onUpdate();
    }

    private static String q(String name) {
        return "\"" + name + "\"";
    }

    private interface Pair<T> {
        void compare(String name, T expected, T actual);
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> map = new TreeMap<>();
        items.forEach(i -> map.put(name.apply(i), i));
        return map;
    }

    private <T> void sets(List<String> out, String what, String of, Map<String, T> expected, Map<String, T> actual, Pair<T> pair) {
        for (Map.Entry<String, T> e : expected.entrySet()) {
            T a = actual.get(e.getKey());
            if (a == null) {
                out.add(what + " " + q(e.getKey()) + of + " is in " + expectedSide + " but not in " + actualSide);
            } else {
                pair.compare(e.getKey(), e.getValue(), a);
            }
        }
        for (String name : actual.keySet()) {
            if (!expected.containsKey(name)) {
                out.add(what + " " + q(name) + of + " is in " + actualSide + " but not in " + expectedSide);
            }
        }
    }
}
