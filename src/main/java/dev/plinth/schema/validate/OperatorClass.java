package dev.plinth.schema.validate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A PostgreSQL operator class Prisma knows for {@code @@index([field(ops: …)], type: …)}.
 *
 * <p>Source: Prisma docs, "Index type and operator classes for PostgreSQL"
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/indexes#configuring-the-access-type-of-indexes-with-type-postgresql).
 *
 * @param name        the name in the schema, e.g. {@code InetOps}
 * @param indexTypes  the index types ({@code Gist}, {@code Gin}, {@code SpGist}, {@code Brin}) it works with
 * @param scalar      the Prisma type the field must have, when the class needs one
 * @param nativeTypes the native types the field must declare; empty when any (or none) will do
 * @param list        true when the field must be a scalar list
 */
record OperatorClass(String name, Set<String> indexTypes, Optional<String> scalar, Set<String> nativeTypes, boolean list) {

    private static final Map<String, OperatorClass> KNOWN = build();

    /** Looks an operator class up by name; empty when Prisma knows none of that name. */
    static Optional<OperatorClass> find(String name) {
        return Optional.ofNullable(KNOWN.get(name));
    }

    private static Map<String, OperatorClass> build() {
        Map<String, OperatorClass> map = new HashMap<>();
        put(map, new OperatorClass("InetOps", Set.of("Gist", "SpGist"), Optional.empty(), Set.of("Inet"), false));
        put(map, new OperatorClass("TextOps", Set.of("SpGist"), Optional.of("String"), Set.of(), false));
        put(map, new OperatorClass("ArrayOps", Set.of("Gin"), Optional.empty(), Set.of(), true));
        put(map, new OperatorClass("JsonbOps", Set.of("Gin"), Optional.of("Json"), Set.of(), false));
        put(map, new OperatorClass("JsonbPathOps", Set.of("Gin"), Optional.of("Json"), Set.of(), false));
        brin(map, "Bit", List.of("MinMax"), "Bit");
        brin(map, "VarBit", List.of("MinMax"), "VarBit");
        brin(map, "Bpchar", List.of("Bloom", "MinMax"), "Char");
        brin(map, "Bytea", List.of("Bloom", "MinMax"), null);
        brin(map, "Date", List.of("Bloom", "MinMax", "MinMaxMulti"), "Date");
        brin(map, "Float4", List.of("Bloom", "MinMax", "MinMaxMulti"), "Real");
        brin(map, "Float8", List.of("Bloom", "MinMax", "MinMaxMulti"), "DoublePrecision");
        brin(map, "Inet", List.of("Bloom", "Inclusion", "MinMax", "MinMaxMulti"), "Inet");
        brin(map, "Int2", List.of("Bloom", "MinMax", "MinMaxMulti"), "SmallInt");
        brin(map, "Int4", List.of("Bloom", "MinMax", "MinMaxMulti"), "Integer");
        brin(map, "Int8", List.of("Bloom", "MinMax", "MinMaxMulti"), "BigInt");
        brin(map, "Numeric", List.of("Bloom", "MinMax", "MinMaxMulti"), "Decimal");
        brin(map, "Oid", List.of("Bloom", "MinMax", "MinMaxMulti"), "Oid");
        brin(map, "Text", List.of("Bloom", "MinMax"), null);
        brin(map, "Timestamp", List.of("Bloom", "MinMax", "MinMaxMulti"), "Timestamp");
        brin(map, "TimestampTz", List.of("Bloom", "MinMax", "MinMaxMulti"), "Timestamptz");
        brin(map, "Time", List.of("Bloom", "MinMax", "MinMaxMulti"), "Time");
        brin(map, "TimeTz", List.of("Bloom", "MinMax", "MinMaxMulti"), "Timetz");
        brin(map, "Uuid", List.of("Bloom", "MinMax", "MinMaxMulti"), "Uuid");
        return Map.copyOf(map);
    }

    private static void brin(Map<String, OperatorClass> map, String prefix, List<String> kinds, String nativeType) {
        for (String kind : kinds) {
            put(map, new OperatorClass(prefix + kind + "Ops", Set.of("Brin"), Optional.empty(),
                    nativeType == null ? Set.of() : Set.of(nativeType), false));
        }
    }

    private static void put(Map<String, OperatorClass> map, OperatorClass operatorClass) {
        map.put(operatorClass.name(), operatorClass);
    }
}
