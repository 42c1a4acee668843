package dev.plinth.schema.model;

import dev.plinth.schema.policy.Condition;

/**
 * A {@code @@check(condition, name: "…")} of a model: a CHECK constraint the database holds every writer
 * to (docs/schema.md, "CHECK constraints"). The condition is written in the access rules' expression
 * language (docs/access-rules.md), limited to what both SQLite and PostgreSQL can enforce.
 *
 * @param name      the constraint's name: {@code name:} when given, else {@code {table}_{n}_check} with
 *                  {@code n} the 1-based position of the {@code @@check} in the model
 *                  ({@link dev.plinth.schema.resolve.ConstraintNames#check})
 * @param condition the parsed condition; its field references name fields of the model by schema name
 * @param text      the condition as written in the schema (for messages)
 * @param span      where the attribute is written
 */
public record CheckConstraint(String name, Condition condition, String text, Span span) {
}
