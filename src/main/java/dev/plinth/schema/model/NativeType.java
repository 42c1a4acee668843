package dev.plinth.schema.model;

import java.util.List;

/**
 * A {@code @db.*} native type attribute, e.g. {@code @db.VarChar(255)} is {@code ("VarChar", ["255"])}.
 *
 * <p>Source: Prisma schema reference, "Model field scalar types", the native type mapping tables
 * per connector.
 *
 * @param name      the native type name after {@code @db.}
 * @param arguments the arguments as written, in order (numbers as their decimal text)
 */
public record NativeType(String name, List<String> arguments) {
    public NativeType {
        arguments = List.copyOf(arguments);
    }
}
