package dev.plinth.introspect;

import dev.plinth.sql.DatabaseKind;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a column type, as the introspector spells it, to a Prisma type: the reverse of Prisma's connector mapping
 * that {@link dev.plinth.sql.PostgresDialect} and {@link dev.plinth.sql.SqliteDialect} implement, so that the pulled
 * field creates the same column type again.
 *
 * <p>PostgreSQL (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#model-field-scalar-types): the
 * default type of a scalar gets no attribute ({@code TEXT} → {@code String}, {@code INTEGER} → {@code Int},
 * {@code TIMESTAMP(3)} → {@code DateTime}, {@code DECIMAL(65,30)} → {@code Decimal}, {@code JSONB} → {@code Json},
 * …); any other type Prisma knows gets its {@code @db.*} attribute ({@code VARCHAR(255)} → {@code String
 * @db.VarChar(255)}); an enum type becomes the enum; arrays become lists; anything else is
 * {@code Unsupported("…")}, as Prisma introspects it.
 *
 * <p>SQLite has no native types in Prisma. Plinth's own column types map back exactly; other declared types are
 * read by SQLite's affinity rules (https://www.sqlite.org/datatype3.html#determination_of_column_affinity) with
 * the common names refined: {@code VARCHAR(50)} → {@code String}, {@code INT} → {@code Int}, {@code DATE} →
 * {@code DateTime}, {@code BOOL} → {@code Boolean}, no type → {@code Bytes}. Such a column's type is then not the
 * one Plinth would create (see {@link #exact}).
 */
final class ColumnTypes {

    private static final Pattern WITH_ARGS = Pattern.compile("^([A-Z ]+)(?:\\(([0-9, ]+)\\))?$");

    private ColumnTypes() {
    }

    /**
     * Maps a column type.
     *
     * @param kind  the database
     * @param type  the type as introspected, e.g. {@code VARCHAR(255)}, {@code "Role"[]}, {@code DATETIME}
     * @param enums the PostgreSQL enum types, database name → Prisma name
     * @return the Prisma type
     */
    static PulledType of(DatabaseKind kind, String type, Map<String, String> enums) {
        return kind == DatabaseKind.SQLITE ? sqlite(type) : postgres(type, enums);
    }

    /**
     * Tells whether a SQLite column's type is the one Plinth creates for the pulled scalar, so a migration of the
     * pulled schema leaves the column as it is.
     *
     * @param type   the introspected type
     * @param pulled its Prisma type
     * @return true when Plinth writes exactly that type for the scalar
     */
    static boolean exact(String type, PulledType pulled) {
        String expected = switch (pulled.scalar()) {
            case "String" -> "TEXT";
            case "Boolean" -> "BOOLEAN";
            case "Int" -> "INTEGER";
            case "BigInt" -> "BIGINT";
            case "Float" -> "REAL";
            case "Decimal" -> "DECIMAL";
            case "DateTime" -> "DATETIME";
            case "Json" -> "JSONB";
            case "Bytes" -> "BLOB";
            default -> type;
        };
        return expected.equalsIgnoreCase(type);
    }

    private static PulledType sqlite(String declared) {
        String type = declared.trim().toUpperCase(Locale.ROOT);
        switch (type) {
            case "TEXT":
                return PulledType.scalar("String");
            case "BOOLEAN", "BOOL":
                return PulledType.scalar("Boolean");
            case "INTEGER", "INT", "SMALLINT", "TINYINT", "MEDIUMINT", "INT2":
                return PulledType.scalar("Int");
            case "BIGINT", "INT8", "UNSIGNED BIG INT":
                return PulledType.scalar("BigInt");
            case "REAL", "FLOAT", "DOUBLE", "DOUBLE PRECISION":
                return PulledType.scalar("Float");
            case "DECIMAL", "NUMERIC":
                return PulledType.scalar("Decimal");
            case "DATETIME", "DATE", "TIMESTAMP":
                return PulledType.scalar("DateTime");
            case "JSONB", "JSON":
                return PulledType.scalar("Json");
            case "BLOB", "":
                return PulledType.scalar("Bytes");
            default:
                break;
        }
        // SQLite's affinity rules, in the order the manual gives them.
        if (type.contains("INT")) {
            return PulledType.scalar(type.startsWith("BIGINT") ? "BigInt" : "Int");
        }
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
            return PulledType.scalar("String");
        }
        if (type.contains("BLOB")) {
            return PulledType.scalar("Bytes");
        }
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
            return PulledType.scalar("Float");
        }
        if (type.startsWith("DECIMAL") || type.startsWith("NUMERIC")) {
            return PulledType.scalar("Decimal");
        }
        if (type.startsWith("BOOL")) {
            return PulledType.scalar("Boolean");
        }
        if (type.startsWith("DATE") || type.startsWith("TIMESTAMP")) {
            return PulledType.scalar("DateTime");
        }
        return unsupported(declared);
    }

    private static PulledType postgres(String introspected, Map<String, String> enums) {
        String type = introspected.trim();
        if (type.endsWith("[]")) {
            PulledType element = postgres(type.substring(0, type.length() - 2), enums);
            return element.unsupported() ? unsupported(type.toLowerCase(Locale.ROOT)) : element.asList();
        }
        if (type.startsWith("\"") && type.endsWith("\"")) {
            String name = type.substring(1, type.length() - 1).replace("\"\"", "\"");
            String prisma = enums.get(name);
            return prisma == null ? unsupported(name) : new PulledType(prisma, "Enum", Optional.empty(), false);
        }
        Matcher m = WITH_ARGS.matcher(type);
        if (!m.matches()) {
            return unsupported(type.toLowerCase(Locale.ROOT));
        }
        String base = m.group(1).trim();
        String args = m.group(2) == null ? "" : m.group(2).replace(" ", "").replace(",", ", ");
        String withArgs = args.isEmpty() ? "" : "(" + args + ")";
        return switch (base) {
            case "TEXT" -> args.isEmpty() ? PulledType.scalar("String") : unsupported(type);
            case "VARCHAR" -> PulledType.scalar("String", "@db.VarChar" + withArgs);
            case "CHAR" -> PulledType.scalar("String", "@db.Char" + withArgs);
            case "BIT" -> PulledType.scalar("String", "@db.Bit" + withArgs);
            case "VARBIT" -> PulledType.scalar("String", "@db.VarBit" + withArgs);
            case "UUID" -> PulledType.scalar("String", "@db.Uuid");
            case "XML" -> PulledType.scalar("String", "@db.Xml");
            case "INET" -> PulledType.scalar("String", "@db.Inet");
            case "CITEXT" -> PulledType.scalar("String", "@db.Citext");
            case "BOOLEAN" -> PulledType.scalar("Boolean");
            case "INTEGER" -> PulledType.scalar("Int");
            case "SMALLINT" -> PulledType.scalar("Int", "@db.SmallInt");
            case "OID" -> PulledType.scalar("Int", "@db.Oid");
            case "BIGINT" -> PulledType.scalar("BigInt");
            case "DOUBLE PRECISION" -> PulledType.scalar("Float");
            case "REAL" -> PulledType.scalar("Float", "@db.Real");
            case "DECIMAL" -> args.equals("65, 30") ? PulledType.scalar("Decimal") : PulledType.scalar("Decimal", "@db.Decimal" + withArgs);
            case "MONEY" -> PulledType.scalar("Decimal", "@db.Money");
            case "TIMESTAMP" -> args.equals("3") ? PulledType.scalar("DateTime") : PulledType.scalar("DateTime", "@db.Timestamp" + withArgs);
            case "TIMESTAMPTZ" -> PulledType.scalar("DateTime", "@db.Timestamptz" + withArgs);
            case "DATE" -> PulledType.scalar("DateTime", "@db.Date");
            case "TIME" -> PulledType.scalar("DateTime", "@db.Time" + withArgs);
            case "TIMETZ" -> PulledType.scalar("DateTime", "@db.Timetz" + withArgs);
            case "JSONB" -> PulledType.scalar("Json");
            case "JSON" -> PulledType.scalar("Json", "@db.Json");
            case "BYTEA" -> PulledType.scalar("Bytes");
            default -> unsupported(type.toLowerCase(Locale.ROOT));
        };
    }

    private static PulledType unsupported(String type) {
        return new PulledType("Unsupported(" + PrismaNames.string(type) + ")", "Unsupported", Optional.empty(), false);
    }
}
