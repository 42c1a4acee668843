package dev.plinth.schema.model;

/**
 * What a field holds: a scalar, a value of an enum, a relation to another model, a composite
 * {@code type}, or a database type Prisma does not know ({@code Unsupported("…")}).
 */
public sealed interface FieldType {

    /** Returns the type name as written in the schema ({@code String}, {@code Role}, {@code Unsupported}). */
    String name();

    /** A built-in scalar such as {@code String} or {@code DateTime}. */
    record Scalar(ScalarType scalar) implements FieldType {
        @Override
        public String name() {
            return scalar.prismaName();
        }
    }

    /** A value of the schema's enum named {@code name}. */
    record EnumRef(String name) implements FieldType {
    }

    /** A relation to the model named {@code name}; see {@link Field#relation()}. */
    record ModelRef(String name) implements FieldType {
    }

    /**
     * A composite type ({@code type} or {@code embed} block; MongoDB only in Prisma): stored by Plinth as a JSON
     * document in one column and served as nested JSON (see {@link CompositeType}).
     */
    record CompositeRef(String name) implements FieldType {
    }

    /** {@code Unsupported("dbType")}: a column Prisma cannot read; it is created but never served. */
    record Unsupported(String databaseType) implements FieldType {
        @Override
        public String name() {
            return "Unsupported";
        }
    }
}
