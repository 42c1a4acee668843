package dev.plinth.sql;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.ddl.CheckSnapshot;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexColumn;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.TableSnapshot;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What differs between the databases Plinth runs on: identifier quoting, the mapping of Prisma types
 * to column types, default expressions, and the DDL that creates and changes tables.
 *
 * <p>The DDL has the shape Prisma's schema engine writes ({@code prisma db push}, {@code migrate diff
 * --script}), so a database Plinth creates is the database Prisma would create. Quoting, literals and
 * the simple statements are rendered by jOOQ; the statements whose exact spelling matters to Prisma
 * compatibility (column types such as {@code SERIAL} and {@code TIMESTAMPTZ(6)}, native enum types,
 * SQLite's inline {@code PRIMARY KEY AUTOINCREMENT}, {@code USING HASH} indexes) are written here, see
 * docs/migrations.md, "Where jOOQ is used".
 */
public sealed interface Dialect permits SqliteDialect, PostgresDialect {

    /** Returns the database this dialect renders for. */
    DatabaseKind kind();

    /** Returns the jOOQ context used to render quoted names, literals and simple statements. */
    DSLContext jooq();

    /**
     * Quotes an identifier: {@code a"b} becomes {@code "a""b"}.
     *
     * @param identifier a table, column, index, constraint or type name from the resolved schema
     * @return the quoted identifier
     */
    default String quote(String identifier) {
        return jooq().render(DSL.quotedName(identifier));
    }

    /**
     * Renders a string literal with SQL escaping: {@code it's} becomes {@code 'it''s'}.
     *
     * @param value the text
     * @return the literal
     */
    default String literal(String value) {
        return jooq().render(DSL.inline(value));
    }

    /** Returns the longest identifier the database keeps, in bytes (PostgreSQL truncates longer ones). */
    int maxIdentifierLength();

    /**
     * Returns the column type of a field, in the dialect's canonical spelling (the one introspection
     * yields), following Prisma's connector mapping; {@code @db.*} native types are honoured where
     * the database has them and mapped to the nearest type elsewhere.
     *
     * @param field  a column field (scalar, enum or {@code Unsupported})
     * @param schema the schema the field belongs to (for its enums)
     * @return the type, e.g. {@code TIMESTAMP(3)}; for an autoincrement field its integer base type
     */
    String columnType(Field field, Schema schema);

    /**
     * Returns the {@code DEFAULT} expression of a field, as Prisma writes it.
     *
     * @param field  a column field
     * @param schema the schema the field belongs to (for enum value names)
     * @return the expression, or empty when the database holds no default (none given, or one the
     *         server computes such as {@code uuid()}, or {@code autoincrement()})
     */
    Optional<String> defaultExpression(Field field, Schema schema);

    /**
     * Returns a value of the given column type that a NOT NULL column can be filled with when rows
     * exist and the schema gives no default (used only when the user forces such a change).
     *
     * @param column the column
     * @return a SQL expression: {@code ''}, {@code 0}, {@code false}, a timestamp of the epoch, …
     */
    String fillValue(ColumnSnapshot column);

    /**
     * Renders {@code CREATE TABLE}, with its primary key (and, on SQLite, its foreign keys) inline.
     *
     * @param table the table to create
     * @return one statement, without a trailing semicolon
     */
    String createTable(TableSnapshot table);

    /**
     * Renders a column definition as it appears inside {@code CREATE TABLE} or {@code ADD COLUMN}.
     *
     * @param column the column
     * @return e.g. {@code "email" TEXT NOT NULL DEFAULT ''}
     */
    String columnDefinition(ColumnSnapshot column);

    /**
     * Renders {@code ALTER TABLE … ADD COLUMN}.
     *
     * @param table  the table name
     * @param column the column to add
     * @return one statement
     */
    default String addColumn(String table, ColumnSnapshot column) {
        return "ALTER TABLE " + quote(table) + " ADD COLUMN " + columnDefinition(column);
    }

    /**
     * Renders {@code CREATE [UNIQUE] INDEX}.
     *
     * @param table the table name
     * @param index the index
     * @return one statement
     */
    default String createIndex(String table, IndexSnapshot index) {
        String using = index.method().map(m -> " USING " + m + " ").orElse("");
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + quote(index.name()) + " ON " + quote(table)
                + using + "(" + index.columns().stream().map(this::indexColumn).collect(Collectors.joining(", ")) + ")";
    }

    private String indexColumn(IndexColumn column) {
        if (column.jsonPath().isPresent()) {
            return JsonPathIndex.expression(kind(), column.name(), column.jsonPath().get()) + (column.descending() ? " DESC" : "");
        }
        return quote(column.name()) + column.operatorClass().map(o -> " " + o).orElse("") + (column.descending() ? " DESC" : "");
    }

    /**
     * Renders {@code DROP INDEX}.
     *
     * @param index the index name
     * @return one statement
     */
    default String dropIndex(String index) {
        return jooq().dropIndex(DSL.quotedName(index)).getSQL();
    }

    /**
     * Renders {@code DROP TABLE}.
     *
     * @param table the table name
     * @return one statement
     */
    default String dropTable(String table) {
        return jooq().dropTable(DSL.quotedName(table)).getSQL();
    }

    /**
     * Renders {@code ALTER TABLE … RENAME TO}.
     *
     * @param from the current name
     * @param to   the new name
     * @return one statement
     */
    default String renameTable(String from, String to) {
        return jooq().alterTable(DSL.quotedName(from)).renameTo(DSL.quotedName(to)).getSQL();
    }

    /**
     * Renders the foreign-key clause {@code FOREIGN KEY (…) REFERENCES "T" (…) ON DELETE … ON UPDATE …}.
     *
     * @param foreignKey the key
     * @return the clause, without {@code CONSTRAINT "name"}
     */
    default String foreignKeyClause(ForeignKeySnapshot foreignKey) {
        return "FOREIGN KEY (" + quoteAll(foreignKey.columns()) + ") REFERENCES " + quote(foreignKey.referencedTable())
                + " (" + quoteAll(foreignKey.referencedColumns()) + ") ON DELETE " + foreignKey.onDelete().sql()
                + " ON UPDATE " + foreignKey.onUpdate().sql();
    }

    /**
     * Renders a CHECK constraint clause as it appears inside {@code CREATE TABLE} or after {@code ADD}.
     *
     * @param check the constraint
     * @return e.g. {@code CONSTRAINT "Product_1_check" CHECK ("price" > 0)}
     */
    default String checkClause(CheckSnapshot check) {
        return "CONSTRAINT " + quote(check.name()) + " CHECK (" + check.expression() + ")";
    }

    /**
     * Quotes names and joins them with {@code ", "}.
     *
     * @param names identifiers
     * @return e.g. {@code "a", "b"}
     */
    default String quoteAll(List<String> names) {
        return names.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    /**
     * Returns a name cut to {@link #maxIdentifierLength()} bytes, as the database itself would store it.
     *
     * @param name an identifier
     * @return the identifier the database keeps
     */
    default String truncate(String name) {
        int max = maxIdentifierLength();
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return name;
        }
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (used + len > max) {
                break;
            }
            kept.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return kept.toString();
    }
}
