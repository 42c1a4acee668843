package dev.plinth.api.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.ProblemException;
import dev.plinth.api.access.AccessControl;
import dev.plinth.api.access.Truth;
import dev.plinth.query.Filter;
import dev.plinth.schema.policy.Operation;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.ColumnRole;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.ColumnCodec;
import dev.plinth.query.CursorCodec;
import dev.plinth.query.ListQuery;
import dev.plinth.query.Pagination;
import dev.plinth.query.QueryParser;
import dev.plinth.query.RenderedSql;
import dev.plinth.query.ScopePredicate;
import dev.plinth.query.SelectSql;
import dev.plinth.query.SqlRenderer;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Schema;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lists and collection writes: the request's list parameters are parsed by the {@code query} package's
 * {@link QueryParser} into a {@link ListQuery}, rendered by its {@link SqlRenderer} with the caller's
 * scope ANDed in, and the rows are streamed from the {@link ResultSet} into the response.
 */
public final class ListService {

    /** Rows fetched per round trip for pages larger than this (PostgreSQL; SQLite steps row by row anyway). */
    static final int STREAMED_FETCH_SIZE = 1000;

    private final Schema schema;
    private final dev.plinth.api.resource.ResourceCatalog catalog;
    private final QueryParser parser;
    private final SqlRenderer renderer;
    private final CursorCodec cursors;
    private final RecordService records;
    private final BodyReader reader;
    /** Writes the rows a collection PATCH reads for its {@code @@validate} rules. */
    private final com.fasterxml.jackson.core.JsonFactory rowJson = new com.fasterxml.jackson.core.JsonFactory();
    private final Clock clock;
    private final Map<String, RowWriter> writers = new ConcurrentHashMap<>();
    private final TotalCounter counter;
    /** On SQLite, picks the page's plan where SQLite's own would sort every match (docs/query.md, "How pages are read"); null on PostgreSQL. */
    private final KeyOrderScan keyOrder;

    /**
     * Creates the service.
     *
     * @param schema   the served schema
     * @param parser   the list-parameter parser
     * @param renderer the SQL renderer for the database
     * @param cursors  the keyset cursor codec
     * @param records  the single-row service (scope and row writers)
     * @param clock    the clock for {@code updated_at} and {@code deleted_at}
     */
    public ListService(Schema schema, QueryParser parser, SqlRenderer renderer, CursorCodec cursors,
                       RecordService records, Clock clock, dev.plinth.api.resource.ResourceCatalog catalog) {
        this.catalog = catalog;
        this.schema = schema;
        this.parser = parser;
        this.renderer = renderer;
        this.cursors = cursors;
        this.records = records;
        this.reader = records.bodyReader();
        this.clock = clock;
        this.counter = new TotalCounter(renderer, records.kind());
        this.keyOrder = records.kind() == dev.plinth.sql.DatabaseKind.SQLITE ? new KeyOrderScan(renderer) : null;
    }

    /**
     * Parses list parameters.
     *
     * @param resource the resource
     * @param params   the decoded query parameters
     * @return the query
     * @throws dev.plinth.query.QueryException 400 for parameters that cannot be served
     */
    public ListQuery parse(Resource resource, Map<String, List<String>> params) {
        return parser.parse(resource.model(), schema, params);
    }

    /**
     * Parses list parameters as a caller may write them: fields hidden from the caller (or masked for
     * it) are unknown columns (docs/access-rules.md).
     *
     * @param resource the resource
     * @param params   the decoded query parameters
     * @param caller   the caller
     * @return the query
     * @throws dev.plinth.query.QueryException 400 for parameters that cannot be served
     */
    public ListQuery parse(Resource resource, Map<String, List<String>> params, Caller caller) {
        AccessControl access = records.access();
        if (access == null) {
            return parse(resource, params);
        }
        dev.plinth.schema.model.Model visible = access.visibleModel(resource, caller);
        ListQuery q = parser.parse(visible, schema, params);
        if (q.hasFilter()) {
            refuseGuardedRelationFilters(q.filter(), caller);
        }
        if (visible != resource.model() && !params.containsKey("select")) {
            // masked fields are shown (masked) though they cannot be named in parameters
            java.util.Set<String> hidden = access.unnamable(resource, caller, false);
            List<Field> selection = resource.model().columnFields().stream()
                    .filter(f -> resource.column(f.apiName()).isPresent() && !hidden.contains(f.apiName())).toList();
            q = new ListQuery(q.model(), q.filter(), q.order(), q.orderShape(), selection, q.pagination(), q.count(),
                    q.search(), q.withDeleted(), q.include());
        }
        return q;
    }

    /**
     * Refuses a filter across a relation ({@code company.name=…}) whose target the caller sees only in
     * part: through access rules, tenant conventions or hidden fields. The condition runs inside the
     * listed model's statement, where only the listed model's scope applies, so it could otherwise
     * reveal values of rows (or fields) the caller may not read.
     *
     * @throws dev.plinth.query.QueryException 400 {@code not_supported}, naming the parameter
     */
    private void refuseGuardedRelationFilters(Filter filter, Caller caller) {
        switch (filter) {
            case Filter.All all -> all.parts().forEach(p -> refuseGuardedRelationFilters(p, caller));
            case Filter.Any any -> any.parts().forEach(p -> refuseGuardedRelationFilters(p, caller));
            case Filter.Not not -> refuseGuardedRelationFilters(not.part(), caller);
            case Filter.Related related -> {
                Optional<Resource> target = catalog.resources().stream()
                        .filter(r -> r.model().name().equals(related.target().name())).findFirst();
                boolean partial;
                try {
                    partial = target.map(t -> {
                        Scope s = records.readScope(t, caller, false); // an @@openRead target is read in full
                        return s.rows().isPresent() || s.writer().isPresent() || s.owner().isPresent();
                    }).orElse(true);
                } catch (ProblemException e) {
                    partial = true; // the caller may not read the target at all
                }
                if (partial) {
                    throw RelationRequest.refused(dev.plinth.query.QueryError.Code.NOT_SUPPORTED, related.parameter(), "'" + related.parameter()
                            + "': " + related.target().name() + " is visible to this caller only in part (access rules);"
                            + " filter it from its own resource");
                }
                refuseGuardedRelationFilters(related.inner(), caller);
            }
            default -> {
            }
        }
    }

    /** Returns the query with the scope's access condition ANDed into its filter. */
    static ListQuery restricted(ListQuery query, Scope scope) {
        if (scope.rows().isEmpty()) {
            return query;
        }
        Filter f = query.hasFilter() ? new Filter.All(List.of(query.filter(), scope.rows().get())) : scope.rows().get();
        return new ListQuery(query.model(), f, query.order(), query.orderShape(), query.selection(), query.pagination(),
                query.count(), query.search(), query.withDeleted(), query.include());
    }

    /**
     * Streams one page as {@link #list(Connection, Resource, ListQuery, Scope, JsonGenerator)} does,
     * in the caller's view of rows (hidden and masked fields).
     *
     * @param c        a read connection
     * @param resource the resource
     * @param query    the parsed query
     * @param scope    the caller's scope
     * @param caller   the caller
     * @param g        the response generator
     * @return what the page held
     * @throws SQLException when the database fails
     * @throws IOException  when writing fails
     */
    public Listed list(Connection c, Resource resource, ListQuery query, Scope scope, Caller caller, JsonGenerator g)
            throws SQLException, IOException {
        return list(c, resource, query, scope, caller, g, true, null);
    }

    /**
     * Renders one page as {@link #list(Connection, Resource, ListQuery, Scope, Caller, JsonGenerator)}
     * does, recording where each row lies so that related rows can be spliced in afterwards.
     *
     * @param c        a read connection
     * @param resource the resource
     * @param query    the parsed query
     * @param scope    the caller's scope
     * @param caller   the caller
     * @param g        the generator, writing into the stream {@code rows} records positions of
     * @param rows     records each row's span; null to record nothing
     * @return what the page held
     * @throws SQLException when the database fails
     * @throws IOException  when writing fails
     */
    public Listed list(Connection c, Resource resource, ListQuery query, Scope scope, Caller caller, JsonGenerator g,
                       RowSpans rows) throws SQLException, IOException {
        return list(c, resource, query, scope, caller, g, true, rows);
    }

    /**
     * Streams one page: {@code {"data":[…], "page":…, "per_page":…}} or
     * {@code {"data":[…], "limit":…, "next_cursor":…}}, plus {@code "total"} when the query counts (and
     * {@code "total_estimated"} when it asked for an estimated or planned count). {@code per_page=0} runs no
     * page statement: the data is empty and only the count, if any, is run.
     *
     * @param c        a read connection
     * @param resource the resource
     * @param query    the parsed query
     * @param scope    the caller's scope
     * @param g        the response generator
     * @return what the page held
     * @throws SQLException when the database fails
     * @throws IOException  when writing fails
     */
    public Listed list(Connection c, Resource resource, ListQuery query, Scope scope, JsonGenerator g) throws SQLException, IOException {
        return list(c, resource, query, scope, null, g, false, null);
    }

    /**
     * What a list answer held, for its headers ({@code Content-Range}).
     *
     * @param total the total when the query counted one, else empty
     * @param first the 0-based position of the page's first row in the whole ordered result: the offset of a
     *              numbered page, 0 for a first cursor page, -1 for a later cursor page (not known)
     * @param rows  the rows on the page
     */
    public record Listed(Optional<TotalCounter.Total> total, long first, int rows) {
    }

    private Listed list(Connection c, Resource resource, ListQuery query, Scope scope, Caller caller, JsonGenerator g,
                        boolean viewed, RowSpans spans) throws SQLException, IOException {
        List<ScopePredicate> predicates = predicates(resource, scope);
        ListQuery asked = query;
        query = restricted(query, scope);
        Optional<TotalCounter.Total> total = query.count().counts()
                ? Optional.of(counter.count(c, query, predicates)) : Optional.empty();
        g.writeStartObject();
        if (total.isPresent()) {
            g.writeNumberField("total", total.get().value());
            if (query.count() != dev.plinth.query.CountMode.EXACT) {
                g.writeBooleanField("total_estimated", total.get().estimated());
            }
        }
        g.writeArrayFieldStart("data");
        String nextCursor = null;
        int rows = 0;
        // per_page=0 shows no row: the page's statement is not run at all, only the count (docs/api.md, "Counting")
        if (!query.countOnly()) {
            SelectSql plain = renderer.select(query, predicates);
            SelectSql select = keyOrder == null ? plain : keyOrder.choose(c, query, predicates, plain);
            RowWriter writer = viewed && records.access() != null
                    ? records.access().writer(resource, caller, asked.selection()).orElseGet(() -> writer(resource, select))
                    : writer(resource, select);
            try (PreparedStatement ps = prepare(c, select.statement()); ResultSet rs = execute(ps, query.pagination())) {
                int pageSize = query.pagination().pageSize();
                boolean keyset = query.pagination() instanceof Pagination.Keyset;
                // the cursor is made from the page's last row only: its values are read from that row alone
                List<Integer> cursorColumns = select.cursorColumns();
                Object[] last = new Object[keyset ? cursorColumns.size() : 0];
                while (rs.next()) {
                    if (rows == pageSize) {
                        nextCursor = cursors.encode(query, Arrays.asList(last));
                        break;
                    }
                    if (spans != null) {
                        spans.begin(g);
                    }
                    writer.write(rs, g);
                    if (spans != null) {
                        spans.end(g);
                    }
                    if (keyset && rows == pageSize - 1) {
                        for (int i = 0; i < last.length; i++) {
                            last[i] = rs.getObject(cursorColumns.get(i));
                        }
                    }
                    rows++;
                }
            }
        }
        g.writeEndArray();
        long first;
        switch (query.pagination()) {
            case Pagination.Offset o -> {
                g.writeNumberField("page", o.page());
                if (o.all()) {
                    g.writeStringField("per_page", "all");
                } else {
                    g.writeNumberField("per_page", o.perPage());
                }
                first = o.offset();
            }
            case Pagination.Keyset k -> {
                g.writeNumberField("limit", k.limit());
                g.writeStringField("next_cursor", nextCursor);
                first = k.after().isEmpty() ? 0 : -1;
            }
        }
        g.writeEndObject();
        return new Listed(total, first, rows);
    }

    private static ResultSet execute(PreparedStatement ps, Pagination pagination) throws SQLException {
        if (pagination.pageSize() > STREAMED_FETCH_SIZE) {
            // big pages: PostgreSQL's driver holds the whole result in memory unless told to fetch in
            // batches, which it does only outside auto-commit (the streamed list answer arranges that)
            ps.setFetchSize(STREAMED_FETCH_SIZE);
        }
        return ps.executeQuery();
    }

    /**
     * Collection PATCH: updates every row the filter matches with the body's fields.
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param query    the parsed query (must have a filter)
     * @param body     the JSON object of fields to set
     * @param caller   the caller
     * @return the number of rows changed
     * @throws SQLException when the database fails
     * @throws ProblemException 400 without a filter, 422 for a bad body
     */
    public int updateAll(Connection c, Resource resource, ListQuery query, JsonNode body, Caller caller) throws SQLException {
        requireFilter(resource, query);
        Scope scope = records.scope(resource, caller, query.withDeleted(), Operation.UPDATE);
        DataRuleCheck rules = records.dataRules(resource);
        if (rules != null) {
            body = rules.transform(body);
        }
        WriteValues values = reader.read(resource, body, BodyReader.Purpose.UPDATE).values();
        reader.keepKey(resource, values, null);
        if (values.isEmpty()) {
            throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "the body sets no column", List.of());
        }
        if (rules != null) {
            rules.refuse(rules.checkFields(values, body), "");
        }
        records.checkReferences(c, records.references(resource, values, caller));
        if (records.access() != null) {
            Truth fieldRules = records.access().checkUpdate(resource, caller, values);
            scope = records.access().restrict(scope, resource, fieldRules);
        }
        query = restricted(query, scope);
        Instant now = now();
        if (rules != null && rules.hasModelRules()) {
            checkMatchedRows(c, resource, query, predicates(resource, scope), rules, values, body, now);
        }
        for (Column col : resource.columns()) {
            if (col.role() == ColumnRole.UPDATED_AT && col.codec() instanceof ColumnCodec.DateTime) {
                values.put(col, now);
            }
            if (col.role() == ColumnRole.UPDATED_BY) {
                putCaller(values, col, caller);
            }
        }
        return execute(c, resource, renderer.update(query, fieldValues(values), predicates(resource, scope)), values);
    }

    /**
     * Checks the model rules on every row a collection PATCH matches, each as it would be after the change,
     * reading the rows (locked on PostgreSQL) in the write's transaction; refuses the whole PATCH with the
     * failures of the first row that breaks a rule.
     */
    private void checkMatchedRows(Connection c, Resource resource, ListQuery query, List<ScopePredicate> predicates,
                                  DataRuleCheck rules, WriteValues values, JsonNode body, Instant now) throws SQLException {
        RenderedSql sql = renderer.selectForUpdate(query, resource.columns().stream().map(Column::field).toList(), predicates);
        RowWriter writer = records.rowWriter(resource);
        try (PreparedStatement ps = prepare(c, sql)) {
            ps.setFetchSize(STREAMED_FETCH_SIZE); // a PATCH of many rows streams them rather than holding them all
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<dev.plinth.schema.rules.RuleFailure> failures = rules.checkUpdate(writer.toBytes(rs, rowJson), values, body, now);
                    if (!failures.isEmpty()) {
                        rules.refuse(failures, " for a row the filter matches (nothing was changed)");
                    }
                }
            }
        }
    }

    /**
     * Collection DELETE: deletes (or soft-deletes) every row the filter matches.
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param query    the parsed query (must have a filter)
     * @param caller   the caller
     * @return the number of rows deleted
     * @throws SQLException when the database fails
     * @throws ProblemException 400 without a filter
     */
    public int deleteAll(Connection c, Resource resource, ListQuery query, Caller caller) throws SQLException {
        requireFilter(resource, query);
        Scope scope = records.scope(resource, caller, false, Operation.DELETE);
        query = restricted(query, scope);
        List<ScopePredicate> predicates = predicates(resource, scope);
        if (resource.deletedAt().isPresent()) {
            WriteValues values = new WriteValues(resource);
            Instant now = now();
            values.put(resource.deletedAt().get(), now);
            resource.withRole(ColumnRole.DELETED_BY).ifPresent(col -> putCaller(values, col, caller));
            int count = execute(c, resource, renderer.update(query, fieldValues(values), predicates), values);
            if (count > 0 && records.cascade().cascades(resource)) {
                // every row this DELETE marked carries `now`: the cascade starts from them (docs/api.md, "Soft delete and cascades")
                records.cascade().delete(c, resource, new SoftDeleteCascade.Roots.ByStamp(), now, caller);
            }
            return count;
        }
        try {
            return execute(c, resource, renderer.delete(query, predicates), null);
        } catch (ConstraintFailure f) {
            throw new ConstraintFailure(f.sqlException(), resource, null, null, true);
        }
    }

    private int execute(Connection c, Resource resource, RenderedSql sql, WriteValues values) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new ConstraintFailure(e, resource, values, null, false);
        }
    }

    private static void requireFilter(Resource resource, ListQuery query) {
        if (!query.hasFilter()) {
            throw ApiProblem.FILTER_REQUIRED.with("a PATCH or DELETE of the whole collection needs a filter, e.g. "
                    + resource.path() + "?" + resource.columns().getFirst().name() + "=…");
        }
    }

    private Map<Field, Object> fieldValues(WriteValues values) {
        Map<Field, Object> out = new LinkedHashMap<>();
        for (Column col : values.presentColumns()) {
            out.put(col.field(), queryValue(col, values.get(col)));
        }
        return out;
    }

    /**
     * Converts a codec's bind value to the query package's Java type for the column (see
     * {@code ColumnKind}): 32-bit integers are {@link Integer} there.
     */
    static Object queryValue(Column col, Object value) {
        if (value instanceof Long l && col.codec() instanceof ColumnCodec.Whole w && !w.big()) {
            return l.intValue();
        }
        return value;
    }

    /** The caller's owner scope on a resource as conditions (also for related resources' rows). */
    static List<ScopePredicate> predicates(Resource resource, Scope scope) {
        List<ScopePredicate> out = new ArrayList<>(1);
        scope.owner().ifPresent(o -> {
            Column owner = resource.owner().orElseThrow();
            out.add(new ScopePredicate.Equals(owner.field(), queryValue(owner, o)));
        });
        return out;
    }

    private RowWriter writer(Resource resource, SelectSql select) {
        List<Field> shown = select.columns().subList(0, select.shownColumns());
        if (shown.size() == resource.columns().size()) {
            return records.rowWriter(resource);
        }
        StringBuilder key = new StringBuilder(resource.name());
        for (Field f : shown) {
            key.append(',').append(f.columnName());
        }
        return writers.computeIfAbsent(key.toString(), k -> new RowWriter(shown.stream()
                .map(f -> resource.column(f.apiName()).orElseThrow()).toList()));
    }

    /** Prepares a rendered statement with its binds. */
    static PreparedStatement prepare(Connection c, RenderedSql sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.sql());
        List<Object> binds = sql.binds();
        for (int i = 0; i < binds.size(); i++) {
            ps.setObject(i + 1, binds.get(i));
        }
        return ps;
    }

    private static void putCaller(WriteValues values, Column col, Caller caller) {
        if (caller.subject().isEmpty()) {
            return;
        }
        try {
            values.put(col, col.codec().parseText(caller.subject().get()));
        } catch (dev.plinth.api.value.InvalidValue e) {
            // a subject that does not fit the column's type is not recorded
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
