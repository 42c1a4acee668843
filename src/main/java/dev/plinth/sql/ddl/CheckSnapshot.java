package dev.plinth.sql.ddl;

/**
 * A CHECK constraint of a table.
 *
 * @param name       the constraint name
 * @param expression the constraint's expression as Plinth renders it ({@code dev.plinth.sql.CheckConstraintSql}),
 *                   without the surrounding {@code CHECK (…)}; for an introspected constraint, the expression read
 *                   back in the same spelling when it is Plinth's (see docs/migrations.md, "CHECK constraints"),
 *                   else the database's own text
 */
public record CheckSnapshot(String name, String expression) {
}
