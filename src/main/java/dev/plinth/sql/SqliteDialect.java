package dev.plinth.sql;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.ddl.CheckSnapshot;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.TableSnapshot;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQLite: Prisma's SQLite connector mapping, and the DDL Prisma writes for it.
 *
 * <p>Types (Prisma schema reference, "Model field scalar types", SQLite column): String {@code TEXT},
 * Boolean {@code BOOLEAN}, Int {@code INTEGER}, BigInt {@code BIGINT}, Float {@code REAL}, Decimal
 * {@code DECIMAL}, DateTime {@code DATETIME}, Json {@code JSONB}, Bytes {@code BLOB}, enums {@code TEXT}.
 * SQLite has no native types, so {@code @db.*} attributes of PostgreSQL and MySQL schemas are mapped to
 * the nearest type, which is the type of the field's scalar. Scalar lists (PostgreSQL only in Prisma) are
 * kept as JSON text in a {@code TEXT} column.
 *
 * <p>jOOQ renders SQLite identifiers with backticks; Prisma writes standard double quotes, which SQLite
 * also accepts, so this dialect renders with jOOQ's standard-SQL dialect.
 */
public final class SqliteDialect implements Dialect {

    private final DSLContext jooq = DSL.using(SQLDialect.DEFAULT, new Settings()
            .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
            .withRenderKeywordCase(RenderKeywordCase.UPPER)
            .withRenderFormatted(false));
    private final DefaultExpressions defaults = new DefaultExpressions(this);

    @Override
    public DatabaseKind kind() {
        return DatabaseKind.SQLITE;
    }

    @Override
    public DSLContext jooq() {
        return jooq;
    }

    /** SQLite has no practical identifier limit; Prisma's SQLite connector allows 10,000 characters. */
    @Override
    public int maxIdentifierLength() {
        return 10_000;
    }

    @Override
    public String columnType(Field field, Schema schema) {
        if (field.isComposite()) {
            return scalarType(ScalarType.JSON); // stored as Json fields are (docs/schema.md, "Composite types")
        }
        if (field.list()) {
            return "TEXT";
        }
        return switch (field.type()) {
            case FieldType.Scalar s -> scalarType(s.scalar());
            case FieldType.EnumRef e -> "TEXT";
            case FieldType.Unsupported u -> u.databaseType();
            case FieldType.ModelRef m -> throw new IllegalArgumentException("relation field " + field.name() + " has no column");
            case FieldType.CompositeRef c -> scalarType(ScalarType.JSON);
        };
    }

    private static String scalarType(ScalarType scalar) {
        return switch (scalar) {
            case STRING -> "TEXT";
            case BOOLEAN -> "BOOLEAN";
            case INT -> "INTEGER";
            case BIGINT -> "BIGINT";
            case FLOAT -> "REAL";
            case DECIMAL -> "DECIMAL";
            case DATETIME -> "DATETIME";
            case JSON -> "JSONB";
            case BYTES -> "BLOB";
        };
    }

    @Override
    public Optional<String> defaultExpression(Field field, Schema schema) {
        return defaults.render(field, schema, columnType(field, schema));
    }

    @Override
    public String fillValue(ColumnSnapshot column) {
        return switch (column.type().toUpperCase()) {
            case "INTEGER", "BIGINT", "REAL", "DECIMAL", "NUMERIC" -> "0";
            case "BOOLEAN" -> "false";
            case "DATETIME" -> "'1970-01-01T00:00:00.000Z'";
            case "JSONB", "JSON" -> "'null'";
            case "BLOB" -> "X''";
            default -> "''";
        };
    }

    /**
     * Renders a column definition; an autoincrement column is SQLite's rowid alias
     * {@code INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT}, as Prisma writes it.
     */
    @Override
    public String columnDefinition(ColumnSnapshot column) {
        StringBuilder sql = new StringBuilder(quote(column.name())).append(' ').append(column.type());
        if (!column.nullable()) {
            sql.append(" NOT NULL");
        }
        column.defaultExpression().ifPresent(d -> sql.append(" DEFAULT ").append(d));
        return sql.toString();
    }

    /**
     * Renders {@code CREATE TABLE} as Prisma does on SQLite: a single-column primary key inline on its
     * column, a composite one as an unnamed {@code PRIMARY KEY (…)} clause, and every foreign key as a
     * named {@code CONSTRAINT} clause (SQLite cannot add foreign keys later), then the CHECK constraints.
     */
    @Override
    public String createTable(TableSnapshot table) {
        List<String> columnLines = new ArrayList<>();
        boolean inlineKey = table.primaryKey().map(pk -> pk.columns().size() == 1).orElse(false);
        String keyColumn = inlineKey ? table.primaryKey().get().columns().get(0) : null;
        for (ColumnSnapshot column : table.columns()) {
            String line = columnDefinition(column);
            if (column.name().equals(keyColumn)) {
                line = line.replaceFirst("^(\\S+ \\S+( NOT NULL)?)", "$1 PRIMARY KEY" + (column.autoincrement() ? " AUTOINCREMENT" : ""));
            }
            columnLines.add("    " + line);
        }
        List<String> constraintLines = new ArrayList<>();
        if (!inlineKey && table.primaryKey().isPresent()) {
            constraintLines.add("    PRIMARY KEY (" + quoteAll(table.primaryKey().get().columns()) + ")");
        }
        for (ForeignKeySnapshot fk : table.foreignKeys()) {
            constraintLines.add("    " + fk.name().map(n -> "CONSTRAINT " + quote(n) + " ").orElse("") + foreignKeyClause(fk));
        }
        for (CheckSnapshot check : table.checks()) {
            constraintLines.add("    " + checkClause(check) + " " + CHECK_MARKER);
        }
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quote(table.name())).append(" (\n");
        List<String> all = new ArrayList<>(columnLines);
        all.addAll(constraintLines);
        for (int i = 0; i < all.size(); i++) {
            if (i == columnLines.size() && !inlineKey && table.primaryKey().isPresent()) {
                sql.append('\n');
            }
            sql.append(all.get(i)).append(i < all.size() - 1 ? ",\n" : "\n");
        }
        return sql.append(')').toString();
    }

    /**
     * The comment that follows each of Plinth's CHECK constraints in {@code CREATE TABLE}: SQLite keeps a table's
     * SQL text as written (https://www.sqlite.org/schematab.html), so introspection finds Plinth's constraints by it
     * and leaves other CHECK constraints alone.
     */
    public static final String CHECK_MARKER = "/* plinth @@check */";

    /** Returns true when SQLite's {@code ALTER TABLE ADD COLUMN} can add this column; see
     * https://www.sqlite.org/lang_altertable.html#altertabaddcol (no NOT NULL without a non-NULL default,
     * no non-constant default such as {@code CURRENT_TIMESTAMP}, no primary key). */
    public boolean canAddColumn(ColumnSnapshot column) {
        if (column.autoincrement()) {
            return false;
        }
        Optional<String> def = column.defaultExpression();
        if (def.isPresent()) {
            String c = DefaultExpressions.canonical(def.get());
            if (c.startsWith("(") || c.startsWith("current_") || c.contains("(")) {
                return false;
            }
            return !c.equals("null");
        }
        return column.nullable();
    }
}
