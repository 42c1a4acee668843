package dev.plinth.introspect;

import java.util.Optional;

/**
 * A CHECK constraint of a table, whoever created it.
 *
 * @param table      the table
 * @param name       the constraint name; empty for an unnamed SQLite CHECK
 * @param expression the expression between the parentheses of {@code CHECK (…)}, as the database prints it
 * @param plinths    true when Plinth created it from a {@code @@check} (marked as {@code SqliteIntrospector} and
 *                   {@code PostgresIntrospector} recognise), false for one made by hand
 */
public record CheckDefinition(String table, Optional<String> name, String expression, boolean plinths) {
}
