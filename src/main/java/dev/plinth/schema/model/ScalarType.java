package dev.plinth.schema.model;

import java.util.Optional;

/**
 * Prisma's built-in scalar types.
 *
 * <p>Source: Prisma schema reference, "Model field scalar types"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#model-field-scalar-types).
 */
public enum ScalarType {
    STRING("String"),
    BOOLEAN("Boolean"),
    INT("Int"),
    BIGINT("BigInt"),
    FLOAT("Float"),
    DECIMAL("Decimal"),
    DATETIME("DateTime"),
    JSON("Json"),
    BYTES("Bytes");

    private final String prismaName;

    ScalarType(String prismaName) {
        this.prismaName = prismaName;
    }

    /** Returns the type's name as written in a schema, e.g. {@code "DateTime"}. */
    public String prismaName() {
        return prismaName;
    }

    /**
     * Looks a type up by its schema name.
     *
     * @param name a type name as written in a schema (case-sensitive)
     * @return the scalar type, or empty when {@code name} is not a built-in scalar
     */
    public static Optional<ScalarType> fromPrismaName(String name) {
        for (ScalarType type : values()) {
            if (type.prismaName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
