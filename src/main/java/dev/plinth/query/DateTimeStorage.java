package dev.plinth.query;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;

/**
 * How a SQLite database stores a DateTime column (docs/api.md, "Values in JSON"). Databases Plinth
 * creates hold ISO-8601 UTC text with milliseconds ({@code 2026-11-22T04:12:27.000Z}); a database
 * Prisma's native engine wrote holds integer milliseconds since the epoch. Values are bound in the
 * column's own format so comparisons never mix numbers with text. PostgreSQL has real timestamp types
 * and ignores this.
 */
@FunctionalInterface
public interface DateTimeStorage {

    /** Every DateTime column holds ISO-8601 text (databases Plinth creates). */
    DateTimeStorage ISO_TEXT = (model, field) -> false;

    /**
     * Tells whether a column holds epoch milliseconds.
     *
     * @param model the model
     * @param field a DateTime column of it
     * @return true for integer milliseconds since 1970-01-01T00:00:00Z, false for ISO-8601 text
     */
    boolean epochMillis(Model model, Field field);
}
