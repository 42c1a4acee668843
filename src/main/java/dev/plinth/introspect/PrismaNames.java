package dev.plinth.introspect;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns database names into Prisma identifiers, as {@code prisma db pull} does
 * (https://www.prisma.io/docs/orm/prisma-schema/introspection): characters other than ASCII letters, digits and
 * {@code _} become {@code _}; leading characters that cannot start a name (digits, {@code _}) are dropped; a model
 * or enum name that Prisma reserves gets the prefix {@code Renamed} (Prisma's own fix); the original name is kept
 * with {@code @@map}/{@code @map} whenever it differs. A name left empty becomes the fallback given; a name already
 * taken in the same scope gets {@code _2}, {@code _3}, … ({@link Scope}).
 */
final class PrismaNames {

    /** Names Prisma refuses for models and enums (the validator's list) and the scalar type names. */
    private static final Set<String> RESERVED = Set.of("PrismaClient",
            "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
            "export", "extends", "false", "finally", "for", "function", "if", "implements", "import", "in", "instanceof",
            "interface", "let", "new", "null", "package", "private", "protected", "public", "return", "super", "switch",
            "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
            "String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes", "Unsupported");

    private PrismaNames() {
    }

    /**
     * Sanitizes a database name into an identifier.
     *
     * @param name     the database name
     * @param fallback the identifier to use when nothing valid is left (e.g. {@code Model}, {@code field})
     * @return an identifier matching {@code [A-Za-z][A-Za-z0-9_]*}
     */
    static String sanitize(String name, String fallback) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            boolean ascii = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
            out.append(ascii ? c : '_');
        }
        int start = 0;
        while (start < out.length() && !Character.isLetter(out.charAt(start))) {
            start++;
        }
        String result = out.substring(start);
        return result.isEmpty() ? fallback : result;
    }

    /**
     * Sanitizes a table or enum type name into a model or enum name.
     *
     * @param name the database name
     * @return the name, prefixed {@code Renamed} when Prisma reserves it
     */
    static String typeName(String name) {
        String sanitized = sanitize(name, "Model");
        return RESERVED.contains(sanitized) ? "Renamed" + sanitized : sanitized;
    }

    /**
     * Quotes text as a Prisma string literal ({@code "a \"b\""}).
     *
     * @param text the text
     * @return the literal
     */
    static String string(String text) {
        // Prisma's string escapes are JSON's (\", \\, \n, \t, \\uXXXX …), which Plinth's lexer reads back.
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /** The names taken in one scope (the top level, or the fields of one model), compared case-sensitively. */
    static final class Scope {
        private final Set<String> taken = new HashSet<>();
        private final Set<String> takenLower = new HashSet<>();
        private final boolean caseInsensitive;

        /**
         * Creates a scope.
         *
         * @param caseInsensitive true when names differing only by case clash (database names of one SQLite table)
         */
        Scope(boolean caseInsensitive) {
            this.caseInsensitive = caseInsensitive;
        }

        /**
         * Claims a name, or the first free {@code name_2}, {@code name_3}, … when it is taken.
         *
         * @param name the wished name
         * @return the name claimed
         */
        String claim(String name) {
            String candidate = name;
            for (int n = 2; isTaken(candidate); n++) {
                candidate = name + "_" + n;
            }
            taken.add(candidate);
            takenLower.add(candidate.toLowerCase(Locale.ROOT));
            return candidate;
        }

        boolean isTaken(String name) {
            return caseInsensitive ? takenLower.contains(name.toLowerCase(Locale.ROOT)) : taken.contains(name);
        }
    }
}
