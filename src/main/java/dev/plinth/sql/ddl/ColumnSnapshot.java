package dev.plinth.sql.ddl;

import java.util.Optional;

/**
 * A column as the database holds it (introspected) or as the schema wants it (projected).
 *
 * @param name              the column name
 * @param type              the column type in the dialect's canonical DDL spelling, e.g. {@code TEXT},
 *                          {@code TIMESTAMP(3)}, {@code VARCHAR(255)}, {@code "Role"} (a PostgreSQL enum type,
 *                          quoted), {@code TEXT[]}; an autoincrement column has its base integer type
 * @param nullable          true when the column accepts NULL
 * @param defaultExpression the {@code DEFAULT} expression as SQL text, e.g. {@code CURRENT_TIMESTAMP} or
 *                          {@code 'MEMBER'}; empty for none (an autoincrement sequence is not a default here)
 * @param autoincrement     true when the database assigns the next integer ({@code SERIAL} on PostgreSQL,
 *                          {@code INTEGER PRIMARY KEY AUTOINCREMENT} on SQLite)
 */
public record ColumnSnapshot(String name, String type, boolean nullable, Optional<String> defaultExpression, boolean autoincrement) {
}
