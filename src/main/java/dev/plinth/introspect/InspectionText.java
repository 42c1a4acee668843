package dev.plinth.introspect;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.EnumSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexColumn;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders an inspection for people, as {@code plinth db inspect} prints it: one block per table (columns with
 * type, nullability, default; primary key; indexes; foreign keys with actions; CHECKs; full-text index), then
 * enums and views. Names are printed double-quoted so spaces and odd characters stay visible.
 */
public final class InspectionText {

    private InspectionText() {
    }

    /**
     * Renders an inspection.
     *
     * @param inspection the inspection
     * @return the text, ending with a newline
     */
    public static String render(DatabaseInspection inspection) {
        StringBuilder out = new StringBuilder();
        out.append(inspection.kind() == DatabaseKind.SQLITE ? "SQLite" : "PostgreSQL").append(" database: ")
                .append(count(inspection.tables().size(), "table")).append(", ")
                .append(count(inspection.views().size(), "view")).append(", ")
                .append(count(inspection.snapshot().enums().size(), "enum")).append('\n');
        for (TableSnapshot t : inspection.tables()) {
            out.append('\n').append("table ").append(q(t.name())).append('\n');
            int width = t.columns().stream().mapToInt(c -> q(c.name()).length()).max().orElse(0);
            for (ColumnSnapshot c : t.columns()) {
                out.append("  ").append(pad(q(c.name()), width)).append("  ").append(column(c)).append('\n');
            }
            t.primaryKey().ifPresent(pk -> out.append("  primary key ").append(pk.name().map(n -> q(n) + " ").orElse(""))
                    .append(list(pk.columns())).append('\n'));
            for (IndexSnapshot i : t.indexes()) {
                out.append("  ").append(i.unique() ? "unique index " : "index ").append(q(i.name())).append(' ')
                        .append(i.method().map(m -> "using " + m + " ").orElse(""))
                        .append(i.columns().stream().map(InspectionText::indexColumn).collect(Collectors.joining(", ", "(", ")")))
                        .append('\n');
            }
            for (ForeignKeySnapshot f : t.foreignKeys()) {
                out.append("  foreign key ").append(f.name().map(n -> q(n) + " ").orElse("")).append(list(f.columns()))
                        .append(" references ").append(q(f.referencedTable())).append(' ').append(list(f.referencedColumns()))
                        .append(" on delete ").append(f.onDelete().sql()).append(" on update ").append(f.onUpdate().sql())
                        .append('\n');
            }
            for (CheckDefinition c : inspection.checksOf(t.name())) {
                out.append("  check ").append(c.name().map(n -> q(n) + " ").orElse("")).append('(').append(c.expression())
                        .append(')').append(c.plinths() ? " [@@check]" : "").append('\n');
            }
            inspection.fullTextOf(t.name()).ifPresent(f -> out.append("  full-text index ").append(q(f.structure()))
                    .append(' ').append(list(f.columns())).append('\n'));
        }
        for (EnumSnapshot e : inspection.snapshot().enums()) {
            out.append('\n').append("enum ").append(q(e.name())).append(' ').append(list(e.values())).append('\n');
        }
        for (ViewSnapshot v : inspection.views()) {
            out.append('\n').append(v.materialized() ? "materialized view " : "view ").append(q(v.name())).append('\n');
            for (ColumnSnapshot c : v.columns()) {
                out.append("  ").append(q(c.name())).append("  ").append(c.type().isEmpty() ? "(no type)" : c.type()).append('\n');
            }
            for (String line : v.definition().strip().split("\n")) {
                out.append("  | ").append(line.stripTrailing()).append('\n');
            }
        }
        return out.toString();
    }

    private static String column(ColumnSnapshot c) {
        return (c.type().isEmpty() ? "(no type)" : c.type()) + (c.nullable() ? " NULL" : " NOT NULL")
                + (c.autoincrement() ? " autoincrement" : "") + c.defaultExpression().map(d -> " DEFAULT " + d).orElse("");
    }

    private static String indexColumn(IndexColumn c) {
        return q(c.name()) + c.jsonPath().map(p -> "." + p).orElse("") + c.operatorClass().map(o -> " " + o).orElse("")
                + (c.descending() ? " DESC" : "");
    }

    private static String list(List<String> names) {
        return names.stream().map(InspectionText::q).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String q(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
