package dev.plinth.api.record;

import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.JoinTable;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.Schema;

import java.util.List;
import java.util.Optional;

/**
 * How the rows of one model reach the rows of another through a relation field: which columns of
 * each side hold the matching values, whether there are many, and for an implicit many-to-many
 * relation the join table between them. Resolved from the schema only (Prisma's relation rules,
 * https://www.prisma.io/docs/orm/prisma-schema/data-model/relations).
 *
 * @param field    the relation field on the parent model ({@code contacts}, {@code company})
 * @param target   the related resource
 * @param local    the parent's columns whose values identify the related rows (the foreign key on the
 *                 side that holds it, else the referenced columns; the id for many-to-many)
 * @param remote   the target's columns matched against {@code local} (its id for many-to-many)
 * @param many     true when a parent has many related rows
 * @param join     for an implicit many-to-many relation: the join table
 * @param parentJoinColumn the join table's column holding the parent's id ({@code A} or {@code B})
 * @param targetJoinColumn the join table's column holding the target's id
 */
public record RelationLink(Field field, Resource target, List<Field> local, List<Field> remote, boolean many,
                           Optional<JoinTable> join, String parentJoinColumn, String targetJoinColumn) {

    public RelationLink {
        local = List.copyOf(local);
        remote = List.copyOf(remote);
    }

    /** Returns true for an implicit many-to-many relation. */
    public boolean manyToMany() {
        return join.isPresent();
    }

    /**
     * Resolves a relation field.
     *
     * @param schema  the schema
     * @param catalog the served resources
     * @param parent  the model the field is on
     * @param field   a relation field of {@code parent}
     * @return the link, or empty when the related model is not served ({@code @@ignore}) or a column is not served
     */
    public static Optional<RelationLink> of(Schema schema, ResourceCatalog catalog, Model parent, Field field) {
        Optional<RelationInfo> info = field.relation();
        if (info.isEmpty() || field.ignored()) {
            return Optional.empty();
        }
        RelationInfo rel = info.get();
        Optional<Model> targetModel = schema.model(rel.targetModel());
        Optional<Resource> target = targetModel.flatMap(m -> catalog.resources().stream().filter(r -> r.model().name().equals(m.name())).findFirst());
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Model t = targetModel.get();
        if (rel.kind() == RelationInfo.RelationKind.MANY_TO_MANY) {
            Optional<JoinTable> join = schema.joinTables().stream().filter(j -> j.relationName().equals(rel.name())).findFirst();
            Optional<Field> parentId = singleId(parent);
            Optional<Field> targetId = singleId(t);
            if (join.isEmpty() || parentId.isEmpty() || targetId.isEmpty()) {
                return Optional.empty();
            }
            JoinTable j = join.get();
            // Column A references model A; for a self-relation, the side named fieldA reads from A to B.
            boolean parentIsA = j.modelA().equals(parent.name()) && (!j.modelA().equals(j.modelB()) || j.fieldA().equals(field.name()));
            return Optional.of(new RelationLink(field, target.get(), List.of(parentId.get()), List.of(targetId.get()), true,
                    join, parentIsA ? "A" : "B", parentIsA ? "B" : "A"));
        }
        List<Field> local;
        List<Field> remote;
        boolean many;
        if (rel.holdsForeignKey()) {
            local = fields(parent, rel.fields());
            remote = fields(t, rel.references());
            many = false;
        } else {
            Optional<RelationInfo> back = rel.backField().flatMap(t::field).flatMap(Field::relation);
            if (back.isEmpty() || !back.get().holdsForeignKey()) {
                return Optional.empty();
            }
            local = fields(parent, back.get().references());
            remote = fields(t, back.get().fields());
            many = field.list();
        }
        if (local.isEmpty() || local.size() != remote.size()) {
            return Optional.empty();
        }
        return Optional.of(new RelationLink(field, target.get(), local, remote, many, Optional.empty(), "", ""));
    }

    private static Optional<Field> singleId(Model m) {
        return m.primaryKey().filter(pk -> pk.fields().size() == 1)
                .flatMap(pk -> m.fieldByColumn(pk.fields().getFirst().columnName()));
    }

    private static List<Field> fields(Model m, List<String> names) {
        List<Field> out = names.stream().map(m::field).flatMap(Optional::stream).toList();
        return out.size() == names.size() ? out : List.of();
    }
}
