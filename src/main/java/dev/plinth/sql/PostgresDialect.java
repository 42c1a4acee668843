package dev.plinth.sql;

import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.NativeType;
import dev.plinth.schema.model.ReferentialAction;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.ddl.CheckSnapshot;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.EnumSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.TableSnapshot;
import org.jooq.ConstraintForeignKeyOnStep;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * PostgreSQL: Prisma's PostgreSQL connector mapping, native types and enum types, and the DDL Prisma
 * writes for it.
 *
 * <p>Types (Prisma schema reference, "Model field scalar types", PostgreSQL column, and "Native type
 * mapping"): String {@code TEXT}, Boolean {@code BOOLEAN}, Int {@code INTEGER}, BigInt {@code BIGINT},
 * Float {@code DOUBLE PRECISION}, Decimal {@code DECIMAL(65,30)}, DateTime {@code TIMESTAMP(3)}, Json
 * {@code JSONB}, Bytes {@code BYTEA}, an enum its own type ({@code CREATE TYPE … AS ENUM}), a list
 * {@code type[]}; {@code autoincrement()} makes the column {@code SERIAL}/{@code BIGSERIAL}. Every
 * {@code @db.*} type of the PostgreSQL connector is honoured; MySQL native types (a MySQL schema run
 * on PostgreSQL) map to the nearest PostgreSQL type.
 */
public final class PostgresDialect implements Dialect {

    /** The prefix of the comment {@link #commentOnCheck} writes, which marks the constraint as Plinth's. */
    public static final String CHECK_COMMENT_PREFIX = "plinth check: ";

    private final DSLContext jooq = DSL.using(SQLDialect.POSTGRES, new Settings()
            .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
            .withRenderKeywordCase(RenderKeywordCase.UPPER)
            .withRenderFormatted(false));
    private final DefaultExpressions defaults = new DefaultExpressions(this);

    @Override
    public DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }

    @Override
    public DSLContext jooq() {
        return jooq;
    }

    /** PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated to 63 bytes. */
    @Override
    public int maxIdentifierLength() {
        return 63;
    }

    @Override
    public String columnType(Field field, Schema schema) {
        String base = switch (field.type()) {
            case FieldType.Scalar s -> field.nativeType().map(n -> nativeType(n, s.scalar())).orElseGet(() -> scalarType(s.scalar()));
            case FieldType.EnumRef e -> quote(schema.enumType(e.name()).map(EnumType::databaseName).orElse(e.name()));
            case FieldType.Unsupported u -> u.databaseType();
            case FieldType.ModelRef m -> throw new IllegalArgumentException("relation field " + field.name() + " has no column");
            // a list of documents is one JSON array, not an array of JSONB (docs/schema.md, "Composite types")
            case FieldType.CompositeRef c -> "JSONB";
        };
        return field.list() && !field.isComposite() ? base + "[]" : base;
    }

    private static String scalarType(ScalarType scalar) {
        return switch (scalar) {
            case STRING -> "TEXT";
            case BOOLEAN -> "BOOLEAN";
            case INT -> "INTEGER";
            case BIGINT -> "BIGINT";
            case FLOAT -> "DOUBLE PRECISION";
            case DECIMAL -> "DECIMAL(65,30)";
            case DATETIME -> "TIMESTAMP(3)";
            case JSON -> "JSONB";
            case BYTES -> "BYTEA";
        };
    }

    /**
     * Maps a {@code @db.*} type to PostgreSQL. Source: Prisma schema reference, the PostgreSQL and MySQL
     * native type tables; a MySQL type maps to the PostgreSQL type of the same range, and one without a
     * counterpart to the scalar's default type.
     */
    private static String nativeType(NativeType nativeType, ScalarType scalar) {
        if (scalar == ScalarType.BOOLEAN) {
            return "BOOLEAN";
        }
        List<String> args = nativeType.arguments();
        String first = args.isEmpty() ? null : args.get(0).trim();
        String withArgs = args.isEmpty() ? "" : "(" + args.stream().map(String::trim).collect(Collectors.joining(",")) + ")";
        return switch (nativeType.name().toLowerCase(Locale.ROOT)) {
            case "text", "tinytext", "mediumtext", "longtext" -> "TEXT";
            case "char" -> "CHAR(" + (first == null ? "1" : first) + ")";
            case "varchar" -> first == null ? "VARCHAR" : "VARCHAR(" + first + ")";
            case "bit" -> scalar == ScalarType.STRING ? "BIT(" + (first == null ? "1" : first) + ")" : scalarType(scalar);
            case "varbit" -> first == null ? "VARBIT" : "VARBIT(" + first + ")";
            case "uuid" -> "UUID";
            case "xml" -> "XML";
            case "inet" -> "INET";
            case "citext" -> "CITEXT";
            case "money" -> "MONEY";
            case "oid" -> "OID";
            case "integer", "int", "mediumint", "unsignedsmallint", "unsignedmediumint" -> "INTEGER";
            case "smallint", "tinyint", "unsignedtinyint", "year" -> "SMALLINT";
            case "bigint", "unsignedint" -> "BIGINT";
            case "unsignedbigint" -> "DECIMAL(20,0)";
            case "doubleprecision", "double" -> "DOUBLE PRECISION";
            case "real", "float" -> "REAL";
            case "decimal", "numeric" -> "DECIMAL" + withArgs;
            case "timestamp", "datetime" -> first == null ? "TIMESTAMP" : "TIMESTAMP(" + first + ")";
            case "timestamptz" -> first == null ? "TIMESTAMPTZ" : "TIMESTAMPTZ(" + first + ")";
            case "date" -> "DATE";
            case "time" -> first == null ? "TIME" : "TIME(" + first + ")";
            case "timetz" -> first == null ? "TIMETZ" : "TIMETZ(" + first + ")";
            case "json" -> "JSON";
            case "jsonb" -> "JSONB";
            case "bytea", "blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary" -> "BYTEA";
            default -> scalarType(scalar);
        };
    }

    @Override
    public Optional<String> defaultExpression(Field field, Schema schema) {
        return defaults.render(field, schema, columnType(field, schema));
    }

    @Override
    public String fillValue(ColumnSnapshot column) {
        String type = column.type().toUpperCase(Locale.ROOT);
        if (type.endsWith("[]")) {
            return "'{}'";
        }
        String base = type.replaceAll("\\(.*\\)", "");
        return switch (base) {
            case "INTEGER", "BIGINT", "SMALLINT", "DOUBLE PRECISION", "REAL", "DECIMAL", "MONEY", "OID" -> "0";
            case "BOOLEAN" -> "false";
            case "TIMESTAMP", "TIMESTAMPTZ", "DATE" -> "'1970-01-01 00:00:00+00'";
            case "TIME", "TIMETZ" -> "'00:00:00'";
            case "JSON", "JSONB" -> "'null'";
            case "BYTEA" -> "'\\x'::bytea";
            case "UUID" -> "'00000000-0000-0000-0000-000000000000'";
            case "INET" -> "'0.0.0.0'";
            case "BIT", "VARBIT" -> "B'0'";
            default -> "''";
        };
    }

    /** Renders a column definition; an autoincrement column becomes {@code SERIAL}, {@code BIGSERIAL} or {@code SMALLSERIAL}. */
    @Override
    public String columnDefinition(ColumnSnapshot column) {
        String type = column.type();
        if (column.autoincrement()) {
            type = switch (type) {
                case "BIGINT" -> "BIGSERIAL";
                case "SMALLINT" -> "SMALLSERIAL";
                default -> "SERIAL";
            };
        }
        StringBuilder sql = new StringBuilder(quote(column.name())).append(' ').append(type);
        if (!column.nullable()) {
            sql.append(" NOT NULL");
        }
        if (!column.autoincrement()) {
            column.defaultExpression().ifPresent(d -> sql.append(" DEFAULT ").append(d));
        }
        return sql.toString();
    }

    /** Renders {@code CREATE TABLE} as Prisma does on PostgreSQL: the primary key as a named constraint, foreign keys added afterwards. */
    @Override
    public String createTable(TableSnapshot table) {
        List<String> lines = new ArrayList<>();
        for (ColumnSnapshot column : table.columns()) {
            lines.add("    " + columnDefinition(column));
        }
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quote(table.name())).append(" (\n");
        sql.append(String.join(",\n", lines));
        table.primaryKey().ifPresent(pk -> sql.append(",\n\n    CONSTRAINT ")
                .append(quote(pk.name().orElse(truncate(table.name() + "_pkey"))))
                .append(" PRIMARY KEY (").append(quoteAll(pk.columns())).append(")"));
        for (CheckSnapshot check : table.checks()) {
            sql.append(",\n    ").append(checkClause(check));
        }
        return sql.append("\n)").toString();
    }

    /**
     * Renders {@code ALTER TABLE … ADD CONSTRAINT … CHECK (…)}.
     *
     * @param table the table name
     * @param check the constraint
     * @return one statement
     */
    public String addCheck(String table, CheckSnapshot check) {
        return "ALTER TABLE " + quote(table) + " ADD " + checkClause(check);
    }

    /**
     * Renders the comment that keeps a CHECK constraint's expression in Plinth's own spelling: PostgreSQL
     * stores the expression parsed and prints it back rewritten ({@code pg_get_constraintdef} gives
     * {@code CHECK ((price > (0)::numeric))} for {@code "price" > 0}), so introspection compares the
     * comment, not the printed text (docs/migrations.md, "CHECK constraints").
     *
     * @param table the table name
     * @param check the constraint
     * @return one statement
     */
    public String commentOnCheck(String table, CheckSnapshot check) {
        return "COMMENT ON CONSTRAINT " + quote(check.name()) + " ON " + quote(table) + " IS "
                + literal(CHECK_COMMENT_PREFIX + check.expression());
    }


    /**
     * Renders {@code CREATE TYPE … AS ENUM}.
     *
     * @param type the enum type
     * @return one statement
     */
    public String createEnum(EnumSnapshot type) {
        return "CREATE TYPE " + quote(type.name()) + " AS ENUM ("
                + type.values().stream().map(this::literal).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Renders {@code ALTER TYPE … ADD VALUE}.
     *
     * @param type  the enum type name
     * @param value the new label
     * @return one statement
     */
    public String addEnumValue(String type, String value) {
        return "ALTER TYPE " + quote(type) + " ADD VALUE " + literal(value);
    }

    /**
     * Renders {@code ALTER TYPE … RENAME TO}.
     *
     * @param type the enum type name
     * @param to   the new name
     * @return one statement
     */
    public String renameEnum(String type, String to) {
        return "ALTER TYPE " + quote(type) + " RENAME TO " + quote(to);
    }

    /**
     * Renders {@code DROP TYPE}.
     *
     * @param type the enum type name
     * @return one statement
     */
    public String dropEnum(String type) {
        return "DROP TYPE " + quote(type);
    }

    /**
     * Renders {@code ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY} with jOOQ.
     *
     * @param table      the referencing table
     * @param foreignKey the key; its name defaults to Prisma's {@code {table}_{columns}_fkey}
     * @return one statement
     */
    public String addForeignKey(String table, ForeignKeySnapshot foreignKey) {
        String name = foreignKey.name().orElse(truncate(table + "_" + String.join("_", foreignKey.columns()) + "_fkey"));
        ConstraintForeignKeyOnStep step = DSL.constraint(DSL.quotedName(name))
                .foreignKey(foreignKey.columns().stream().map(c -> DSL.field(DSL.quotedName(c))).toArray(org.jooq.Field[]::new))
                .references(DSL.table(DSL.quotedName(foreignKey.referencedTable())),
                        foreignKey.referencedColumns().stream().map(c -> DSL.field(DSL.quotedName(c))).toArray(org.jooq.Field[]::new));
        org.jooq.ConstraintForeignKeyOnStep withDelete = switch (foreignKey.onDelete()) {
            case CASCADE -> step.onDeleteCascade();
            case RESTRICT -> step.onDeleteRestrict();
            case NO_ACTION -> step.onDeleteNoAction();
            case SET_NULL -> step.onDeleteSetNull();
            case SET_DEFAULT -> step.onDeleteSetDefault();
        };
        org.jooq.Constraint constraint = onUpdate(withDelete, foreignKey.onUpdate());
        return jooq.alterTable(DSL.quotedName(table)).add(constraint).getSQL();
    }

    private static org.jooq.Constraint onUpdate(ConstraintForeignKeyOnStep step, ReferentialAction action) {
        return switch (action) {
            case CASCADE -> step.onUpdateCascade();
            case RESTRICT -> step.onUpdateRestrict();
            case NO_ACTION -> step.onUpdateNoAction();
            case SET_NULL -> step.onUpdateSetNull();
            case SET_DEFAULT -> step.onUpdateSetDefault();
        };
    }

    /**
     * Renders {@code ALTER TABLE … DROP CONSTRAINT} with jOOQ.
     *
     * @param table      the table
     * @param constraint the constraint name
     * @return one statement
     */
    public String dropConstraint(String table, String constraint) {
        return jooq.alterTable(DSL.quotedName(table)).dropConstraint(DSL.quotedName(constraint)).getSQL();
    }

    /**
     * Renders {@code ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY}.
     *
     * @param table   the table
     * @param name    the constraint name
     * @param columns the key columns
     * @return one statement
     */
    public String addPrimaryKey(String table, String name, List<String> columns) {
        return "ALTER TABLE " + quote(table) + " ADD CONSTRAINT " + quote(name) + " PRIMARY KEY (" + quoteAll(columns) + ")";
    }

    /**
     * Renders {@code ALTER TABLE … DROP COLUMN} with jOOQ.
     *
     * @param table  the table
     * @param column the column
     * @return one statement
     */
    public String dropColumn(String table, String column) {
        return jooq.alterTable(DSL.quotedName(table)).dropColumn(DSL.quotedName(column)).getSQL();
    }

    /**
     * Renders {@code ALTER TABLE … ALTER COLUMN … SET DATA TYPE … USING}, converting through text for
     * enum types (PostgreSQL has no direct cast between an enum and another type).
     *
     * @param table  the table
     * @param column the column
     * @param type   the new type
     * @return one statement
     */
    public String alterColumnType(String table, String column, String type) {
        String using = quote(column) + (type.startsWith("\"") ? "::text::" : "::") + type;
        return alterColumn(table, column) + " SET DATA TYPE " + type + " USING " + using;
    }

    /** Renders {@code ALTER TABLE … ALTER COLUMN … SET NOT NULL} or {@code DROP NOT NULL}. */
    public String setNullable(String table, String column, boolean nullable) {
        return alterColumn(table, column) + (nullable ? " DROP NOT NULL" : " SET NOT NULL");
    }

    /** Renders {@code ALTER TABLE … ALTER COLUMN … SET DEFAULT …}, or {@code DROP DEFAULT} when {@code expression} is empty. */
    public String setDefault(String table, String column, Optional<String> expression) {
        return alterColumn(table, column) + expression.map(e -> " SET DEFAULT " + e).orElse(" DROP DEFAULT");
    }

    private String alterColumn(String table, String column) {
        return "ALTER TABLE " + quote(table) + " ALTER COLUMN " + quote(column);
    }
}
