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

    /**
     * Adds a key attribute ({@code @id}, {@code @unique}) to the field of a column, after the key attributes it
     * already has and before the others, in the order {@code prisma format} keeps them.
     */
    void addToColumn(String column, String attribute) {
        int i = lineOfColumn.get(column);
        Line l = lines.get(i);
        String rest = l.attributes();
        StringBuilder keys = new StringBuilder();
        while (rest.startsWith("@id") || rest.startsWith("@unique")) {
            int end = endOfAttribute(rest);
            keys.append(rest, 0, end).append(' ');
            rest = rest.substring(end).stripLeading();
        }
        lines.set(i, new Line(l.name(), l.type(), (keys + attribute + " " + rest).strip(), l.comment()));
    }

    /** The end of the first attribute of {@code text}: after its parenthesised arguments, if any. */
    private static int endOfAttribute(String text) {
        int space = text.indexOf(' ');
        int open = text.indexOf('(');
        if (open < 0 || (space >= 0 && space < open)) {
            return space < 0 ? text.length() : space;
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
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
