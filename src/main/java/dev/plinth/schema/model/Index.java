package dev.plinth.schema.model;

import java.util.List;
import java.util.Optional;

/**
 * A unique constraint ({@code @unique}, {@code @@unique}), an index ({@code @@index}) or a full-text
 * index ({@code @@fulltext}) of a model.
 *
 * <p>Constraint names follow Prisma's conventions: {@code {table}_{columns}_key} for uniques and
 * {@code {table}_{columns}_idx} for indexes, truncated to the database's identifier length, unless
 * {@code map:} names them. Source: Prisma docs, "Index, unique and primary key names"
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/database-mapping#constraint-and-index-names).
 *
 * @param kind           unique, normal or full-text
 * @param fields         the indexed fields, in order
 * @param clientName     {@code name:} (the name Prisma Client uses), when given
 * @param constraintName the database name of the index or constraint
 * @param definedOnField true when it comes from a field attribute ({@code @unique})
 * @param algorithm      {@code type:} (PostgreSQL index method such as {@code Hash}, {@code Gin}), when given
 * @param span           where it is declared
 */
public record Index(
        Kind kind,
        List<IndexField> fields,
        Optional<String> clientName,
        String constraintName,
        boolean definedOnField,
        Optional<String> algorithm,
        Span span) {

    public Index {
        fields = List.copyOf(fields);
    }

    /** Returns the indexed field names, in order. */
    public List<String> fieldNames() {
        return fields.stream().map(IndexField::fieldName).toList();
    }

    /** Returns the indexed column names, in order. */
    public List<String> columnNames() {
        return fields.stream().map(IndexField::columnName).toList();
    }

    /** What an index enforces or serves. */
    public enum Kind {
        UNIQUE,
        NORMAL,
        FULLTEXT
    }
}
