package dev.plinth.schema.model;

import java.util.List;
import java.util.Optional;

/**
 * An {@code enum} block.
 *
 * @param name          the enum's name in the schema
 * @param databaseName  {@code @@map("…")} or the name: the PostgreSQL type name
 * @param values        the values, in declaration order
 * @param documentation the {@code ///} comment above the block
 * @param span          where it is declared
 */
public record EnumType(String name, String databaseName, List<Value> values, Optional<String> documentation, Span span) {
    public EnumType {
        values = List.copyOf(values);
    }

    /**
     * Finds a value by its schema name.
     *
     * @param name the value's name in the schema
     * @return the value, or empty
     */
    public Optional<Value> value(String name) {
        return values.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /**
     * An enum value.
     *
     * @param name          the value in the schema
     * @param databaseName  {@code @map("…")} or the name: what is stored, and what the API shows
     * @param documentation the {@code ///} comment above the value (Prisma's DMMF keeps it)
     */
    public record Value(String name, String databaseName, Optional<String> documentation) {

        /** A value without documentation. */
        public Value(String name, String databaseName) {
            this(name, databaseName, Optional.empty());
        }
    }
}
