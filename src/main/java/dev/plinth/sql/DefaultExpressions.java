package dev.plinth.sql;

import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Schema;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders a field's {@code @default(…)} as the SQL {@code DEFAULT} expression Prisma writes, and
 * compares default expressions the way the databases store them.
 *
 * <p>Source: Prisma schema reference, "@default"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#default): {@code now()} becomes
 * {@code CURRENT_TIMESTAMP}; literals and enum values are written as SQL literals; {@code dbgenerated("…")}
 * is written verbatim on the database it was written for and translated on the other ({@link DbGeneratedDefault}); {@code autoincrement()} becomes the column type ({@code SERIAL},
 * {@code AUTOINCREMENT}); {@code uuid()}, {@code cuid()}, {@code nanoid()} and {@code ulid()} are
 * computed by the server and are not part of the DDL.
 */
public final class DefaultExpressions {

    private final Dialect dialect;

    DefaultExpressions(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Renders a field's default.
     *
     * @param field      the field
     * @param schema     its schema, for enum value names
     * @param columnType the field's column type, for array casts on PostgreSQL
     * @return the SQL expression, or empty when the database holds no default
     */
    Optional<String> render(Field field, Schema schema, String columnType) {
        if (field.defaultValue().isEmpty()) {
            return Optional.empty();
        }
        DefaultValue value = field.defaultValue().get();
        if (value instanceof DefaultValue.ListLiteral list) {
            if (dialect.kind() == DatabaseKind.POSTGRESQL) {
                String elements = list.values().stream().map(v -> scalar(v, field, schema).orElse("NULL"))
                        .collect(Collectors.joining(", "));
                return Optional.of("ARRAY[" + elements + "]::" + columnType);
            }
            // SQLite keeps a list as JSON text.
            String json = list.values().stream().map(v -> jsonElement(v, field, schema)).collect(Collectors.joining(","));
            return Optional.of(dialect.literal("[" + json + "]"));
        }
        return scalar(value, field, schema);
    }

    private Optional<String> scalar(DefaultValue value, Field field, Schema schema) {
        return switch (value) {
            case DefaultValue.Now now -> Optional.of("CURRENT_TIMESTAMP");
            case DefaultValue.StringLiteral s -> Optional.of(dialect.literal(s.value()));
            case DefaultValue.NumberLiteral n -> Optional.of(n.value().toPlainString());
            case DefaultValue.BooleanLiteral b -> Optional.of(Boolean.toString(b.value()));
            case DefaultValue.EnumLiteral e -> Optional.of(dialect.literal(enumDatabaseValue(e.value(), field, schema)));
            case DefaultValue.DbGenerated g -> g.expression().filter(x -> !x.isBlank())
                    .flatMap(x -> DbGeneratedDefault.render(x, schema, dialect.kind()));
            case DefaultValue.ListLiteral l -> Optional.empty();
            case DefaultValue.Autoincrement a -> Optional.empty();
            case DefaultValue.Uuid u -> Optional.empty();
            case DefaultValue.Cuid c -> Optional.empty();
            case DefaultValue.Nanoid n -> Optional.empty();
            case DefaultValue.Ulid u -> Optional.empty();
            case DefaultValue.Prefixed p -> Optional.empty();
            case DefaultValue.Between b -> Optional.empty();
            case DefaultValue.OtherFunction f -> Optional.empty();
        };
    }

    private String jsonElement(DefaultValue value, Field field, Schema schema) {
        return switch (value) {
            case DefaultValue.StringLiteral s -> quoteJson(s.value());
            case DefaultValue.EnumLiteral e -> quoteJson(enumDatabaseValue(e.value(), field, schema));
            case DefaultValue.NumberLiteral n -> n.value().toPlainString();
            case DefaultValue.BooleanLiteral b -> Boolean.toString(b.value());
            default -> "null";
        };
    }

    private static String quoteJson(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String enumDatabaseValue(String name, Field field, Schema schema) {
        if (field.type() instanceof FieldType.EnumRef ref) {
            return schema.enumType(ref.name()).flatMap(e -> e.value(name)).map(EnumType.Value::databaseName).orElse(name);
        }
        return name;
    }

    /**
     * Brings a default expression to a form in which the spellings of one value compare equal: what
     * PostgreSQL stores ({@code 'MEMBER'::"Role"}, {@code ''::text}, {@code '-1'::integer},
     * {@code ARRAY['a'::text]}) against what Prisma writes ({@code 'MEMBER'}, {@code ''}, {@code -1},
     * {@code ARRAY['a']::TEXT[]}), and SQLite's text as written.
     *
     * @param expression a default expression as SQL text
     * @return the canonical form: casts removed, keywords lower-cased, spaces outside literals removed,
     *         a quoted number unquoted
     */
    public static String canonical(String expression) {
        StringBuilder out = new StringBuilder();
        String text = expression.trim();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'') {
                int end = i + 1;
                while (end < text.length()) {
                    if (text.charAt(end) == '\'') {
                        if (end + 1 < text.length() && text.charAt(end + 1) == '\'') {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                out.append(canonicalLiteral(text.substring(i, Math.min(end + 1, text.length()))));
                i = end + 1;
            } else if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                i = skipType(text, i + 2);
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                out.append(Character.toLowerCase(c));
                i++;
            }
        }
        String result = out.toString();
        while (result.startsWith("(") && result.endsWith(")") && balanced(result.substring(1, result.length() - 1))) {
            result = result.substring(1, result.length() - 1);
        }
        if (result.matches("'-?[0-9]+(\\.[0-9]+)?'")) {
            result = result.substring(1, result.length() - 1);
        }
        if (result.equals("now()") || result.equals("current_timestamp(3)") || result.equals("current_timestamp(6)")) {
            result = "current_timestamp";
        }
        return result;
    }

    /**
     * PostgreSQL stores a {@code jsonb} default in its own normal form (keys sorted, no spaces), so a
     * literal holding a JSON object or array is compared by its JSON value.
     */
    private static String canonicalLiteral(String literal) {
        String content = literal.length() >= 2 ? literal.substring(1, literal.length() - 1).replace("''", "'") : literal;
        String trimmed = content.strip();
        if (DATE_TIME.matcher(trimmed).matches()) {
            return "'" + instant(trimmed) + "'";
        }
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return literal;
        }
        try {
            Object value = JSON.readValue(trimmed, Object.class);
            return "'" + JSON.writeValueAsString(value).replace("'", "''") + "'";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return literal;
        }
    }

    private static final java.util.regex.Pattern DATE_TIME = java.util.regex.Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");

    /** A timestamp literal as an instant, so {@code 2024-01-01T00:00:00Z} and PostgreSQL's {@code 2024-01-01 00:00:00} (UTC) compare equal. */
    private static String instant(String text) {
        java.util.regex.Matcher m = DATE_TIME.matcher(text);
        m.matches();
        String zone = m.group(3) == null ? "Z" : m.group(3);
        if (zone.matches("[+-]\\d{2}")) {
            zone = zone + ":00";
        } else if (zone.matches("[+-]\\d{4}")) {
            zone = zone.substring(0, 3) + ":" + zone.substring(3);
        }
        String time = m.group(2).length() == 5 ? m.group(2) + ":00" : m.group(2);
        try {
            return java.time.OffsetDateTime.parse(m.group(1) + "T" + time + zone).toInstant().toString();
        } catch (java.time.format.DateTimeParseException e) {
            return text;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private static int skipType(String text, int i) {
        int j = i;
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        if (j < text.length() && text.charAt(j) == '"') {
            j = text.indexOf('"', j + 1) + 1;
            if (j == 0) {
                return text.length();
            }
        } else {
            // Multi-word types: "character varying", "double precision", "timestamp(3) without time zone".
            while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
                    || (text.charAt(j) == ' ' && j + 1 < text.length() && Character.isLetter(text.charAt(j + 1))))) {
                j++;
            }
        }
        if (j < text.length() && text.charAt(j) == '(') {
            int close = text.indexOf(')', j);
            j = close < 0 ? text.length() : close + 1;
        }
        while (j + 1 < text.length() && text.charAt(j) == '[' && text.charAt(j + 1) == ']') {
            j += 2;
        }
        return j;
    }

    private static boolean balanced(String text) {
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    /**
     * Tells whether two optional default expressions mean the same value.
     *
     * @param a one expression, or empty for none
     * @param b the other
     * @return true when both are empty or their canonical forms are equal
     */
    public static boolean same(Optional<String> a, Optional<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        return canonical(a.get()).equals(canonical(b.get()));
    }
}
