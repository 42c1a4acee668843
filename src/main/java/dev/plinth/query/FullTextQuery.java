package dev.plinth.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code q} text of a full-text search, parsed by Plinth itself so that SQLite and PostgreSQL read
 * it alike and no syntax of either engine reaches it: the language is PostgreSQL's
 * {@code websearch_to_tsquery} (https://www.postgresql.org/docs/current/textsearch-controls.html):
 * words (all must match), {@code "quoted phrases"}, {@code -word} or {@code -"phrase"} to exclude,
 * {@code or} between alternatives; plus {@code word*} for a prefix. Anything else is text: FTS5
 * operators ({@code NEAR(}, {@code AND}, {@code ^}, {@code col:}) are just words, an unbalanced quote
 * runs to the end, and punctuation separates words.
 *
 * <p>The query is a disjunction of {@link Group}s; each group is a conjunction of {@link Clause}s.
 *
 * @param text   the text as sent
 * @param groups the alternatives, each with at least one clause that is not excluded
 */
public record FullTextQuery(String text, List<Group> groups) {

    /** The longest {@code q} accepted, in characters. */
    public static final int MAX_LENGTH = 1000;

    /** The most words and phrases one {@code q} may hold. */
    public static final int MAX_CLAUSES = 32;

    public FullTextQuery {
        groups = List.copyOf(groups);
    }

    /**
     * One alternative: every clause holds.
     *
     * @param clauses the clauses, at least one not negated
     */
    public record Group(List<Clause> clauses) {
        public Group {
            clauses = List.copyOf(clauses);
        }
    }

    /**
     * A word or phrase.
     *
     * @param words   the words, lowercase, letters and digits only; one for a word, several for a phrase
     * @param prefix  true for {@code word*}: the last word matches as a prefix
     * @param negated true for {@code -word}: rows with it are excluded
     */
    public record Clause(List<String> words, boolean prefix, boolean negated) {
        public Clause {
            words = List.copyOf(words);
        }
    }

    /**
     * Parses {@code q}.
     *
     * @param text the parameter's value
     * @return the query
     * @throws QueryException {@code invalid_value} on {@code q} when the text is longer than
     *                        {@value #MAX_LENGTH} characters, holds more than {@value #MAX_CLAUSES} words
     *                        and phrases, or has no word to search for (empty, only punctuation, only exclusions)
     */
    public static FullTextQuery parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw QueryException.invalidValue("q", "'q' is longer than " + MAX_LENGTH + " characters");
        }
        List<Group> groups = new ArrayList<>();
        List<Clause> current = new ArrayList<>();
        int clauses = 0;
        int i = 0;
        int n = text.length();
        boolean orPending = false;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean negated = false;
            if (c == '-' && i + 1 < n && !Character.isWhitespace(text.charAt(i + 1))) {
                negated = true;
                i++;
                c = text.charAt(i);
            }
            String raw;
            boolean quoted = c == '"';
            if (quoted) {
                int close = text.indexOf('"', i + 1);
                int end = close < 0 ? n : close;
                raw = text.substring(i + 1, end);
                i = close < 0 ? n : close + 1;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '"') {
                    end++;
                }
                raw = text.substring(i, end);
                i = end;
            }
            if (!quoted && !negated && raw.equalsIgnoreCase("or")) {
                orPending = !current.isEmpty();
                continue;
            }
            boolean prefix = !quoted && raw.endsWith("*");
            List<String> words = words(raw);
            if (words.isEmpty()) {
                continue;
            }
            if (orPending) {
                closeGroup(groups, current);
                current = new ArrayList<>();
                orPending = false;
            }
            if (++clauses > MAX_CLAUSES) {
                throw QueryException.invalidValue("q", "'q' holds more than " + MAX_CLAUSES + " words and phrases");
            }
            current.add(new Clause(words, prefix, negated));
        }
        closeGroup(groups, current);
        if (groups.isEmpty()) {
            throw QueryException.invalidValue("q", "'q' has no word to search for; excluded words (-word) need a word to"
                    + " search beside them");
        }
        return new FullTextQuery(text, groups);
    }

    /** Adds a group when it has a clause that is not an exclusion (a search cannot be only "not x"). */
    private static void closeGroup(List<Group> groups, List<Clause> clauses) {
        if (clauses.stream().anyMatch(c -> !c.negated())) {
            groups.add(new Group(clauses));
        }
    }

    /** Splits text into lowercase words of letters and digits, as both engines' tokenizers do. */
    static List<String> words(String raw) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        raw.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
            } else if (!word.isEmpty()) {
                out.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
        });
        if (!word.isEmpty()) {
            out.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /**
     * Renders the query as an FTS5 MATCH expression of quoted strings only
     * (https://www.sqlite.org/fts5.html#full_text_query_syntax): {@code "a" AND "b c"*}, alternatives
     * joined by {@code OR}, exclusions by FTS5's binary {@code NOT}. The words hold only letters and
     * digits, so no text of the user's can act as FTS5 syntax.
     *
     * @return the MATCH text
     */
    public String toFts5() {
        List<String> alternatives = new ArrayList<>();
        for (Group g : groups) {
            List<String> positive = new ArrayList<>();
            List<String> negative = new ArrayList<>();
            for (Clause c : g.clauses()) {
                String phrase = "\"" + String.join(" ", c.words()) + "\"" + (c.prefix() ? "*" : "");
                (c.negated() ? negative : positive).add(phrase);
            }
            String expr = "(" + String.join(" AND ", positive) + ")";
            for (String n : negative) {
                expr = "(" + expr + " NOT " + n + ")";
            }
            alternatives.add(expr);
        }
        return String.join(" OR ", alternatives);
    }

    /**
     * Renders one clause as text for PostgreSQL: for a word or phrase without prefix, the input of
     * {@code websearch_to_tsquery} (a quoted phrase); for a prefix, the input of {@code to_tsquery}
     * ({@code 'a' <-> 'b':*}). The words hold only letters and digits, so neither function can fail on it.
     *
     * @param c a clause of this query
     * @return the function's argument
     */
    public static String postgresText(Clause c) {
        if (!c.prefix()) {
            return "\"" + String.join(" ", c.words()) + "\"";
        }
        List<String> lexemes = new ArrayList<>();
        for (int i = 0; i < c.words().size(); i++) {
            lexemes.add("'" + c.words().get(i) + "'" + (i == c.words().size() - 1 ? ":*" : ""));
        }
        return String.join(" <-> ", lexemes);
    }
}
