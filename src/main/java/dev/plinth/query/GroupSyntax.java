package dev.plinth.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The small syntax inside a parameter value: quoted values, comma lists and {@code (key=value,…)} groups.
 *
 * <ul>
 *   <li>A value in double quotes is taken without them; inside, a backslash takes the next character
 *       literally ({@code "say \"hi\", \\o/"} is {@code say "hi", \o/}). PostgREST quotes the same way.</li>
 *   <li>A list ({@code __in}, {@code __nin}) is comma-separated, optionally wrapped in parentheses;
 *       an item holding a comma, a parenthesis or a quote is quoted: {@code "Smith, J",Doe}.
 *       Spaces around unquoted items and around keys are dropped; quoted text keeps them.</li>
 *   <li>A group is {@code (item,item,…)}, each item {@code key=value}; a value holding
 *       {@code , ( ) "} is quoted, a list value is parenthesized, a nested group is parenthesized.</li>
 * </ul>
 */
final class GroupSyntax {

    /** A {@code key=value} item of a group. */
    record Item(String key, Value value) {
    }

    /** An item's value: plain text, or a parenthesized part (a list or a nested group) kept raw. */
    sealed interface Value {
    }

    /** Text, unquoted when it was quoted. */
    record Text(String text) implements Value {
    }

    /** The raw text between a pair of parentheses. */
    record Parens(String inner) implements Value {
    }

    private final String text;
    private final String parameter;
    private int pos;

    private GroupSyntax(String text, String parameter) {
        this.text = text;
        this.parameter = parameter;
    }

    /**
     * Reads a whole parameter value as a scalar: the text itself, or its content when it is one quoted string.
     *
     * @throws QueryException {@code invalid_value} for a quoted string with text after its closing quote
     */
    static String scalar(String value, String parameter) {
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            GroupSyntax s = new GroupSyntax(value, parameter);
            String unquoted = s.quoted();
            if (s.pos != value.length()) {
                throw s.error("text after the closing quote");
            }
            return unquoted;
        }
        return value;
    }

    /**
     * Reads a list value: {@code a,b,"c, d"} or {@code (a,b)}.
     *
     * @return the items, unquoted, at least one
     * @throws QueryException {@code invalid_value} for an empty list or bad quoting
     */
    static List<String> list(String value, String parameter) {
        String content = value;
        if (content.length() >= 2 && content.charAt(0) == '(' && content.charAt(content.length() - 1) == ')') {
            content = content.substring(1, content.length() - 1);
        }
        return listItems(content, parameter);
    }

    /**
     * Reads the items of a list's content (without enclosing parentheses): {@code a,b,"c, d"}.
     *
     * @return the items, unquoted, at least one
     * @throws QueryException {@code invalid_value} for an empty list or bad quoting
     */
    static List<String> listItems(String content, String parameter) {
        if (content.isEmpty()) {
            throw QueryException.invalidValue(parameter, "'" + parameter + "': the list needs at least one value");
        }
        GroupSyntax s = new GroupSyntax(content, parameter);
        List<String> items = new ArrayList<>();
        while (true) {
            s.skipSpace();
            items.add(s.peek() == '"' ? s.quoted() : s.unquoted(",").strip());
            s.skipSpace();
            if (s.pos == content.length()) {
                return items;
            }
            if (s.peek() != ',') {
                throw s.error("expected ',' after a quoted value");
            }
            s.pos++;
        }
    }

    /**
     * Reads a group value: {@code (key=value,…)}.
     *
     * @return the items, at least one
     * @throws QueryException {@code invalid_value} when the value is not a well-formed group
     */
    static List<Item> group(String value, String parameter) {
        GroupSyntax s = new GroupSyntax(value, parameter);
        if (s.peek() != '(') {
            throw s.error("a group is written in parentheses, e.g. " + parameter + "=(status=lead,name__icontains=acme)");
        }
        String inner = s.parens();
        if (s.pos != value.length()) {
            throw s.error("text after the closing parenthesis");
        }
        return items(inner, parameter);
    }

    /** Reads the items of a group's inner text (without its parentheses). */
    static List<Item> items(String inner, String parameter) {
        GroupSyntax s = new GroupSyntax(inner, parameter);
        if (inner.isBlank()) {
            throw s.error("an empty group");
        }
        List<Item> items = new ArrayList<>();
        while (true) {
            s.skipSpace();
            int keyStart = s.pos;
            while (s.pos < inner.length() && "=,()\"".indexOf(inner.charAt(s.pos)) < 0) {
                s.pos++;
            }
            if (s.peek() != '=' || inner.substring(keyStart, s.pos).isBlank()) {
                throw s.error("expected key=value");
            }
            String key = inner.substring(keyStart, s.pos).strip();
            s.pos++;
            s.skipSpace();
            Value v = switch (s.peek()) {
                case '(' -> new Parens(s.parens());
                case '"' -> new Text(s.quoted());
                default -> new Text(s.unquoted(",)").strip());
            };
            s.skipSpace();
            items.add(new Item(key, v));
            if (s.pos == inner.length()) {
                return items;
            }
            if (s.peek() != ',') {
                throw s.error("expected ',' or the end of the group");
            }
            s.pos++;
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private String quoted() {
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos == text.length()) {
                    break;
                }
                c = text.charAt(pos++);
            }
            out.append(c);
        }
        throw error("a quoted value is not closed");
    }

    private String unquoted(String stops) {
        int start = pos;
        while (pos < text.length() && stops.indexOf(text.charAt(pos)) < 0) {
            char c = text.charAt(pos);
            if (c == '"' || c == '(' || c == ')') {
                throw error("a value holding '" + c + "' must be quoted, e.g. \"a (b)\"");
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Returns the text inside the parentheses starting at {@code pos}, leaving {@code pos} after the closing one. */
    private String parens() {
        int start = ++pos;
        int depth = 1;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                quoted();
                continue;
            }
            pos++;
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return text.substring(start, pos - 1);
            }
        }
        throw error("a parenthesis is not closed");
    }

    private QueryException error(String what) {
        return QueryException.invalidValue(parameter, "'" + parameter + "': " + what + " at character " + (pos + 1)
                + " of '" + text + "'");
    }
}
