package dev.plinth.api.record;

import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.ForeignKey;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Refuses a write whose foreign key points at a row the caller may not read: another owner's row, a
 * row of another organization or team, a row the access rules hide. Such a reference answers the same
 * 422 {@code foreign_key_violation} as a key that points at no row, so a write cannot probe what the
 * caller cannot see (docs/api.md, "Keys, references and what a body may hold").
 *
 * <p>Only references into a scoped resource are checked (owner-scoped, tenant-scoped or governed by
 * rules, for this caller); the database's own foreign key checks the others. All the references of a
 * write (or of every row of a bulk insert) are checked with one statement of one {@code EXISTS} per
 * distinct reference, each under the referenced resource's read scope with soft-deleted rows included
 * (they remain readable with {@code with_deleted=true}).
 */
public final class VisibleReferences {

    /**
     * One reference to check.
     *
     * @param fk     the foreign key
     * @param from   the referencing columns, in foreign key order
     * @param values their values, in the same order
     * @param target the referenced resource
     * @param scope  the caller's read scope on it, or empty when the caller may read none of its rows
     */
    public record Reference(ForeignKey fk, List<Column> from, List<Object> values, Resource target, Optional<Scope> scope) {
    }

    private final ResourceCatalog catalog;
    private volatile Map<String, Resource> byTable;

    /**
     * @param catalog the served resources (the referenced ones are found by table), or null to check nothing
     */
    VisibleReferences(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Lists the references a write sets into scoped resources: foreign keys whose columns are all in
     * {@code values} and not null.
     *
     * @param resource the resource written
     * @param values   the values written
     * @param scopeOf  the caller's read scope of a resource (soft-deleted rows included); may throw a
     *                 {@link ProblemException} when the caller may read none of its rows
     * @param partial  whether a resource can be scoped at all (a cheap test run before {@code scopeOf})
     * @return the references to check; empty (and no allocation beyond it) when none points into a scoped resource
     */
    List<Reference> of(Resource resource, WriteValues values, Function<Resource, Scope> scopeOf,
                       java.util.function.Predicate<Resource> partial) {
        if (catalog == null || resource.outgoing().isEmpty()) {
            return List.of();
        }
        List<Reference> out = List.of();
        for (ForeignKey fk : resource.outgoing()) {
            Resource target = targets().get(fk.toTable());
            if (target == null || !partial.test(target)) {
                continue; // never scoped: the database's foreign key decides
            }
            List<Column> from = new ArrayList<>(fk.fromColumns().size());
            List<Object> set = new ArrayList<>(fk.fromColumns().size());
            for (String name : fk.fromColumns()) {
                Column c = resource.stored(name).orElse(null);
                if (c == null || !values.has(c) || values.get(c) == null) {
                    break;
                }
                from.add(c);
                set.add(values.get(c));
            }
            if (from.size() != fk.fromColumns().size()) {
                continue;
            }
            Optional<Scope> scope;
            try {
                scope = Optional.of(scopeOf.apply(target));
            } catch (ProblemException e) {
                scope = Optional.empty(); // no token or no tenant claim: the caller reads none of its rows
            }
            if (scope.isPresent() && scope.get().owner().isEmpty() && scope.get().rowsSql().isEmpty()) {
                continue; // not scoped for this caller: the database's foreign key decides
            }
            if (out.isEmpty()) {
                out = new ArrayList<>(2);
            }
            out.add(new Reference(fk, from, set, target, scope));
        }
        return out;
    }

    /**
     * Checks references with one statement.
     *
     * @param c          the connection, in the write's transaction
     * @param references the references (duplicates are checked once)
     * @throws SQLException when the database fails
     * @throws ProblemException 422 {@code foreign_key_violation} naming the fields of the first reference the caller cannot read
     */
    void check(Connection c, List<Reference> references) throws SQLException {
        if (references.isEmpty()) {
            return;
        }
        List<Reference> queried = new ArrayList<>();
        for (Reference r : distinct(references)) {
            if (r.scope().isEmpty()) {
                throw refused(r);
            }
            queried.add(r);
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < queried.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("EXISTS (SELECT 1 FROM ").append(queried.get(i).target().table())
                    .append(where(queried.get(i))).append(')');
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (Reference r : queried) {
                p = bind(ps, p, r);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < queried.size(); i++) {
                    if (!rs.getBoolean(i + 1)) {
                        throw refused(queried.get(i));
                    }
                }
            }
        }
    }

    private static String where(Reference r) {
        Scope scope = r.scope().orElseThrow();
        StringBuilder where = new StringBuilder(" WHERE ");
        where.append(r.fk().toColumns().stream().map(ResourceCatalog::quote).map(q -> q + " = ?").collect(Collectors.joining(" AND ")));
        if (scope.owner().isPresent()) {
            where.append(" AND ").append(r.target().owner().orElseThrow().quoted()).append(" = ?");
        }
        scope.rowsSql().ifPresent(rows -> where.append(" AND (").append(rows.sql()).append(')'));
        return where.toString();
    }

    private static int bind(PreparedStatement ps, int first, Reference r) throws SQLException {
        int p = first;
        for (int i = 0; i < r.from().size(); i++) {
            r.from().get(i).codec().bind(ps, p++, r.values().get(i));
        }
        Scope scope = r.scope().orElseThrow();
        if (scope.owner().isPresent()) {
            r.target().owner().orElseThrow().codec().bind(ps, p++, scope.owner().get());
        }
        if (scope.rowsSql().isPresent()) {
            for (Object b : scope.rowsSql().get().binds()) {
                ps.setObject(p++, b);
            }
        }
        return p;
    }

    private static ProblemException refused(Reference r) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < r.from().size(); i++) {
            errors.add(ConstraintTranslator.noRow(r.fk(), r.from().get(i), r.values().get(i)));
        }
        return ConstraintTranslator.pointsAtNoRow(errors);
    }

    private Map<String, Resource> targets() {
        Map<String, Resource> map = byTable;
        if (map == null) {
            map = catalog.resources().stream().collect(Collectors.toUnmodifiableMap(Resource::table, r -> r, (a, b) -> a));
            byTable = map;
        }
        return map;
    }

    /**
     * Returns the distinct references, in order (a bulk insert often repeats one parent), told apart by
     * foreign key and values: the scope is the same caller's for every row.
     */
    private static List<Reference> distinct(List<Reference> references) {
        if (references.size() == 1) {
            return references;
        }
        Map<List<Object>, Reference> out = new java.util.LinkedHashMap<>();
        for (Reference r : references) {
            out.putIfAbsent(List.of(r.fk(), r.values()), r);
        }
        return new ArrayList<>(out.values());
    }
}
