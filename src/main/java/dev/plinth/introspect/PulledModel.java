package dev.plinth.introspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model (or view) being written by {@link PrismaSchemaWriter}: its names, its field lines and its block
 * attributes, filled in stages (columns, keys and indexes, then relations from both sides).
 */
final class PulledModel {

    /** One field line: name, type, attributes, and a trailing {@code //} comment when something needs saying. */
    record Line(String name, String type, String attributes, String comment) {
    }

    final String table;
    final String name;
    final boolean view;
    boolean ignored;
    final PrismaNames.Scope fieldNames = new PrismaNames.Scope(false);
    /** Column name → field name. */
    final Map<String, String> fieldOfColumn = new LinkedHashMap<>();
    /** Column name → index in {@link #lines}. */
    final Map<String, Integer> lineOfColumn = new LinkedHashMap<>();
    final List<Line> lines = new ArrayList<>();
    final List<String> blockAttributes = new ArrayList<>();
    final List<String> docComments = new ArrayList<>();
    final List<String> comments = new ArrayList<>();

    PulledModel(String table, String name, boolean view) {
        this.table = table;
        this.name = name;
        this.view = view;
    }

    /** Appends an attribute to the field of a column. */
    void addToColumn(String column, String attribute) {
        int i = lineOfColumn.get(column);
        Line l = lines.get(i);
        lines.set(i, new Line(l.name(), l.type(), (l.attributes() + " " + attribute).strip(), l.comment()));
    }

    /** Renders the block, fields aligned as {@code prisma format} aligns them. */
    String render() {
        StringBuilder out = new StringBuilder();
        docComments.forEach(d -> out.append("/// ").append(d).append('\n'));
        comments.forEach(c -> out.append("// ").append(c).append('\n'));
        out.append(view ? "view " : "model ").append(name).append(" {\n");
        int nameWidth = lines.stream().mapToInt(l -> l.name().length()).max().orElse(0);
        int typeWidth = lines.stream().mapToInt(l -> l.type().length()).max().orElse(0);
        for (Line l : lines) {
            StringBuilder line = new StringBuilder("  ").append(pad(l.name(), nameWidth)).append(' ').append(pad(l.type(), typeWidth));
            if (!l.attributes().isEmpty()) {
                line.append(' ').append(l.attributes());
            }
            if (!l.comment().isEmpty()) {
                line.append(" // ").append(l.comment());
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        if (!blockAttributes.isEmpty()) {
            out.append('\n');
            blockAttributes.forEach(a -> out.append("  ").append(a).append('\n'));
        }
        return out.append("}\n").toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
