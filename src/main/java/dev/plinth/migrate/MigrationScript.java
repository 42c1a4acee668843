package dev.plinth.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits a migration file into the statements a JDBC driver runs one at a time (sqlite-jdbc runs only the
 * first statement of a string), so a failure can name the statement. A semicolon ends a statement unless it
 * is inside a string ({@code '…'}), a quoted identifier ({@code "…"}, {@code `…`}, {@code […]}), a comment
 * ({@code --…}, {@code /*…*}{@code /}), a PostgreSQL dollar-quoted body ({@code $$…$$}, {@code $tag$…$tag$},
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-DOLLAR-QUOTING), or the body of a
 * SQLite {@code CREATE TRIGGER … BEGIN … END}, which ends only at {@code END;}
 * (https://www.sqlite.org/lang_createtrigger.html). Comments before a statement are kept with it; a part that
 * holds only comments and blanks is not a statement.
 */
final class MigrationScript {

    private static final Pattern TRIGGER = Pattern.compile("^CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$[A-Za-z_]?[A-Za-z0-9_]*\\$");

    private MigrationScript() {
    }

    /**
     * Returns the statements of a script, in order, without their final semicolons.
     *
     * @param script the file's text
     * @return the statements; empty for a script of comments only
     */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        // The statement without its comments (each a blank), strings and quoted names kept: what the keywords
        // are looked for in. A quoted name may hold "--" or "/*", so comments are removed here, while scanning.
        StringBuilder code = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                current.append(script, i, end);
                code.append(' ');
                i = end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                current.append(script, i, end);
                code.append(' ');
                i = end;
            } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int end = i + 1;
                while (end < n) {
                    if (script.charAt(end) == close) {
                        // a doubled quote is an escaped quote inside the string
                        if (close != ']' && end + 1 < n && script.charAt(end + 1) == close) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                end = Math.min(end + 1, n);
                current.append(script, i, end);
                code.append(script, i, end);
                i = end;
            } else if (c == '$' && dollarTag(script, i) != null) {
                String tag = dollarTag(script, i);
                int end = script.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end + tag.length();
                current.append(script, i, end);
                code.append(script, i, end);
                i = end;
            } else if (c == ';' && !(isTrigger(code) && !endsWithEnd(code))) {
                add(statements, current, code);
                current.setLength(0);
                code.setLength(0);
                i++;
            } else {
                current.append(c);
                code.append(c);
                i++;
            }
        }
        add(statements, current, code);
        return statements;
    }

    private static String dollarTag(String script, int at) {
        var m = DOLLAR_TAG.matcher(script);
        m.region(at, script.length());
        // $1 (a parameter) is not a tag: a tag does not start with a digit
        return m.lookingAt() ? m.group() : null;
    }

    private static void add(List<String> statements, StringBuilder current, StringBuilder code) {
        if (!code.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
    }

    private static boolean isTrigger(StringBuilder code) {
        return TRIGGER.matcher(code.toString().strip()).find();
    }

    private static boolean endsWithEnd(StringBuilder code) {
        String text = code.toString().strip().toUpperCase(Locale.ROOT);
        return text.endsWith("END") && (text.length() == 3 || !Character.isLetterOrDigit(text.charAt(text.length() - 4))
                && text.charAt(text.length() - 4) != '_');
    }
}
