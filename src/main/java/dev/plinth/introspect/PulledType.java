package dev.plinth.introspect;

import java.util.Optional;

/**
 * The Prisma type of a pulled column.
 *
 * @param name       the type as written in the schema: a scalar ({@code String}), an enum name, or
 *                   {@code Unsupported("…")}
 * @param scalar     the scalar type name ({@code String}, {@code Int}, …), {@code Enum} for an enum, or
 *                   {@code Unsupported}
 * @param nativeType the {@code @db.*} attribute when the column's type is not the default for the scalar
 * @param list       true for a PostgreSQL array ({@code String[]})
 */
record PulledType(String name, String scalar, Optional<String> nativeType, boolean list) {

    /** A scalar with its default column type. */
    static PulledType scalar(String scalar) {
        return new PulledType(scalar, scalar, Optional.empty(), false);
    }

    /** A scalar with a native type attribute, e.g. {@code @db.VarChar(255)}. */
    static PulledType scalar(String scalar, String nativeType) {
        return new PulledType(scalar, scalar, Optional.of(nativeType), false);
    }

    /** Returns this type as a list. */
    PulledType asList() {
        return new PulledType(name, scalar, nativeType, true);
    }

    /** True for {@code Unsupported("…")}. */
    boolean unsupported() {
        return scalar.equals("Unsupported");
    }
}
