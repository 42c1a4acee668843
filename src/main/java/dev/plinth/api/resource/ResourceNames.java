package dev.plinth.api.resource;

import dev.plinth.schema.naming.Inflection;

/**
 * Resource names (docs/api.md, "Routes"): the plural of the model name in lower snake_case: {@code Contact} → {@code contacts},
 * {@code RoomBooking} → {@code room_bookings}. Only the last word is made plural, by
 * {@code org.atteo:evo-inflector}'s English rules, and only when it is not plural already: a last word
 * that is plural or uncountable is kept ({@code Users} → {@code users}, {@code ApiKeys} →
 * {@code api_keys}, {@code CacheData} → {@code cache_data}).
 *
 * <p>The word rules live in {@link Inflection}. evo-inflector only pluralizes, so "already plural" is decided by a round trip: a word ending in
 * {@code s} (not {@code ss}, {@code us} or {@code is}, and not one of a few singular words such as
 * {@code alias}) is plural when dropping its {@code s}, {@code es} or {@code ies}→{@code y} gives a
 * word evo-inflector pluralizes back to it; a word evo-inflector leaves unchanged ({@code sheep},
 * {@code series}) or a listed irregular or uncountable plural ({@code data}, {@code people},
 * {@code children}, {@code information}, …) is kept as well.
 */
public final class ResourceNames {

    private ResourceNames() {
    }

    /**
     * Derives a resource name.
     *
     * @param modelName a model name as written in the schema
     * @return the resource name
     */
    public static String of(String modelName) {
        return Inflection.pluralizeLast(snakeCase(modelName));
    }

    /**
     * Tells whether a lower-case word is plural or uncountable already ({@link Inflection#isPlural(String)}).
     *
     * @param word one lower-case word
     * @return true when the word should not be pluralized again
     */
    static boolean isPlural(String word) {
        return Inflection.isPlural(word);
    }

    /**
     * Turns {@code RoomBooking}, {@code roomBooking} or {@code HTTPLog} into {@code room_booking},
     * {@code room_booking}, {@code http_log} ({@link Inflection#snakeCase(String)}).
     *
     * @param name an identifier
     * @return the lower snake_case form
     */
    static String snakeCase(String name) {
        return Inflection.snakeCase(name);
    }
}
