package dev.plinth.query;

import java.util.Locale;

/**
 * How a list answer counts the rows its filter matches (docs/api.md, "Counting").
 *
 * <p>{@code count=true} asks for {@link #EXACT}; a {@code Prefer: count=exact|estimated|planned} header
 * (PostgREST's spellings, PostgREST docs "Exact Count", "Estimated Count", "Planned Count") asks for the
 * one it names and wins over {@code count=true}.
 */
public enum CountMode {
    /** No total. */
    NONE,
    /** {@code SELECT count(*)} over every matching row. */
    EXACT,
    /** Exact up to a threshold, the database's estimate above it ({@code Prefer: count=estimated}). */
    ESTIMATED,
    /** The database's estimate alone, without counting ({@code Prefer: count=planned}). */
    PLANNED;

    /** Returns true when a total is counted at all. */
    public boolean counts() {
        return this != NONE;
    }

    /** Returns the word of {@code Prefer: count=…} and {@code Preference-Applied}: {@code exact}, {@code estimated}, {@code planned}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
