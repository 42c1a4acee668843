package dev.plinth.schema.model;

import java.util.List;
import java.util.Optional;

/**
 * A model's primary key: one {@code @id} field or the fields of {@code @@id([…])}, in order.
 *
 * @param fields         the key's fields in declaration order of {@code @@id}
 * @param clientName     {@code @@id(name: "…")}: the name Prisma Client uses, when given
 * @param constraintName the database constraint name: {@code map:} or Prisma's {@code {table}_pkey}
 * @param compound       true for {@code @@id}, false for a field-level {@code @id}
 */
public record PrimaryKey(List<IndexField> fields, Optional<String> clientName, String constraintName, boolean compound) {
    public PrimaryKey {
        fields = List.copyOf(fields);
    }

    /** Returns the key's field names, in order. */
    public List<String> fieldNames() {
        return fields.stream().map(IndexField::fieldName).toList();
    }
}
