package dev.plinth.schema.model;

import java.util.List;
import java.util.Optional;

/**
 * One side of a relation, as seen from a relation field.
 *
 * <p>The side that holds the foreign key lists it in {@code fields} and the referenced fields in
 * {@code references}; the other side (the back-relation) has both empty. Source: Prisma docs,
 * "Relations" (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations).
 *
 * @param name                the relation name: {@code @relation("name")}, or Prisma's default, the two
 *                            model names sorted and joined by {@code To} ({@code CategoryToPost})
 * @param targetModel         the model on the other side
 * @param backField           the relation field on the other side, or empty when the other side has none
 * @param fields              the foreign-key fields on this model ({@code fields: […]}), or empty
 * @param references          the referenced fields on the target model ({@code references: […]}), or empty
 * @param onDelete            the referential action on delete (Prisma's default when absent); for the
 *                            side without the foreign key, the action of the other side
 * @param onUpdate            the referential action on update (Prisma's default when absent)
 * @param foreignKeyName      the foreign key's constraint name: {@code map:} or Prisma's
 *                            {@code {table}_{columns}_fkey}; empty on the side without the foreign key
 * @param kind                one-to-one, one-to-many (from either side) or implicit many-to-many
 * @param onDeleteDeclared    true when {@code onDelete} is written on this field's {@code @relation}
 *                            (Prisma's DMMF lists only declared actions)
 * @param onUpdateDeclared    true when {@code onUpdate} is written on this field's {@code @relation}
 */
public record RelationInfo(
        String name,
        String targetModel,
        Optional<String> backField,
        List<String> fields,
        List<String> references,
        ReferentialAction onDelete,
        ReferentialAction onUpdate,
        Optional<String> foreignKeyName,
        RelationKind kind,
        boolean onDeleteDeclared,
        boolean onUpdateDeclared) {

    public RelationInfo {
        fields = List.copyOf(fields);
        references = List.copyOf(references);
    }

    /** Creates a relation side whose referential actions are not declared in the schema (Prisma's defaults). */
    public RelationInfo(String name, String targetModel, Optional<String> backField, List<String> fields,
                        List<String> references, ReferentialAction onDelete, ReferentialAction onUpdate,
                        Optional<String> foreignKeyName, RelationKind kind) {
        this(name, targetModel, backField, fields, references, onDelete, onUpdate, foreignKeyName, kind, false, false);
    }

    /** Returns true when this side holds the foreign key. */
    public boolean holdsForeignKey() {
        return !fields.isEmpty();
    }

    /** The shape of a relation. */
    public enum RelationKind {
        /** Each row on either side relates to at most one row on the other. */
        ONE_TO_ONE,
        /** This side relates to at most one row; the other side to many (this side holds the key). */
        MANY_TO_ONE,
        /** This side relates to many rows; the other side holds the key. */
        ONE_TO_MANY,
        /** Implicit many-to-many through Prisma's join table {@code _{name}} with columns {@code A} and {@code B}. */
        MANY_TO_MANY
    }
}
