package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.schema.model.Index;
import dev.plinth.sql.DatabaseKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /api/{model}?on_conflict=a,b} with {@code Prefer: resolution=merge-duplicates} or
 * {@code resolution=ignore-duplicates} (PostgREST's spelling,
 * https://postgrest.org/en/stable/references/api/tables_views.html#upsert; docs/api.md, "Upsert"): each
 * object is inserted, or, when a row already holds its values of the named unique, that row is updated
 * with the fields the object sent (merge) or left alone (ignore).
 *
 * <p>Each chunk of objects is one {@code INSERT … ON CONFLICT (…) DO UPDATE SET … WHERE … / DO NOTHING
 * … RETURNING …} (PostgreSQL, https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT;
 * SQLite 3.35+, https://www.sqlite.org/lang_upsert.html), preceded by one {@code SELECT} that finds which
 * objects meet an existing row and whether the caller may change it (locked {@code FOR UPDATE} on PostgreSQL,
 * SQLite's write transaction holds the write lock). The {@code DO UPDATE}'s {@code WHERE} repeats the
 * owner and soft-delete conditions, so a row of another owner is never changed even by a writer that
 * slipped in between; any answer other than the one foreseen rolls the request back (409, retry).
 *
 * <p>A model under access rules, tenant columns, model-level data rules or a create rule takes the same
 * decisions row by row through {@link RecordService#insert} and {@link RecordService#update}, so every
 * rule applies exactly as to a POST and a PATCH.
 */
public final class ConflictUpsert {

    /** The alias of the target table inside the statement, so the owner condition names the stored row. */
    private static final String ALIAS = "plinth_t";

    private final RecordService records;

    /**
     * Creates the upserter over the single-row operations.
     *
     * @param records the record service
     */
    public ConflictUpsert(RecordService records) {
        this.records = records;
    }

    /** What happens on a conflict: PostgREST's {@code Prefer: resolution=…}. */
    public enum Resolution {
        /** {@code merge-duplicates}: update the existing row with the fields sent. */
        MERGE("merge-duplicates"),
        /** {@code ignore-duplicates}: leave the existing row as it is. */
        IGNORE("ignore-duplicates");

        private final String spelling;

        Resolution(String spelling) {
            this.spelling = spelling;
        }

        /** Returns the preference as written in {@code Prefer}. */
        public String spelling() {
            return spelling;
        }

        /**
         * Reads {@code resolution=…} out of {@code Prefer} headers (RFC 7240: comma-separated preferences).
         *
         * @param headers the {@code Prefer} header values
         * @return the resolution, or empty when none is asked
         * @throws ProblemException 400 for an unknown resolution
         */
        public static Optional<Resolution> fromPrefer(List<String> headers) {
            for (String header : headers) {
                for (String part : header.split(",")) {
                    String p = part.trim();
                    int semi = p.indexOf(';');
                    if (semi >= 0) {
                        p = p.substring(0, semi).trim();
                    }
                    if (!p.regionMatches(true, 0, "resolution=", 0, "resolution=".length())) {
                        continue;
                    }
                    String v = p.substring("resolution=".length()).trim();
                    for (Resolution r : values()) {
                        if (r.spelling.equals(v)) {
                            return Optional.of(r);
                        }
                    }
                    throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "Prefer: resolution=" + v
                                    + " is not understood; use merge-duplicates or ignore-duplicates",
                            List.of(new FieldError("Prefer", "invalid_parameter", "resolution is merge-duplicates or ignore-duplicates")));
                }
            }
            return Optional.empty();
        }
    }

    /** What became of one object. */
    public enum Outcome {
        /** Inserted. */
        CREATED,
        /** An existing row was updated with it. */
        UPDATED,
        /** An existing row (or one the caller cannot see) held its values; nothing was written. */
        IGNORED;

        /** Returns the lower-case word of the {@code Plinth-Upsert} header. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The upsert's answer, per object in request order.
     *
     * @param outcomes what became of each object
     * @param rows     each object's row as stored, or null when ignored
     * @param keys     each object's key path segment, or null when ignored
     */
    public record Result(List<Outcome> outcomes, List<byte[]> rows, List<String> keys) {
    }

    /**
     * Reads {@code on_conflict}: field names that must be exactly the fields of the key or of one
     * {@code @unique}/{@code @@unique} (any order), as PostgreSQL's {@code ON CONFLICT (…)} must name a
     * unique index.
     *
     * @param resource the resource
     * @param text     the parameter's value, comma-separated names
     * @return the columns, in the order given
     * @throws ProblemException 400 {@code invalid_parameter} naming {@code on_conflict}
     */
    public static List<Column> target(Resource resource, String text) {
        List<Column> cols = new ArrayList<>();
        for (String name : text.split(",", -1)) {
            Optional<Column> col = resource.column(name.trim());
            if (col.isEmpty() || cols.contains(col.get())) {
                throw invalidTarget(resource, "'" + name.trim() + "' is " + (col.isEmpty() ? "not a field" : "named twice"));
            }
            cols.add(col.get());
        }
        Set<Column> asked = Set.copyOf(cols);
        for (List<Column> unique : uniques(resource)) {
            if (Set.copyOf(unique).equals(asked)) {
                return cols;
            }
        }
        throw invalidTarget(resource, "(" + text + ") is not the key or a unique constraint");
    }

    private static ProblemException invalidTarget(Resource resource, String why) {
        String valid = uniques(resource).stream().map(u -> u.stream().map(Column::name).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" | "));
        return ProblemException.fields(ApiProblem.INVALID_PARAMETER, "on_conflict: " + why + "; " + resource.name()
                        + " takes " + (valid.isEmpty() ? "none" : valid),
                List.of(new FieldError("on_conflict", "invalid_parameter", "the fields of the key or of one unique constraint: " + valid)));
    }

    /** The key and every unique constraint whose columns are all served, as columns. */
    private static List<List<Column>> uniques(Resource resource) {
        List<List<Column>> out = new ArrayList<>();
        if (!resource.key().isEmpty()) {
            out.add(resource.key());
        }
        for (Index u : resource.model().uniques()) {
            List<Column> cols = new ArrayList<>();
            for (String stored : u.columnNames()) {
                resource.stored(stored).ifPresent(cols::add);
            }
            if (cols.size() == u.columnNames().size() && !out.contains(cols)) {
                out.add(cols);
            }
        }
        return out;
    }

    /**
     * Upserts objects in order, all or nothing (the caller's transaction).
     *
     * @param c          the connection, in a write transaction
     * @param resource   the resource
     * @param items      the JSON objects
     * @param target     the {@code on_conflict} columns ({@link #target})
     * @param resolution merge or ignore
     * @param caller     the caller
     * @param array      true when the body was an array (errors then name the item)
     * @return per object, what happened and the row
     * @throws SQLException when the database fails
     * @throws ProblemException 401/403/422 as a POST; 409 {@code unique_violation} when a merge meets a row
     *                          the caller may not change (nothing of it is shown), 409 {@code concurrent_update}
     *                          when another writer changed the outcome under way
     * @throws ConstraintFailure when another constraint refuses a row
     */
    public Result upsert(Connection c, Resource resource, List<JsonNode> items, List<Column> target, Resolution resolution,
                         Caller caller, boolean array) throws SQLException {
        List<RecordService.PreparedInsert> prepared = new ArrayList<>(items.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            RecordService.PreparedInsert p;
            try {
                p = records.prepareInsert(resource, items.get(i), caller);
                checkTarget(p.values(), target, seen, i);
            } catch (ProblemException e) {
                throw array ? ProblemException.atItem(e, i) : e;
            }
            prepared.add(p);
        }
        boolean rowByRow = rowByRow(resource, prepared);
        Outcome[] outcomes = new Outcome[items.size()];
        byte[][] rows = new byte[items.size()][];
        String[] keys = new String[items.size()];
        int per = Math.max(1, Math.min(records.maxRowsPerInsert(resource.columns().size()),
                records.maxRowsPerInsert(2 * target.size() + 2)));
        int start = 0;
        while (start < prepared.size()) {
            RecordService.PreparedInsert first = prepared.get(start);
            List<Column> set = updateColumns(resource, items.get(start), target);
            int end = start + 1;
            while (end < prepared.size() && end - start < per && !rowByRow
                    && first.values().shape().equals(prepared.get(end).values().shape())
                    && set.equals(updateColumns(resource, items.get(end), target))) {
                end++;
            }
            State[] states = classify(c, resource, target, prepared.subList(start, end), first.scope(), rowByRow);
            for (int i = start; i < end; i++) {
                if (states[i - start].hidden() && resolution == Resolution.MERGE) {
                    ProblemException p = ProblemException.fields(ApiProblem.UNIQUE_VIOLATION, "a row " + resource.name()
                                    + " does not let this caller change already holds these " + names(target) + "; nothing was changed",
                            target.stream().map(col -> new FieldError(col.name(), "unique", "must be unique")).toList());
                    throw array ? ProblemException.atItem(p, i) : p;
                }
            }
            if (rowByRow) {
                oneByOne(c, resource, items.get(start), first, states[0], resolution, caller, start, array, outcomes, rows, keys);
            } else {
                statement(c, resource, target, set, prepared.subList(start, end), states, resolution, start, outcomes, rows, keys);
            }
            start = end;
        }
        return new Result(List.of(outcomes), Arrays.asList(rows), Arrays.asList(keys));
    }

    /** Each object must give every {@code on_conflict} field, and no two objects the same values of them. */
    private static void checkTarget(WriteValues values, List<Column> target, Map<String, Integer> seen, int index) {
        List<FieldError> missing = new ArrayList<>();
        StringBuilder id = new StringBuilder();
        for (Column col : target) {
            if (!values.has(col) || values.get(col) == null) {
                missing.add(new FieldError(col.name(), "required", "is named by on_conflict: every object must give it"));
            }
            Object v = values.get(col);
            id.append(v instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString()
                    : v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(v)).append('\u0000');
        }
        if (!missing.isEmpty()) {
            throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "on_conflict needs " + names(target), missing);
        }
        Integer before = seen.putIfAbsent(id.toString(), index);
        if (before != null) {
            // PostgreSQL refuses a statement that would update one row twice; SQLite would apply both: refuse on both
            throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "item " + before + " already has these " + names(target),
                    target.stream().map(col -> new FieldError(col.name(), "duplicate", "repeats the on_conflict values of item " + before)).toList());
        }
    }

    private static String names(List<Column> target) {
        return target.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** True when a rule needs the statements of a POST and a PATCH, row by row. */
    private boolean rowByRow(Resource resource, List<RecordService.PreparedInsert> prepared) {
        if (records.access() != null && records.access().partial(resource)) {
            return true;
        }
        DataRuleCheck rules = records.dataRules(resource);
        if (rules != null && rules.hasModelRules()) {
            return true; // model rules read the whole updated row
        }
        return prepared.stream().anyMatch(p -> !p.rule().isTrue());
    }

    /**
     * The columns a merge sets: the fields the object sent, except the key and the {@code on_conflict}
     * fields (a row keeps its key), and {@code updated_at}/{@code updated_by}.
     */
    private static List<Column> updateColumns(Resource resource, JsonNode item, List<Column> target) {
        List<Column> out = new ArrayList<>();
        for (Column col : resource.columns()) {
            boolean sent = !col.role().serverManaged() && item.has(col.name()) && !resource.key().contains(col) && !target.contains(col);
            boolean stamped = switch (col.role()) {
                case UPDATED_AT, UPDATED_BY -> true;
                default -> false;
            };
            if (sent || stamped) {
                out.add(col);
            }
        }
        return out;
    }

    /**
     * One existing row met by an object.
     *
     * @param exists true when a row holds the object's {@code on_conflict} values
     * @param hidden true when that row is not the caller's to change (another owner's, soft-deleted)
     * @param key    its key path segment (row-by-row only), or null
     */
    private record State(boolean exists, boolean hidden, String key) {
        static final State ABSENT = new State(false, false, null);
    }

    /** One {@code SELECT} over the chunk: which objects meet a row, and whether the caller may change it. */
    private State[] classify(Connection c, Resource resource, List<Column> target, List<RecordService.PreparedInsert> chunk,
                             Scope scope, boolean withKey) throws SQLException {
        String match = target.stream().map(col -> col.quoted() + " = ?").collect(Collectors.joining(" AND ", "(", ")"));
        StringBuilder sql = new StringBuilder("SELECT ");
        if (withKey) {
            sql.append(records.sql(resource).columnList()).append(", ");
        }
        sql.append("CASE");
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(" WHEN ").append(match).append(" THEN ").append(i);
        }
        sql.append(" END, ").append(visible(resource, scope, "")).append(" FROM ").append(resource.table()).append(" WHERE ");
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append(match);
        }
        if (records.kind() == DatabaseKind.POSTGRESQL) {
            sql.append(" FOR UPDATE");
        }
        State[] states = new State[chunk.size()];
        Arrays.fill(states, State.ABSENT);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int b = 1;
            for (int pass = 0; pass < 2; pass++) {
                for (RecordService.PreparedInsert p : chunk) {
                    for (Column col : target) {
                        RecordService.bind(ps, b++, col, p.values().get(col));
                    }
                }
                if (pass == 0 && scope.owner().isPresent()) {
                    resource.owner().orElseThrow().codec().bind(ps, b++, scope.owner().get());
                }
            }
            int base = withKey ? resource.columns().size() : 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int ordinal = rs.getInt(base + 1);
                    states[ordinal] = new State(true, rs.getInt(base + 2) == 0, withKey ? records.keyPath(resource, rs) : null);
                }
            }
        }
        return states;
    }

    /** 1 when the stored row is the caller's to change (owner, not soft-deleted), else 0; binds: the owner. */
    private static String visible(Resource resource, Scope scope, String qualifier) {
        List<String> conditions = new ArrayList<>();
        if (scope.owner().isPresent()) {
            conditions.add(qualifier + resource.owner().orElseThrow().quoted() + " = ?");
        }
        resource.deletedAt().ifPresent(d -> conditions.add(qualifier + d.quoted() + " IS NULL"));
        return conditions.isEmpty() ? "1" : "CASE WHEN " + String.join(" AND ", conditions) + " THEN 1 ELSE 0 END";
    }

    private void statement(Connection c, Resource resource, List<Column> target, List<Column> set,
                           List<RecordService.PreparedInsert> chunk, State[] states, Resolution resolution, int offset,
                           Outcome[] outcomes, byte[][] rows, String[] keys) throws SQLException {
        List<VisibleReferences.Reference> refs = new ArrayList<>();
        chunk.forEach(p -> refs.addAll(p.references()));
        if (!refs.isEmpty()) {
            try {
                records.checkReferences(c, refs);
            } catch (ProblemException e) {
                for (int i = 0; i < chunk.size(); i++) {
                    try {
                        records.checkReferences(c, chunk.get(i).references());
                    } catch (ProblemException item) {
                        throw ProblemException.atItem(item, offset + i);
                    }
                }
                throw e;
            }
        }
        Scope scope = chunk.getFirst().scope();
        List<Column> cols = chunk.getFirst().values().presentColumns();
        boolean postgres = records.kind() == DatabaseKind.POSTGRESQL;
        String tuple = cols.stream().map(col -> "?").collect(Collectors.joining(", ", "(", ")"));
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(resource.table()).append(" AS ").append(ALIAS).append(" (")
                .append(cols.stream().map(Column::quoted).collect(Collectors.joining(", "))).append(") VALUES ");
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(tuple);
        }
        sql.append(" ON CONFLICT (").append(target.stream().map(Column::quoted).collect(Collectors.joining(", "))).append(") DO ");
        boolean ownerBind = false;
        if (resolution == Resolution.IGNORE) {
            sql.append("NOTHING");
        } else {
            // a merge that sends only the on_conflict fields still answers the row: set one to itself
            List<Column> assigned = set.isEmpty() ? List.of(target.getFirst()) : set;
            sql.append("UPDATE SET ").append(assigned.stream().map(col -> col.quoted() + " = excluded." + col.quoted())
                    .collect(Collectors.joining(", ")));
            String guard = visible(resource, scope, ALIAS + ".");
            if (!guard.equals("1")) {
                // the owner's and soft-delete conditions on the stored row: another owner's row is never changed
                sql.append(" WHERE ").append(guard).append(" = 1");
                ownerBind = scope.owner().isPresent();
            }
        }
        sql.append(" RETURNING ").append(records.sql(resource).columnList());
        if (postgres) {
            sql.append(", (").append(ALIAS).append(".xmax = 0)"); // true for a row this statement inserted
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            if (!states[i].exists() || (resolution == Resolution.MERGE && !states[i].hidden())) {
                expected.add(i);
            } else {
                outcomes[offset + i] = Outcome.IGNORED;
            }
        }
        RowWriter writer = scope.writer().orElse(records.rowWriter(resource));
        List<WriteValues> written = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int b = 1;
            for (RecordService.PreparedInsert p : chunk) {
                for (Column col : cols) {
                    RecordService.bind(ps, b++, col, p.values().get(col));
                }
                written.add(p.values());
            }
            if (ownerBind) {
                resource.owner().orElseThrow().codec().bind(ps, b, scope.owner().get());
            }
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n >= expected.size()) {
                        throw raced(resource);
                    }
                    int i = expected.get(n++);
                    boolean created = !states[i].exists();
                    if (postgres && rs.getBoolean(resource.columns().size() + 1) != created) {
                        throw raced(resource);
                    }
                    outcomes[offset + i] = created ? Outcome.CREATED : Outcome.UPDATED;
                    rows[offset + i] = writer.toBytes(rs, records.json());
                    keys[offset + i] = records.keyPath(resource, rs);
                }
            }
            if (n != expected.size()) {
                throw raced(resource);
            }
        } catch (SQLException e) {
            throw new ConstraintFailure(e, resource, chunk.getFirst().values(), null, false);
        }
        records.advanceSequences(c, resource, written);
    }

    private static ProblemException raced(Resource resource) {
        return ApiProblem.CONCURRENT_UPDATE.with("another write to " + resource.name()
                + " changed these rows while the upsert ran; nothing was changed, retry");
    }

    /** Under rules: the object goes through the POST or the PATCH of one row, and every rule of those applies. */
    private void oneByOne(Connection c, Resource resource, JsonNode item, RecordService.PreparedInsert prepared, State state,
                          Resolution resolution, Caller caller, int index, boolean array,
                          Outcome[] outcomes, byte[][] rows, String[] keys) throws SQLException {
        try {
            if (!state.exists()) {
                RecordService.Written w = records.insert(c, resource, prepared);
                outcomes[index] = Outcome.CREATED;
                rows[index] = w.row();
                keys[index] = w.key();
                return;
            }
            if (resolution == Resolution.IGNORE) {
                outcomes[index] = Outcome.IGNORED;
                return;
            }
            ObjectNode patch = ((ObjectNode) item).deepCopy();
            resource.key().forEach(k -> patch.remove(k.name())); // the row keeps its key
            try {
                rows[index] = records.update(c, resource, records.parseKey(resource, state.key()), patch, caller, Optional.empty());
            } catch (ProblemException e) {
                if (e.problem() != ApiProblem.NOT_FOUND) {
                    throw e;
                }
                // the rules hide the row from this caller: the same answer as any row it may not change
                throw ProblemException.fields(ApiProblem.UNIQUE_VIOLATION, "a row " + resource.name()
                                + " does not let this caller change already holds these values; nothing was changed",
                        List.of(new FieldError("on_conflict", "unique", "must be unique")));
            }
            outcomes[index] = Outcome.UPDATED;
            keys[index] = state.key();
        } catch (ProblemException e) {
            throw array ? ProblemException.atItem(e, index) : e;
        } catch (ConstraintFailure f) {
            throw array ? f.atItem(index) : f;
        }
    }
}
