package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.InvalidValue;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.IndexField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finds the row a nested {@code connect} names (docs/api.md, "Nested writes"): the key object must name
 * exactly the fields of the primary key or of one unique constraint, composite ones included, written flat
 * ({@code {"org_id": 1, "slug": "a"}}) or under the compound name Prisma uses ({@code {"org_id_slug": {…}}},
 * https://www.prisma.io/docs/orm/prisma-client/special-fields-and-types/working-with-composite-ids-and-constraints).
 * The row is looked up in the caller's read scope (owner, access rules, soft deletes): a row the caller
 * cannot read is refused exactly as a row that does not exist.
 */
final class ConnectKeys {

    private final RecordService records;
    private final ObjectMapper mapper;
    /** Each resource's unique column sets, primary key first, computed once. */
    private final Map<String, List<List<Column>>> uniques = new ConcurrentHashMap<>();

    /**
     * @param records the single-row service (scopes, row writers)
     * @param mapper  parses the found row
     */
    ConnectKeys(RecordService records, ObjectMapper mapper) {
        this.records = records;
        this.mapper = mapper;
    }

    /**
     * Reads a {@code connect} key object and finds its row.
     *
     * @param c        the connection, in the write's transaction
     * @param target   the resource connected to
     * @param key      the key object
     * @param caller   the caller, whose read scope applies
     * @param path     the field path of the key object ({@code author.connect})
     * @return the row, every served column unmasked (its key values are needed to link it)
     * @throws SQLException when the database fails
     * @throws ProblemException 422 {@code validation_failed} for a key object that names no unique key or
     *         holds a bad value; 422 {@code foreign_key_violation} when no readable row matches
     */
    ObjectNode find(Connection c, Resource target, JsonNode key, Caller caller, String path) throws SQLException {
        if (!(key instanceof ObjectNode given) || given.isEmpty()) {
            throw refuse(path, "invalid_nested_write", "expected an object naming a unique key of " + target.name()
                    + ": " + describe(target));
        }
        // Prisma's compound-unique form names the constraint and nests its fields
        ObjectNode object = given.size() == 1 && given.elements().next() instanceof ObjectNode inner ? inner : given;
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        List<Column> columns = unique(target).stream()
                .filter(u -> u.size() == names.size() && u.stream().allMatch(col -> names.contains(col.name())))
                .findFirst()
                .orElseThrow(() -> refuse(path, "invalid_nested_write", "{" + String.join(", ", names) + "} is not a unique key of "
                        + target.name() + "; expected one of: " + describe(target)));
        List<FieldError> errors = new ArrayList<>();
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column col = columns.get(i);
            try {
                values[i] = col.field().normalization().applyTo(col.codec().decode(object.get(col.name())));
                if (values[i] == null) {
                    errors.add(new FieldError(path + "." + col.name(), "not_null", "must not be null"));
                }
            } catch (InvalidValue e) {
                errors.add(new FieldError(path + "." + col.name(), e.code(), e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, errors.size() + " invalid field"
                    + (errors.size() > 1 ? "s" : "") + ": " + errors.stream().map(FieldError::field).collect(Collectors.joining(", ")), errors);
        }
        List<ObjectNode> found = rows(c, target, columns, values, records.readScope(target, caller, false));
        if (found.isEmpty()) {
            String shown = columns.stream().map(col -> col.name() + " = " + object.get(col.name())).collect(Collectors.joining(", "));
            throw ProblemException.fields(ApiProblem.FOREIGN_KEY_VIOLATION, path + ": no row of " + target.name() + " with " + shown,
                    List.of(new FieldError(path + "." + columns.getFirst().name(), "not_found",
                            "no row of " + target.name() + " with " + shown)));
        }
        return found.getFirst();
    }

    /**
     * Reads the rows of a resource whose columns hold the given values, in a scope.
     *
     * @param c       the connection
     * @param target  the resource
     * @param columns the columns compared
     * @param values  their bind values, in order
     * @param scope   the scope the rows must be in
     * @return the rows, every served column unmasked
     * @throws SQLException when the database fails
     */
    List<ObjectNode> rows(Connection c, Resource target, List<Column> columns, Object[] values, Scope scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select(target, columns, scope))) {
            int i = 1;
            for (int k = 0; k < columns.size(); k++) {
                columns.get(k).codec().bind(ps, i++, values[k]);
            }
            if (scope.owner().isPresent()) {
                target.owner().orElseThrow().codec().bind(ps, i++, scope.owner().get());
            }
            if (scope.rowsSql().isPresent()) {
                for (Object b : scope.rowsSql().get().binds()) {
                    ps.setObject(i++, b);
                }
            }
            List<ObjectNode> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add((ObjectNode) mapper.readTree(records.rowWriter(target).toBytes(rs, mapper.getFactory())));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
    }

    /** {@code SELECT … WHERE u1 = ? AND … [AND owner = ?] [AND (rule)] [AND deleted_at IS NULL]}. */
    private String select(Resource target, List<Column> columns, Scope scope) {
        StringBuilder sql = new StringBuilder("SELECT ").append(records.sql(target).columnList()).append(" FROM ")
                .append(target.table()).append(" WHERE ")
                .append(columns.stream().map(col -> col.quoted() + " = ?").collect(Collectors.joining(" AND ")));
        if (scope.owner().isPresent()) {
            sql.append(" AND ").append(target.owner().orElseThrow().quoted()).append(" = ?");
        }
        scope.rowsSql().ifPresent(r -> sql.append(" AND (").append(r.sql()).append(')'));
        if (!scope.includeDeleted() && target.deletedAt().isPresent()) {
            sql.append(" AND ").append(target.deletedAt().get().quoted()).append(" IS NULL");
        }
        return sql.toString();
    }

    /** The unique column sets of a resource: its primary key, then each unique constraint whose columns are all served. */
    private List<List<Column>> unique(Resource target) {
        return uniques.computeIfAbsent(target.name(), n -> {
            List<List<Column>> out = new ArrayList<>();
            if (!target.key().isEmpty()) {
                out.add(target.key());
            }
            for (Index index : target.model().uniques()) {
                List<Column> cols = new ArrayList<>();
                for (IndexField f : index.fields()) {
                    target.stored(f.columnName()).ifPresent(cols::add);
                }
                if (!cols.isEmpty() && cols.size() == index.fields().size()) {
                    out.add(List.copyOf(cols));
                }
            }
            return List.copyOf(out);
        });
    }

    private String describe(Resource target) {
        return unique(target).stream().map(u -> "{" + u.stream().map(Column::name).collect(Collectors.joining(", ")) + "}")
                .collect(Collectors.joining(" or "));
    }

    private static ProblemException refuse(String path, String code, String message) {
        return ProblemException.fields(ApiProblem.VALIDATION_FAILED, path + ": " + message, List.of(new FieldError(path, code, message)));
    }
}
