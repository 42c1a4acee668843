package dev.plinth.api.record;

import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.api.value.ColumnCodec;
import dev.plinth.api.value.InvalidValue;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.ReferentialAction;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.Schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cascading soft deletes (docs/api.md, "Soft delete and cascades"): soft-deleting a row soft-deletes, in the
 * same transaction, the rows that reference it through a relation with {@code onDelete: Cascade} and have a
 * soft-delete column of their own, level by level to any depth; restoring the row restores exactly the rows the
 * cascade marked. Every row of one cascade gets the root's deletion instant (and the caller in
 * {@code deleted_by}), and a restore follows the same relations from the restored row, clearing only children
 * stamped with the root's instant, so a child deleted earlier by other means stays deleted.
 *
 * <p>The semantics are the database's {@code ON DELETE CASCADE} (Prisma docs, "Referential actions",
 * https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/referential-actions; PostgreSQL docs,
 * "Foreign Keys", https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK): the cascade
 * is the server's consequence of a delete the caller is allowed to make, so child rows are changed whatever the
 * caller's own owner scope and access rules on them. A child model without a soft-delete column under a Cascade
 * relation blocks the soft delete ({@code 409 still_referenced}) while rows of it reference the deleted rows,
 * unless the schema lists it in {@code cascadeHardDelete} (they are hard-deleted, the database's own actions
 * apply below them) or {@code cascadeKeep} (they are left as they are); see {@link CascadeSettings}.
 *
 * <p>Statements: one UPDATE (or check, or DELETE) per cascade relation per level, whatever the number of rows;
 * the rows changed at one level are passed to the next as bound key values (in chunks of at most
 * {@value #MAX_TUPLES} for very large levels). The plan is built once at start; a schema without such relations
 * has an empty plan and costs nothing per request.
 */
public final class SoftDeleteCascade {

    /**
     * The most levels of rows a cascade marks below the root (a self-relation goes one level deeper each time); a
     * cascade that would mark rows deeper is refused whole.
     */
    public static final int MAX_LEVELS = 256;

    /** The most parent rows bound in one statement: well within SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
    static final int MAX_TUPLES = 5_000;

    /** No cascades: the plan of a schema without Cascade relations into soft-delete models. */
    public static final SoftDeleteCascade NONE = new SoftDeleteCascade(Map.of());

    /**
     * One relation a cascade follows: rows of {@code child} whose {@code foreignKey} columns equal the
     * {@code references} columns of a row of {@code parent}.
     *
     * @param parent     the referenced resource
     * @param child      the referencing resource
     * @param field      the relation field on the child model, for messages
     * @param foreignKey the child's foreign-key columns
     * @param references the parent's referenced columns, in the same order
     * @param treatment  null when the child has a soft-delete column (its rows are soft-deleted); else what happens to them
     */
    record Edge(Resource parent, Resource child, String field, List<Column> foreignKey, List<Column> references,
                CascadeSettings.Treatment treatment) {
        boolean soft() {
            return treatment == null;
        }
    }

    private final Map<String, List<Edge>> edges;
    /** Per resource name: the columns its rows must hand to the next level (the references of its own edges). */
    private final Map<String, List<Column>> handedOn;

    private SoftDeleteCascade(Map<String, List<Edge>> edges) {
        this.edges = Map.copyOf(edges);
        Map<String, List<Column>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Edge>> e : edges.entrySet()) {
            Set<Column> cols = new LinkedHashSet<>();
            e.getValue().forEach(edge -> cols.addAll(edge.references()));
            out.put(e.getKey(), List.copyOf(cols));
        }
        this.handedOn = Map.copyOf(out);
    }

    /**
     * Builds the plan of a schema: for every served soft-delete model, the Cascade relations into it.
     *
     * @param schema  the resolved schema
     * @param catalog the served resources
     * @return the plan; {@link #NONE} when no soft-delete model is referenced under {@code onDelete: Cascade}
     */
    public static SoftDeleteCascade of(Schema schema, ResourceCatalog catalog) {
        CascadeSettings settings = CascadeSettings.of(schema);
        Map<String, List<Edge>> out = new LinkedHashMap<>();
        for (Resource child : catalog.resources()) {
            if (child.readOnly()) {
                continue;
            }
            for (Field f : child.model().relationFields()) {
                RelationInfo r = f.relation().orElse(null);
                if (r == null || !r.holdsForeignKey() || r.onDelete() != ReferentialAction.CASCADE) {
                    continue;
                }
                Optional<Resource> parent = catalog.forModel(r.targetModel());
                if (parent.isEmpty() || parent.get().deletedAt().isEmpty() || parent.get().readOnly()) {
                    continue;
                }
                List<Column> fk = columns(child, child.model(), r.fields());
                List<Column> refs = columns(parent.get(), parent.get().model(), r.references());
                if (fk == null || refs == null) {
                    continue;
                }
                CascadeSettings.Treatment treatment = child.deletedAt().isPresent() ? null : settings.of(child.model().name());
                out.computeIfAbsent(parent.get().name(), k -> new ArrayList<>())
                        .add(new Edge(parent.get(), child, child.model().name() + "." + f.name(), fk, refs, treatment));
            }
        }
        return out.isEmpty() ? NONE : new SoftDeleteCascade(out);
    }

    private static List<Column> columns(Resource resource, Model model, List<String> fieldNames) {
        List<Column> out = new ArrayList<>();
        for (String n : fieldNames) {
            Optional<Column> c = model.field(n).flatMap(f -> resource.stored(f.columnName()));
            if (c.isEmpty()) {
                return null;
            }
            out.add(c.get());
        }
        return out;
    }

    /**
     * Tells whether soft deletes of a resource cascade.
     *
     * @param resource a resource
     * @return true when Cascade relations point at it
     */
    public boolean cascades(Resource resource) {
        return edges.containsKey(resource.name());
    }

    /** Which rows of the root a cascade starts from. */
    public sealed interface Roots {
        /** The one row with this key (a single-row DELETE or restore). */
        record ByKey(Object[] key) implements Roots {
        }

        /** Every row stamped with the deletion instant (a collection DELETE). */
        record ByStamp() implements Roots {
        }
    }

    /**
     * Soft-deletes the rows that reference freshly soft-deleted root rows, to any depth.
     *
     * @param c      the connection, in the delete's transaction (the root rows already carry {@code stamp})
     * @param root   the resource whose rows were soft-deleted
     * @param roots  which of its rows
     * @param stamp  the instant written to the roots' {@code deleted_at}
     * @param caller the caller, written to {@code deleted_by}
     * @throws SQLException when the database fails
     * @throws ProblemException 409 {@code still_referenced} when a child without soft-delete column blocks it;
     *                          422 {@code limit_exceeded} beyond {@value #MAX_LEVELS} levels
     * @throws ConstraintFailure when a hard-deleted child is still referenced under {@code onDelete: Restrict}
     */
    public void delete(Connection c, Resource root, Roots roots, Instant stamp, Caller caller) throws SQLException {
        run(c, root, roots, stamp, stamp, caller, true);
    }

    /**
     * Restores the rows a soft delete of the root cascaded to: those stamped with the root's deletion instant,
     * reached from the root through rows restored here.
     *
     * @param c      the connection, in the restore's transaction (the root row already restored)
     * @param root   the resource of the restored row
     * @param key    its key
     * @param stamp  the root's {@code deleted_at} before the restore
     * @param now    the restore's instant, for {@code updated_at}
     * @param caller the caller, written to {@code updated_by}
     * @throws SQLException when the database fails
     */
    public void restore(Connection c, Resource root, Object[] key, Instant stamp, Instant now, Caller caller) throws SQLException {
        run(c, root, new Roots.ByKey(key), stamp, now, caller, false);
    }

    /**
     * Reads a row's {@code deleted_at} before a restore clears it.
     *
     * @param c        the connection
     * @param resource a soft-delete resource
     * @param key      the row's key
     * @return the instant, or null when the row is not deleted (or not there)
     * @throws SQLException when the database fails
     */
    public Instant stamp(Connection c, Resource resource, Object[] key) throws SQLException {
        Column deletedAt = resource.deletedAt().orElseThrow();
        String sql = "SELECT " + deletedAt.quoted() + " FROM " + resource.table() + " WHERE " + keyCondition(resource);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindKey(ps, 1, resource, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && deletedAt.codec() instanceof ColumnCodec.DateTime dt ? dt.read(rs, 1) : null;
            }
        }
    }

    /** The parent rows of one level: the roots (a sub-select), or the rows changed at the level before (bound values). */
    private sealed interface Parents {
        record Root(Roots roots) implements Parents {
        }

        record Rows(List<Object[]> rows) implements Parents {
        }
    }

    private void run(Connection c, Resource root, Roots roots, Instant stamp, Instant now, Caller caller, boolean deleting)
            throws SQLException {
        Map<Resource, Parents> frontier = new LinkedHashMap<>();
        frontier.put(root, new Parents.Root(roots));
        for (int level = 1; !frontier.isEmpty(); level++) {
            Map<Resource, List<Object[]>> next = new LinkedHashMap<>();
            for (Map.Entry<Resource, Parents> entry : frontier.entrySet()) {
                for (Edge edge : edges.getOrDefault(entry.getKey().name(), List.of())) {
                    if (!edge.soft()) {
                        if (deleting) {
                            hardChild(c, edge, entry.getValue(), stamp);
                        }
                        continue;
                    }
                    List<Object[]> changed = softChild(c, edge, entry.getValue(), stamp, now, caller, deleting);
                    if (!changed.isEmpty()) {
                        next.computeIfAbsent(edge.child(), k -> new ArrayList<>()).addAll(changed);
                    }
                }
            }
            if (level > MAX_LEVELS && !next.isEmpty()) {
                // the statements of this level ran, but the transaction is rolled back with the refusal
                throw ApiProblem.LIMIT_EXCEEDED.with("the soft delete of " + root.name() + " cascades deeper than "
                        + MAX_LEVELS + " levels of onDelete: Cascade relations; nothing was " + (deleting ? "deleted" : "restored"));
            }
            frontier = new LinkedHashMap<>();
            for (Map.Entry<Resource, List<Object[]>> e : next.entrySet()) {
                if (cascades(e.getKey())) {
                    frontier.put(e.getKey(), new Parents.Rows(e.getValue()));
                }
            }
        }
    }

    /** Soft-deletes (or restores) one child model's rows under the parents; returns the changed rows' handed-on values. */
    private List<Object[]> softChild(Connection c, Edge edge, Parents parents, Instant stamp, Instant now, Caller caller,
                                     boolean deleting) throws SQLException {
        Resource child = edge.child();
        Column deletedAt = child.deletedAt().orElseThrow();
        List<Column> set = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Column col : child.columns()) {
            switch (col.role()) {
                case DELETED_AT -> {
                    set.add(col);
                    values.add(deleting ? stamp : null);
                }
                case UPDATED_AT -> {
                    if (col.codec() instanceof ColumnCodec.DateTime) {
                        set.add(col);
                        values.add(now);
                    }
                }
                case DELETED_BY -> {
                    set.add(col);
                    values.add(deleting ? subject(col, caller) : null);
                }
                case UPDATED_BY -> {
                    if (!deleting && subject(col, caller) != null) {
                        set.add(col);
                        values.add(subject(col, caller));
                    }
                }
                default -> {
                }
            }
        }
        List<Column> handed = handedOn.getOrDefault(child.name(), List.of());
        String head = "UPDATE " + child.table() + " SET " + set.stream().map(col -> col.quoted() + " = ?").collect(Collectors.joining(", "))
                + " WHERE " + deletedAt.quoted() + (deleting ? " IS NULL" : " = ?") + " AND ";
        String tail = handed.isEmpty() ? "" : " RETURNING " + handed.stream().map(Column::quoted).collect(Collectors.joining(", "));
        List<Object[]> out = new ArrayList<>();
        for (Chunk chunk : chunks(edge, parents)) {
            try (PreparedStatement ps = c.prepareStatement(head + chunk.condition() + tail)) {
                int i = 1;
                for (int k = 0; k < set.size(); k++) {
                    bindValue(ps, i++, set.get(k), values.get(k));
                }
                if (!deleting) {
                    deletedAt.codec().bind(ps, i++, stamp);
                }
                chunk.bind(ps, i, stamp);
                if (handed.isEmpty()) {
                    ps.executeUpdate();
                    continue;
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] row = new Object[handed.size()];
                        for (int k = 0; k < row.length; k++) {
                            row[k] = rs.getObject(k + 1);
                        }
                        out.add(row);
                    }
                }
            } catch (SQLException e) {
                throw new ConstraintFailure(e, child, null, null, false);
            }
        }
        return out;
    }

    /** A child model without a soft-delete column: refuse, hard-delete or keep its rows under the parents. */
    private void hardChild(Connection c, Edge edge, Parents parents, Instant stamp) throws SQLException {
        switch (edge.treatment()) {
            case KEEP -> {
            }
            case RESTRICT -> {
                for (Chunk chunk : chunks(edge, parents)) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + edge.child().table() + " WHERE "
                            + chunk.condition() + " LIMIT 1")) {
                        chunk.bind(ps, 1, stamp);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                throw blocked(edge);
                            }
                        }
                    }
                }
            }
            case HARD_DELETE -> {
                for (Chunk chunk : chunks(edge, parents)) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + edge.child().table() + " WHERE " + chunk.condition())) {
                        chunk.bind(ps, 1, stamp);
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        throw new ConstraintFailure(e, edge.child(), null, null, true);
                    }
                }
            }
        }
    }

    private static ProblemException blocked(Edge edge) {
        String model = edge.child().model().name();
        String message = "rows of " + edge.child().name() + " (model " + model + ", relation " + edge.field()
                + ", onDelete: Cascade) reference the row, and " + model + " has no soft-delete column to mark them deleted";
        return ProblemException.fields(ApiProblem.STILL_REFERENCED, message + "; add a deleted_at DateTime? field to " + model
                        + ", or list " + model + " in cascadeHardDelete (delete them) or cascadeKeep (leave them) of the schema's"
                        + " generator plinth block; nothing was deleted",
                List.of(new FieldError(edge.child().name(), "no_soft_delete", message)));
    }

    /** One statement's share of the parents: its condition on the child's foreign key and how to bind it. */
    private record Chunk(String condition, Binder binder) {
        void bind(PreparedStatement ps, int first, Instant stamp) throws SQLException {
            binder.bind(ps, first, stamp);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int first, Instant stamp) throws SQLException;
    }

    private List<Chunk> chunks(Edge edge, Parents parents) {
        String fk = edge.foreignKey().size() == 1 ? edge.foreignKey().getFirst().quoted()
                : edge.foreignKey().stream().map(Column::quoted).collect(Collectors.joining(", ", "(", ")"));
        Resource parent = edge.parent();
        return switch (parents) {
            case Parents.Root r -> {
                String refs = edge.references().stream().map(Column::quoted).collect(Collectors.joining(", "));
                yield switch (r.roots()) {
                    case Roots.ByKey k -> List.of(new Chunk(fk + " IN (SELECT " + refs + " FROM " + parent.table() + " WHERE "
                            + keyCondition(parent) + ")", (ps, first, stamp) -> bindKey(ps, first, parent, k.key())));
                    case Roots.ByStamp s -> List.of(new Chunk(fk + " IN (SELECT " + refs + " FROM " + parent.table() + " WHERE "
                            + parent.deletedAt().orElseThrow().quoted() + " = ?)",
                            (ps, first, stamp) -> parent.deletedAt().orElseThrow().codec().bind(ps, first, stamp)));
                };
            }
            case Parents.Rows rows -> {
                List<Column> handed = handedOn.get(parent.name());
                int[] at = edge.references().stream().mapToInt(handed::indexOf).toArray();
                List<Object[]> tuples = distinct(rows.rows(), at);
                List<Chunk> out = new ArrayList<>();
                for (int from = 0; from < tuples.size(); from += MAX_TUPLES) {
                    List<Object[]> part = tuples.subList(from, Math.min(tuples.size(), from + MAX_TUPLES));
                    String one = at.length == 1 ? "?" : "(" + "?, ".repeat(at.length - 1) + "?)";
                    String list = String.join(", ", java.util.Collections.nCopies(part.size(), one));
                    String condition = at.length == 1 ? fk + " IN (" + list + ")" : fk + " IN (VALUES " + list + ")";
                    out.add(new Chunk(condition, (ps, first, stamp) -> {
                        int i = first;
                        for (Object[] t : part) {
                            for (Object v : t) {
                                ps.setObject(i++, v);
                            }
                        }
                    }));
                }
                yield out;
            }
        };
    }

    /** The distinct non-null tuples of the referenced columns, in order. */
    private static List<Object[]> distinct(List<Object[]> rows, int[] at) {
        Map<List<Object>, Object[]> out = new LinkedHashMap<>();
        for (Object[] row : rows) {
            Object[] t = new Object[at.length];
            boolean hasNull = false;
            for (int k = 0; k < at.length; k++) {
                t[k] = row[at[k]];
                hasNull |= t[k] == null;
            }
            if (!hasNull) {
                out.putIfAbsent(java.util.Arrays.asList(t), t);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static String keyCondition(Resource resource) {
        return resource.key().stream().map(col -> col.quoted() + " = ?").collect(Collectors.joining(" AND "));
    }

    private static void bindKey(PreparedStatement ps, int first, Resource resource, Object[] key) throws SQLException {
        for (int k = 0; k < key.length; k++) {
            resource.key().get(k).codec().bind(ps, first + k, key[k]);
        }
    }

    private static void bindValue(PreparedStatement ps, int index, Column col, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.NULL);
        } else {
            col.codec().bind(ps, index, value);
        }
    }

    /** The caller's subject as a value of an audit column, or null without a caller or when it does not fit. */
    private static Object subject(Column col, Caller caller) {
        if (caller.subject().isEmpty()) {
            return null;
        }
        try {
            return col.codec().parseText(caller.subject().get());
        } catch (InvalidValue e) {
            return null;
        }
    }
}
