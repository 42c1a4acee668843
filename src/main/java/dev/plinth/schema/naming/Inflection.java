package dev.plinth.schema.naming;

import org.atteo.evo.inflector.English;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Word forms of schema names: lower snake_case and English plurals, shared by table names
 * ({@code naming = "snake_case"}, {@code table_plurals}) and routes (docs/api.md, "Routes").
 *
 * <p>Only the last word is made plural, by {@code org.atteo:evo-inflector}'s English rules, and only when
 * it is not plural already: a last word that is plural or uncountable is kept ({@code users}, {@code api_keys},
 * {@code cache_data}). evo-inflector only pluralizes, so "already plural" is decided by a round trip: a word
 * ending in {@code s} (not {@code ss}, {@code us} or {@code is}, and not one of a few singular words such as
 * {@code alias}) is plural when dropping its {@code s}, {@code es} or {@code ies}→{@code y} gives a word
 * evo-inflector pluralizes back to it; a word evo-inflector leaves unchanged ({@code sheep}, {@code series})
 * or a listed irregular or uncountable plural ({@code data}, {@code people}, {@code children}, …) is kept.
 */
public final class Inflection {

    /** Plural or uncountable words that evo-inflector would pluralize again. */
    private static final Set<String> KEPT = Set.of("data", "metadata", "people", "children", "men", "women", "media",
            "criteria", "information", "equipment", "feedback", "staff", "software", "hardware", "analytics", "news");
    /**
     * The words ending in {@code o} whose plural takes {@code -es}; every other {@code -o} word takes {@code -s}
     * ({@code memos}, {@code logos}, {@code repos}, {@code todos}). evo-inflector gives {@code -oes} after any
     * consonant ({@code memoes}); the list is the usual {@code -oes} set of English usage guides.
     */
    private static final Set<String> O_ES = Set.of("hero", "potato", "tomato", "echo", "veto", "torpedo", "embargo",
            "domino", "mosquito", "tornado", "volcano", "cargo", "buffalo", "motto", "hobo", "grotto");
    /** Singular words ending in a single {@code s} that the round trip would take for plurals. */
    private static final Set<String> SINGULAR = Set.of("alias", "atlas", "bias", "canvas", "gas", "lens", "plus", "yes");

    private Inflection() {
    }

    /**
     * Turns {@code RoomBooking}, {@code roomBooking} or {@code HTTPLog} into {@code room_booking},
     * {@code room_booking}, {@code http_log}; a name in snake_case already is kept.
     *
     * @param name an identifier
     * @return the lower snake_case form
     */
    public static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLower = i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                boolean prevUpper = i > 0 && Character.isUpperCase(name.charAt(i - 1));
                if (out.length() > 0 && out.charAt(out.length() - 1) != '_' && (prevLower || (prevUpper && nextLower))) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Makes the last word of a snake_case name plural, unless it is plural or uncountable already.
     *
     * @param snake a lower snake_case name ({@code room_booking})
     * @return the plural ({@code room_bookings})
     */
    public static String pluralizeLast(String snake) {
        int cut = snake.lastIndexOf('_') + 1;
        String last = snake.substring(cut);
        return snake.substring(0, cut) + (isPlural(last) ? last : plural(last));
    }

    /**
     * Tells whether a lower-case word is plural or uncountable already, by the rule in the class comment.
     *
     * @param word one lower-case word
     * @return true when the word should not be pluralized again
     */
    public static boolean isPlural(String word) {
        if (KEPT.contains(word) || plural(word).equals(word)) {
            return true;
        }
        if (!word.endsWith("s") || word.endsWith("ss") || word.endsWith("us") || word.endsWith("is") || SINGULAR.contains(word)) {
            return false;
        }
        String stem = word.substring(0, word.length() - 1);
        List<String> singulars = new ArrayList<>(List.of(stem));
        if (word.endsWith("es")) {
            singulars.add(word.substring(0, word.length() - 2));
        }
        if (word.endsWith("ies")) {
            singulars.add(word.substring(0, word.length() - 3) + "y");
        }
        return singulars.stream().anyMatch(s -> !s.isEmpty() && plural(s).equals(word));
    }

    /**
     * The plural of one lower-case word: evo-inflector's, except that a word ending in {@code o} takes
     * {@code -s} unless it is one of the {@code -oes} words ({@code hero} → {@code heroes}).
     *
     * @param word one lower-case word
     * @return its plural
     */
    static String plural(String word) {
        String plural = English.plural(word);
        return word.endsWith("o") && plural.equals(word + "es") && !O_ES.contains(word) ? word + "s" : plural;
    }

    /**
     * The plural that Plinth gave a snake_case name before {@code -o} words took {@code -s} ({@code memoes}):
     * a table named so under {@code table_plurals} is renamed, not dropped, when the naming now wants
     * {@code memos} (migrate/NamingRenames).
     *
     * @param snake a lower snake_case name
     * @return the earlier plural, or the current one where they agree
     */
    public static String earlierPlural(String snake) {
        int cut = snake.lastIndexOf('_') + 1;
        String last = snake.substring(cut);
        return snake.substring(0, cut) + (isPlural(last) ? last : English.plural(last));
    }
}
