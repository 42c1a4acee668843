package dev.plinth.schema.model;

/**
 * The join table of an implicit many-to-many relation, as Prisma creates it.
 *
 * <p>Prisma's convention: table {@code _{relationName}}; column {@code A} references the model whose
 * name sorts first, column {@code B} the other; both cascade on delete and update; a unique index
 * {@code _{relationName}_AB_unique} (or primary key {@code _{relationName}_AB_pkey} on PostgreSQL)
 * over {@code (A, B)} and an index {@code _{relationName}_B_index} on {@code B}. Source: Prisma docs,
 * "Conventions for relation tables in implicit m-n relations"
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/many-to-many-relations).
 *
 * @param relationName the relation name (the table name without the leading underscore)
 * @param tableName    {@code _{relationName}}
 * @param modelA       the model referenced by column {@code A} (the name that sorts first)
 * @param fieldA       the relation field on model A
 * @param modelB       the model referenced by column {@code B}
 * @param fieldB       the relation field on model B
 */
public record JoinTable(String relationName, String tableName, String modelA, String fieldA, String modelB, String fieldB) {
}
