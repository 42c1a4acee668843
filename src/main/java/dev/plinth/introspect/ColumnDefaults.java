package dev.plinth.introspect;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DefaultExpressions;
import dev.plinth.sql.ddl.ColumnSnapshot;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a column's {@code DEFAULT} expression back into a Prisma {@code @default(…)}, as Prisma's introspection
 * does (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#default): an autoincrement column →
 * {@code autoincrement()}; {@code CURRENT_TIMESTAMP}/{@code now()} on a DateTime → {@code now()}; a literal that
 * fits the field's type → that literal (string, number, boolean, enum value, list); anything else →
 * {@code dbgenerated("…")} with the expression verbatim, which Plinth writes back verbatim on the same database.
 * Casts that PostgreSQL adds when it stores a default ({@code 'a'::text}) are dropped.
 */
final class ColumnDefaults {

    private static final Pattern LITERAL = Pattern.compile("^'((?:[^']|'')*)'(?:::[\\w\" .()\\[\\]]+)?$");
    private static final Pattern NUMBER = Pattern.compile("^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");

    private ColumnDefaults() {
    }

    /**
     * Renders the default of a column.
     *
     * @param column     the column
     * @param type       its pulled type
     * @param enumValues for an enum field, database value → Prisma value name
     * @param kind       the database
     * @return the {@code @default(…)} attribute, or empty when the column has no default
     */
    static Optional<String> of(ColumnSnapshot column, PulledType type, Map<String, String> enumValues, DatabaseKind kind) {
        if (column.autoincrement()) {
            return Optional.of("@default(autoincrement())");
        }
        if (column.defaultExpression().isEmpty()) {
            return Optional.empty();
        }
        String raw = unwrap(column.defaultExpression().get().strip());
        Optional<String> value = type.list() ? list(raw, type, enumValues) : scalar(raw, type, enumValues);
        return Optional.of("@default(" + value.orElse("dbgenerated(" + PrismaNames.string(generated(column.defaultExpression().get().strip(), kind)) + ")") + ")");
    }

    /**
     * The expression of a {@code dbgenerated(…)} default. SQLite reports {@code DEFAULT (datetime('now'))} without
     * its parentheses, which its grammar needs around a function call (https://www.sqlite.org/lang_createtable.html,
     * "The DEFAULT clause"), so a call is parenthesised again; PostgreSQL's text is used as it is.
     */
    private static String generated(String expression, DatabaseKind kind) {
        boolean call = expression.contains("(") && !expression.startsWith("(");
        return kind == DatabaseKind.SQLITE && call ? "(" + expression + ")" : expression;
    }

    private static Optional<String> scalar(String raw, PulledType type, Map<String, String> enumValues) {
        String canonical = DefaultExpressions.canonical(raw);
        if (type.scalar().equals("DateTime") && canonical.equals("current_timestamp")) {
            return Optional.of("now()");
        }
        Matcher literal = LITERAL.matcher(raw);
        if (literal.matches()) {
            return literal(literal.group(1).replace("''", "'"), type, enumValues);
        }
        if (NUMBER.matcher(canonical).matches()) {
            return switch (type.scalar()) {
                case "Int", "BigInt" -> canonical.contains(".") || canonical.contains("e") ? Optional.empty() : Optional.of(canonical);
                case "Float", "Decimal" -> Optional.of(canonical);
                case "Boolean" -> canonical.equals("0") ? Optional.of("false") : canonical.equals("1") ? Optional.of("true") : Optional.empty();
                case "String" -> Optional.of(PrismaNames.string(canonical));
                default -> Optional.empty();
            };
        }
        if ((canonical.equals("true") || canonical.equals("false")) && type.scalar().equals("Boolean")) {
            return Optional.of(canonical);
        }
        return Optional.empty();
    }

    private static Optional<String> literal(String text, PulledType type, Map<String, String> enumValues) {
        return switch (type.scalar()) {
            case "String", "Json" -> Optional.of(PrismaNames.string(text));
            case "Enum" -> Optional.ofNullable(enumValues.get(text));
            case "Int", "BigInt" -> text.strip().matches("-?[0-9]+") ? Optional.of(text.strip()) : Optional.empty();
            case "Float", "Decimal" -> NUMBER.matcher(text.strip()).matches() ? Optional.of(new BigDecimal(text.strip()).toPlainString()) : Optional.empty();
            case "Boolean" -> switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "t" -> Optional.of("true");
                case "false", "f" -> Optional.of("false");
                default -> Optional.empty();
            };
            case "DateTime" -> dateTime(text.strip());
            default -> Optional.empty();
        };
    }

    /** A timestamp literal as the ISO-8601 instant Prisma writes ({@code "2024-01-01T00:00:00.000Z"}); a value without zone is UTC. */
    private static Optional<String> dateTime(String text) {
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String zone = m.group(3) == null ? "Z" : m.group(3);
        if (zone.matches("[+-]\\d{2}")) {
            zone = zone + ":00";
        } else if (zone.matches("[+-]\\d{4}")) {
            zone = zone.substring(0, 3) + ":" + zone.substring(3);
        }
        try {
            return Optional.of(PrismaNames.string(OffsetDateTime.parse(m.group(1) + "T" + m.group(2) + zone).toInstant().toString()));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A PostgreSQL array default ({@code ARRAY['a'::text]}, {@code '{a,b}'::text[]}, {@code ARRAY[]::text[]}) as a Prisma list. */
    private static Optional<String> list(String raw, PulledType type, Map<String, String> enumValues) {
        List<String> elements = new ArrayList<>();
        String text = raw.strip();
        int cast = text.lastIndexOf("::");
        if (text.startsWith("ARRAY[") && cast > 0 && text.substring(0, cast).endsWith("]")) {
            text = text.substring(0, cast);
        }
        if (text.startsWith("ARRAY[") && text.endsWith("]")) {
            for (String element : split(text.substring("ARRAY[".length(), text.length() - 1))) {
                String e = unwrap(element.strip());
                Matcher literal = LITERAL.matcher(e);
                Optional<String> value = literal.matches() ? literal(literal.group(1).replace("''", "'"), type, enumValues)
                        : scalar(e, type, enumValues);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                elements.add(value.get());
            }
            return Optional.of("[" + String.join(", ", elements) + "]");
        }
        Matcher literal = LITERAL.matcher(text);
        if (literal.matches()) {
            String content = literal.group(1).replace("''", "'");
            if (!content.startsWith("{") || !content.endsWith("}")) {
                return Optional.empty();
            }
            String inner = content.substring(1, content.length() - 1);
            if (inner.isEmpty()) {
                return Optional.of("[]");
            }
            if (inner.contains("\"") || inner.contains("{")) {
                return Optional.empty(); // quoted or nested elements: kept verbatim with dbgenerated
            }
            for (String element : inner.split(",")) {
                Optional<String> value = literal(element, type, enumValues);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                elements.add(value.get());
            }
            return Optional.of("[" + String.join(", ", elements) + "]");
        }
        return Optional.empty();
    }

    /** Splits at commas outside quotes and parentheses. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (!text.substring(start).isBlank()) {
            parts.add(text.substring(start));
        }
        return parts;
    }

    /** Removes parentheses around a whole expression, as SQLite keeps them ({@code (1)}). */
    private static String unwrap(String text) {
        String t = text;
        while (t.startsWith("(") && t.endsWith(")") && balanced(t.substring(1, t.length() - 1))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    private static boolean balanced(String text) {
        int depth = 0;
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
