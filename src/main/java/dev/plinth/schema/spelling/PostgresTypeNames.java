package dev.plinth.schema.spelling;

import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Identifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the data-model spec's PostgreSQL native types, {@code @pg.numeric(precision: 10, scale: 2)}, as today's
 * {@code @db.Decimal(10, 2)}: PostgreSQL's own type names (and their common aliases) mapped to Prisma's native
 * type names, named arguments to positional ones.
 * Sources: PostgreSQL, "Data Types" (https://www.postgresql.org/docs/current/datatype.html); Prisma's PostgreSQL
 * native types (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#postgresql).
 */
final class PostgresTypeNames {

    /** The prefix of the spec's PostgreSQL attributes, without {@code @}. */
    static final String PREFIX = "pg.";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("text", "Text"), Map.entry("varchar", "VarChar"), Map.entry("charactervarying", "VarChar"),
            Map.entry("char", "Char"), Map.entry("character", "Char"), Map.entry("bpchar", "Char"),
            Map.entry("numeric", "Decimal"), Map.entry("decimal", "Decimal"), Map.entry("money", "Money"),
            Map.entry("integer", "Integer"), Map.entry("int", "Integer"), Map.entry("int4", "Integer"),
            Map.entry("smallint", "SmallInt"), Map.entry("int2", "SmallInt"), Map.entry("bigint", "BigInt"),
            Map.entry("int8", "BigInt"), Map.entry("real", "Real"), Map.entry("float4", "Real"),
            Map.entry("doubleprecision", "DoublePrecision"), Map.entry("float8", "DoublePrecision"),
            Map.entry("boolean", "Boolean"), Map.entry("bool", "Boolean"), Map.entry("uuid", "Uuid"),
            Map.entry("json", "Json"), Map.entry("jsonb", "JsonB"), Map.entry("bytea", "ByteA"),
            Map.entry("timestamp", "Timestamp"), Map.entry("timestamptz", "Timestamptz"), Map.entry("date", "Date"),
            Map.entry("time", "Time"), Map.entry("timetz", "Timetz"), Map.entry("inet", "Inet"),
            Map.entry("xml", "Xml"), Map.entry("bit", "Bit"), Map.entry("varbit", "VarBit"),
            Map.entry("citext", "Citext"), Map.entry("oid", "Oid"));

    /** Named arguments of the spec, in the order Prisma takes them positionally. */
    private static final List<String> ARGUMENT_ORDER = List.of("length", "precision", "scale");

    private PostgresTypeNames() {
    }

    /** Returns true for a {@code @pg.…} attribute. */
    static boolean isSpec(Attribute attribute) {
        return !attribute.block() && attribute.name().startsWith(PREFIX);
    }

    /**
     * Returns Prisma's name of a PostgreSQL type.
     *
     * @param specName the name after {@code pg.}, any case, e.g. {@code numeric} or {@code Decimal}
     * @return e.g. {@code Decimal}, or empty for a type Prisma has no native type for
     */
    static Optional<String> prismaName(String specName) {
        return Optional.ofNullable(NAMES.get(specName.toLowerCase(Locale.ROOT).replace("_", "")));
    }

    /**
     * Rewrites the attribute with today's prefix and name, named arguments made positional.
     *
     * @param attribute  the {@code @pg.…} attribute
     * @param prefix     the datasource's name
     * @param prismaName Prisma's native type name
     * @return the same attribute spelled {@code @db.Decimal(10, 2)}
     */
    static Attribute todays(Attribute attribute, String prefix, String prismaName) {
        List<Argument> positional = new ArrayList<>();
        attribute.arguments().stream().filter(a -> a.name().isEmpty()).forEach(positional::add);
        for (String name : ARGUMENT_ORDER) {
            attribute.named(name).map(a -> new Argument(Optional.<Identifier>empty(), a.value(), a.span())).ifPresent(positional::add);
        }
        return new Attribute(prefix + "." + prismaName, false, positional, attribute.nameSpan(), attribute.span());
    }
}
