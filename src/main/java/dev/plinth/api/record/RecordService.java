package dev.plinth.api.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.ProblemException;
import dev.plinth.api.access.AccessControl;
import dev.plinth.api.access.Truth;
import dev.plinth.schema.policy.Operation;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.ColumnRole;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.ColumnCodec;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.api.value.InvalidValue;
import dev.plinth.api.value.Timestamps;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The single-row operations of every resource — read, create, update, delete, restore — each run on a
 * connection the caller provides, so one request and a whole batch share the same code. Column
 * conventions, owner scoping and the optimistic-concurrency checks live here.
 *
 * <p>The concurrency checks are atomic: the row is read with {@code SELECT … FOR UPDATE} on
 * PostgreSQL (on SQLite the write transaction holds the database's write lock), compared, and only
 * then updated, all in one transaction, so two writers with the same expectation never both succeed.
 */
public final class RecordService {

    /**
     * The prototype every ETag digest is cloned from: {@link MessageDigest#getInstance} looks its provider up by
     * name and constructs by reflection on every call, a visible share of a PATCH's CPU time in profiles
     * (bench/run --profile update); the JDK's SHA-256 supports {@link MessageDigest#clone}.
     */
    private static final MessageDigest SHA_256 = newSha256();

    /** An integer as a path key must be written: its canonical decimal form. */
    private static final java.util.regex.Pattern CANONICAL_INTEGER = java.util.regex.Pattern.compile("0|-?[1-9][0-9]*");

    private final DatabaseKind kind;
    private final JsonFactory json;
    private final BodyReader reader;
    private final ValueGenerators generators = new ValueGenerators();
    private final Clock clock;
    private final Map<String, RecordSql> sql = new ConcurrentHashMap<>();
    private final Map<String, RowWriter> writers = new ConcurrentHashMap<>();
    private final AccessControl access;
    private final VisibleReferences references;
    private final KeySequences sequences;
    /** The schema's data rules; empty (and never looked up) for a schema without any. */
    private final dev.plinth.schema.rules.DataRules dataRules;
    private final Map<String, Optional<DataRuleCheck>> dataChecks = new ConcurrentHashMap<>();
    /** The Cascade relations soft deletes follow; {@link SoftDeleteCascade#NONE} for a schema without them. */
    private final SoftDeleteCascade cascade;

    /**
     * Creates the service.
     *
     * @param kind  the database
     * @param json  the JSON factory
     * @param clock the clock for {@code created_at}, {@code updated_at} and {@code deleted_at}
     */
    public RecordService(DatabaseKind kind, JsonFactory json, Clock clock) {
        this(kind, json, clock, null);
    }

    /**
     * Creates the service with access rules (docs/access-rules.md).
     *
     * @param kind   the database
     * @param json   the JSON factory
     * @param clock  the clock for {@code created_at}, {@code updated_at} and {@code deleted_at}
     * @param access the access rules and tenant conventions, or null for none
     */
    public RecordService(DatabaseKind kind, JsonFactory json, Clock clock, AccessControl access) {
        this(kind, json, clock, access, null);
    }

    /**
     * Creates the service with access rules and the served resources, so that a foreign key written is
     * checked to point at a row the caller may read (docs/api.md, "Keys, references and what a body may hold").
     *
     * @param kind    the database
     * @param json    the JSON factory
     * @param clock   the clock for {@code created_at}, {@code updated_at} and {@code deleted_at}
     * @param access  the access rules and tenant conventions, or null for none
     * @param catalog the served resources, or null to leave references to the database's foreign keys
     */
    public RecordService(DatabaseKind kind, JsonFactory json, Clock clock, AccessControl access,
                         dev.plinth.api.resource.ResourceCatalog catalog) {
        this(kind, json, clock, access, catalog, SoftDeleteCascade.NONE);
    }

    /**
     * Creates the service with access rules, the served resources and the schema's cascading soft deletes
     * (docs/api.md, "Soft delete and cascades").
     *
     * @param kind    the database
     * @param json    the JSON factory
     * @param clock   the clock for {@code created_at}, {@code updated_at} and {@code deleted_at}
     * @param access  the access rules and tenant conventions, or null for none
     * @param catalog the served resources, or null to leave references to the database's foreign keys
     * @param cascade the Cascade relations soft deletes and restores follow ({@link SoftDeleteCascade#NONE} for none)
     */
    public RecordService(DatabaseKind kind, JsonFactory json, Clock clock, AccessControl access,
                         dev.plinth.api.resource.ResourceCatalog catalog, SoftDeleteCascade cascade) {
        this.cascade = cascade;
        this.kind = kind;
        this.reader = new BodyReader(kind);
        this.json = json;
        this.clock = clock;
        this.access = access;
        this.references = new VisibleReferences(catalog);
        this.sequences = new KeySequences(kind);
        this.dataRules = access == null ? dev.plinth.schema.rules.DataRules.NONE : access.dataRules();
    }

    /**
     * Returns the data rules of a resource (docs/schema.md, "Validators and model rules").
     *
     * @param resource the resource written
     * @return its rules bound to its columns, or null when its model has none
     */
    public DataRuleCheck dataRules(Resource resource) {
        if (dataRules.isEmpty()) {
            return null;
        }
        return dataChecks.computeIfAbsent(resource.name(),
                n -> dataRules.model(resource.model().name()).map(r -> new DataRuleCheck(resource, r))).orElse(null);
    }

    /** Returns the Cascade relations soft deletes and restores follow (docs/api.md, "Soft delete and cascades"). */
    public SoftDeleteCascade cascade() {
        return cascade;
    }

    /** Returns the access rules, or null when the server has none. */
    public AccessControl access() {
        return access;
    }

    /** A written row: its JSON and the path of its {@code Location}. */
    public record Written(byte[] row, String key) {
    }

    /**
     * Returns the reader of request bodies, with this database's limits.
     *
     * @return the reader
     */
    public BodyReader bodyReader() {
        return reader;
    }

    /**
     * Returns the writer of a resource's full rows.
     *
     * @param resource the resource
     * @return its writer, made once
     */
    public RowWriter rowWriter(Resource resource) {
        return writers.computeIfAbsent(resource.name(), n -> new RowWriter(resource.columns()));
    }

    /**
     * Returns the statements of a resource.
     *
     * @param resource the resource
     * @return the statements
     */
    public RecordSql sql(Resource resource) {
        return sql.computeIfAbsent(resource.name(), n -> new RecordSql(resource, kind));
    }

    /**
     * Parses a path key {@code v1,v2} (each part URL-encoded) in key order. An integer part must be written
     * plainly ({@code 2}, not {@code 02}, {@code +2} or {@code %202}); a String part is normalized as the
     * model's {@code @@normalizeKey} says.
     *
     * @param resource the resource
     * @param rawKey   the raw (still encoded) last path segment
     * @return the key's bind values
     * @throws ProblemException 400 when a part does not parse or the count is wrong
     */
    public Object[] parseKey(Resource resource, String rawKey) {
        String[] parts = rawKey.split(",", -1);
        List<Column> key = resource.key();
        if (parts.length != key.size()) {
            throw ApiProblem.INVALID_KEY.with("the key of " + resource.name() + " has " + key.size() + " part"
                    + (key.size() > 1 ? "s (" : " (") + key.stream().map(Column::name).collect(Collectors.joining(",")) + "), got " + parts.length);
        }
        Object[] values = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String text = dev.plinth.api.QueryString.decode(parts[i], true).orElseThrow(() -> ApiProblem.INVALID_KEY.with(
                    "the key is not percent-encoded exactly (% and two hex digits, UTF-8 bytes)"));
            Column col = key.get(i);
            if (col.codec() instanceof ColumnCodec.Whole && !CANONICAL_INTEGER.matcher(text).matches()) {
                // " 2", "02" and "+2" would all parse as 2: one row, one path (docs/api.md, "Keys in paths")
                throw ApiProblem.INVALID_KEY.with(col.name() + ": expected an integer written plainly (digits, an optional"
                        + " leading -, no leading zeros, spaces or +), got \"" + text + "\"");
            }
            try {
                values[i] = reader.keyValue(resource, col, col.codec().parseText(col.field().normalization().apply(text)));
            } catch (InvalidValue e) {
                throw ApiProblem.INVALID_KEY.with(key.get(i).name() + ": " + e.getMessage());
            }
        }
        return values;
    }

    /**
     * Computes the scope of a caller on a resource.
     *
     * @param resource       the resource
     * @param caller         the caller
     * @param includeDeleted true to see soft-deleted rows
     * @return the scope
     * @throws ProblemException 401 on an owner-scoped resource without a token
     */
    public Scope scope(Resource resource, Caller caller, boolean includeDeleted) {
        return scope(resource, caller, includeDeleted, Operation.READ);
    }

    /**
     * Computes the scope of a caller for an operation: owner scoping, and the access condition of the
     * operation (read AND the operation for writes, docs/access-rules.md).
     *
     * @param resource       the resource
     * @param caller         the caller
     * @param includeDeleted true to see soft-deleted rows
     * @param op             the operation
     * @return the scope
     * @throws ProblemException 401 on an owner-scoped resource without a token; 401/403 for tenant claims
     */
    public Scope scope(Resource resource, Caller caller, boolean includeDeleted, Operation op) {
        Scope base = ownerScope(resource, caller, includeDeleted);
        return access == null ? base : access.scope(base, resource, caller, op);
    }

    /**
     * Computes the scope of a read (list, get, embedded and related rows): as {@link #scope(Resource, Caller, boolean)},
     * except that a model with {@code @@openRead} is not owner-scoped for reading (docs/access-rules.md,
     * "Open reading"); its writes keep owner scoping.
     *
     * @param resource       the resource
     * @param caller         the caller
     * @param includeDeleted true to see soft-deleted rows
     * @return the scope
     * @throws ProblemException 401 on an owner-scoped resource without a token; 401/403 for tenant claims
     */
    public Scope readScope(Resource resource, Caller caller, boolean includeDeleted) {
        return readScope(resource, caller, includeDeleted, Operation.READ);
    }

    /**
     * Computes the scope of the collection route ({@code GET /api/{resource}}): as {@link #readScope}, with
     * the access rules of {@code list} (docs/access-rules.md, "list and get").
     *
     * @param resource       the resource
     * @param caller         the caller
     * @param includeDeleted true to see soft-deleted rows
     * @return the scope
     * @throws ProblemException 401 on an owner-scoped resource without a token; 401/403 for tenant claims
     */
    public Scope listScope(Resource resource, Caller caller, boolean includeDeleted) {
        return readScope(resource, caller, includeDeleted, Operation.LIST);
    }

    private Scope readScope(Resource resource, Caller caller, boolean includeDeleted, Operation op) {
        if (resource.owner().isPresent() && resource.model().conventions().openRead()) {
            Scope base = new Scope(Optional.empty(), includeDeleted);
            return access == null ? base : access.scope(base, resource, caller, op);
        }
        return scope(resource, caller, includeDeleted, op);
    }

    private Scope ownerScope(Resource resource, Caller caller, boolean includeDeleted) {
        Optional<Column> owner = resource.owner();
        if (owner.isEmpty() || (access != null && access.governed(resource))) {
            return new Scope(Optional.empty(), includeDeleted);
        }
        if (!caller.authenticated()) {
            throw ApiProblem.UNAUTHENTICATED.with(resource.name() + " is owner-scoped (" + owner.get().name() + "): send Authorization: Bearer <token>");
        }
        try {
            return new Scope(Optional.of(owner.get().codec().parseText(caller.subject().orElseThrow())), includeDeleted);
        } catch (InvalidValue e) {
            throw ApiProblem.FORBIDDEN.with("the token's subject does not fit " + resource.name() + "." + owner.get().name() + ": " + e.getMessage());
        }
    }

    /**
     * Reads one row.
     *
     * @param c        the connection
     * @param resource the resource
     * @param key      the key's bind values
     * @param scope    the caller's scope
     * @return the row's JSON
     * @throws SQLException when the database fails
     * @throws ProblemException 404 when there is no such row in scope
     */
    public byte[] get(Connection c, Resource resource, Object[] key, Scope scope) throws SQLException {
        return find(c, resource, key, scope, false)
                .orElseThrow(() -> notFound(resource)).row();
    }

    /**
     * Inserts one object.
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param body     the JSON object
     * @param caller   the caller
     * @return the inserted row and its key path segment
     * @throws SQLException when the database fails
     * @throws ProblemException 401/422 for a bad caller or body
     * @throws ConstraintFailure when a constraint refuses the row
     */
    public Written create(Connection c, Resource resource, JsonNode body, Caller caller) throws SQLException {
        return insert(c, resource, prepareInsert(resource, body, caller));
    }

    /**
     * One object read and completed for insertion (server-maintained columns, owner, defaults), not yet
     * inserted.
     *
     * @param scope      the caller's scope on the resource
     * @param rule       the create rule the stored row must meet ({@link Truth#TRUE} when none)
     * @param values     the values to insert
     * @param references the foreign keys set that must point at rows the caller may read (usually none)
     */
    public record PreparedInsert(Scope scope, Truth rule, WriteValues values, List<VisibleReferences.Reference> references) {
    }

    /**
     * Reads an object for insertion: checks the body and fills in what the server maintains.
     *
     * @param resource the resource
     * @param body     the JSON object
     * @param caller   the caller
     * @return the values to insert
     * @throws ProblemException 401/403/422 for a bad caller or body
     */
    public PreparedInsert prepareInsert(Resource resource, JsonNode body, Caller caller) {
        Scope scope = scope(resource, caller, false);
        Truth createRule = Truth.TRUE;
        DataRuleCheck rules = dataRules(resource);
        if (rules != null) {
            body = rules.transform(body); // transforms come before every check (docs/schema.md)
        }
        if (access != null) {
            AccessControl.Insert insert = access.prepareInsert(resource, caller, body);
            body = insert.body();
            createRule = insert.check();
        }
        WriteValues values = reader.read(resource, body, BodyReader.Purpose.INSERT).values();
        List<dev.plinth.schema.rules.RuleFailure> failures = rules == null ? List.of() : rules.checkFields(values, body);
        Instant now = now();
        for (Column col : resource.columns()) {
            switch (col.role()) {
                case CREATED_AT, UPDATED_AT -> putTime(values, col, now);
                case OWNER -> {
                    if (scope.owner().isPresent()) {
                        values.put(col, scope.owner().get());
                    } else if (!values.has(col)) {
                        putCaller(values, col, caller); // a model governed by rules: user_id defaults to the caller
                    }
                }
                case CREATED_BY, UPDATED_BY -> putCaller(values, col, caller);
                default -> {
                    if (!values.has(col) && col.field().defaultValue().isPresent()) {
                        generators.generate(col.field()).ifPresent(v -> values.put(col, v));
                        if (dev.plinth.sql.DbGeneratedDefault.of(col.field()).orElse(null) instanceof dev.plinth.sql.DbGeneratedDefault.CurrentTime) {
                            putTime(values, col, now); // dbgenerated("now()") and the like, in the column's own format
                        }
                    }
                }
            }
        }
        if (rules != null) {
            // the model rules read the whole row: only once every field passes its own validators (as Zod's refinements)
            rules.refuse(failures.isEmpty() ? rules.checkInsert(values, body, now) : failures, "");
        }
        return new PreparedInsert(scope, createRule, values, references(resource, values, caller));
    }

    /**
     * Inserts one prepared object.
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param row      the prepared object
     * @return the inserted row and its key path segment
     * @throws SQLException when the database fails
     * @throws ProblemException 403 when the stored row does not meet the create rule
     * @throws ConstraintFailure when a constraint refuses the row
     */
    public Written insert(Connection c, Resource resource, PreparedInsert row) throws SQLException {
        Scope scope = row.scope();
        Truth createRule = row.rule();
        WriteValues values = row.values();
        references.check(c, row.references());
        String text = sql(resource).insert(values);
        try (PreparedStatement ps = c.prepareStatement(text)) {
            int i = 1;
            for (Column col : values.presentColumns()) {
                bind(ps, i++, col, values.get(col));
            }
            Written written;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                written = new Written(scope.writer().orElse(rowWriter(resource)).toBytes(rs, json), keyPath(resource, rs));
            }
            sequences.advance(c, resource, List.of(values));
            if (!createRule.isTrue()) {
                // the create rule is checked against the row as stored, defaults included; a failure rolls the insert back
                Scope check = access.restrict(new Scope(Optional.empty(), true), resource, createRule);
                if (find(c, resource, parseKey(resource, written.key()), check, false).isEmpty()) {
                    throw ApiProblem.FORBIDDEN.with("the row does not meet the create rules of " + resource.name());
                }
            }
            return written;
        } catch (SQLException e) {
            throw new ConstraintFailure(e, resource, values, null, false);
        }
    }

    /**
     * Inserts prepared objects of one statement shape with one multi-row
     * {@code INSERT … VALUES (…), (…) RETURNING …}. The rows come back in the order given: SQLite and
     * PostgreSQL return the rows of a {@code VALUES} list in insertion order (neither documents it as a
     * guarantee, so the bulk-create tests check it). The caller keeps the row count within the
     * database's bind limit ({@link #maxRowsPerInsert}) and handles failures (no item is named here).
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param rows     at least one prepared object, all of the same {@link WriteValues#shape()}, with no create rule
     * @return the inserted rows' JSON, in order
     * @throws SQLException when the database refuses the statement (a constraint, …), or when a row's
     *         foreign key points at a row the caller may not read (inserting the rows one by one with
     *         {@link #insert} then names the item)
     */
    public List<byte[]> insertMany(Connection c, Resource resource, List<PreparedInsert> rows) throws SQLException {
        return insertMany(c, resource, rows, null);
    }

    /**
     * As {@link #insertMany(Connection, Resource, List)}, under a savepoint set just before the insert, so that a
     * caller can roll a refused insert back ({@code ROLLBACK TO SAVEPOINT name}) and go on in the transaction.
     * On PostgreSQL the savepoint travels with the insert in one round trip ({@code SAVEPOINT …; INSERT …} in one
     * prepared statement, which pgjdbc sends as two statements and one sync) and is not released: releasing
     * would cost another round trip, the commit or rollback ends it, and a later savepoint of the same name
     * shadows it. On SQLite, where a statement costs no round trip, it is set and released by statements of
     * their own. It is also set on its own before a check of the rows' references, which runs first.
     *
     * @param c         the connection, in a write transaction
     * @param resource  the resource
     * @param rows      as for {@link #insertMany(Connection, Resource, List)}
     * @param savepoint the savepoint's name, or null for none
     * @return the inserted rows' JSON, in order
     * @throws SQLException as {@link #insertMany(Connection, Resource, List)}; the savepoint is then set
     */
    public List<byte[]> insertMany(Connection c, Resource resource, List<PreparedInsert> rows, String savepoint)
            throws SQLException {
        WriteValues first = rows.getFirst().values();
        List<VisibleReferences.Reference> refs = new java.util.ArrayList<>();
        rows.forEach(r -> refs.addAll(r.references()));
        boolean together = savepoint != null && kind == DatabaseKind.POSTGRESQL && refs.isEmpty();
        if (savepoint != null && !together) {
            execute(c, "SAVEPOINT " + savepoint);
        }
        try {
            references.check(c, refs);
        } catch (ProblemException e) {
            throw new SQLException(e.detail());
        }
        List<Column> cols = first.presentColumns();
        String text = sql(resource).insertMany(first, rows.size());
        List<byte[]> out;
        try (PreparedStatement ps = c.prepareStatement(together ? "SAVEPOINT " + savepoint + "; " + text : text)) {
            // Hundreds of values: bound on the driver's statement itself, not through the handle a pool or the SQLite
            // statement cache lends (a reflective proxy there, each call boxed and dispatched by name); the handle
            // still executes and closes it.
            PreparedStatement values = ps.isWrapperFor(PreparedStatement.class) ? ps.unwrap(PreparedStatement.class) : ps;
            int i = 1;
            for (PreparedInsert row : rows) {
                for (Column col : cols) {
                    bind(values, i++, col, row.values().get(col));
                }
            }
            RowWriter writer = rows.getFirst().scope().writer().orElse(rowWriter(resource));
            try (ResultSet rs = together ? returnedRows(ps) : ps.executeQuery()) {
                out = writer.allToBytes(rs, json, rows.size());
            }
        }
        if (out.size() != rows.size()) {
            throw new SQLException("multi-row insert returned " + out.size() + " rows for " + rows.size());
        }
        if (savepoint != null && !together) {
            execute(c, "RELEASE SAVEPOINT " + savepoint);
        }
        sequences.advance(c, resource, rows.stream().map(PreparedInsert::values).toList());
        return out;
    }

    /** Runs a statement of several ({@code SAVEPOINT …; INSERT … RETURNING …}) and returns the result set of the last. */
    private static ResultSet returnedRows(PreparedStatement ps) throws SQLException {
        boolean rows = ps.execute();
        while (!rows) {
            if (ps.getUpdateCount() == -1) {
                throw new SQLException("the insert returned no rows");
            }
            rows = ps.getMoreResults();
        }
        return ps.getResultSet();
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * The most rows of {@code columns} values one multi-row insert may carry: within SQLite's bind
     * limit (32,766 since SQLite 3.32, https://www.sqlite.org/limits.html#max_variable_number) and
     * PostgreSQL's (65,535 parameters per statement), and at most 500 rows to keep statements small.
     *
     * @param columns the values per row
     * @return at least 1
     */
    public int maxRowsPerInsert(int columns) {
        int binds = kind == DatabaseKind.SQLITE ? 32_766 : 65_535;
        return Math.max(1, Math.min(500, binds / Math.max(1, columns)));
    }

    /**
     * Updates the fields sent of one row.
     *
     * @param c             the connection, in a write transaction
     * @param resource      the resource
     * @param key           the key's bind values
     * @param body          the JSON object
     * @param caller        the caller
     * @param ifMatch       the {@code If-Match} header, or empty
     * @return the updated row
     * @throws SQLException when the database fails
     * @throws ProblemException 404, 409 (with the current row), 412, 422
     * @throws ConstraintFailure when a constraint refuses the change
     */
    public byte[] update(Connection c, Resource resource, Object[] key, JsonNode body, Caller caller,
                         Optional<String> ifMatch) throws SQLException {
        Scope scope = scope(resource, caller, false);
        DataRuleCheck rules = dataRules(resource);
        if (rules != null) {
            body = rules.transform(body);
        }
        BodyReader.Read read = reader.read(resource, body, BodyReader.Purpose.UPDATE);
        if (rules == null && ifMatch.isEmpty()) {
            Optional<byte[]> updated = updateUnread(c, resource, key, scope, read, caller);
            if (updated.isPresent()) {
                return updated.get();
            }
        }
        Current current = checkCurrent(c, resource, key, scope, new Preconditions(ifMatch, read.expectedUpdatedAt()));
        WriteValues values = read.values();
        reader.keepKey(resource, values, key);
        if (values.isEmpty()) {
            return current.row();
        }
        if (rules != null) {
            List<dev.plinth.schema.rules.RuleFailure> failures = rules.checkFields(values, body);
            if (failures.isEmpty() && rules.hasModelRules()) {
                // the row as it would be after the change: the stored row (read unmasked, in this transaction) with the patch applied
                byte[] stored = find(c, resource, key, new Scope(Optional.empty(), true), false).orElseThrow(() -> notFound(resource)).row();
                failures = rules.checkUpdate(stored, values, body, now());
            }
            rules.refuse(failures, "");
        }
        Scope write = scope;
        if (access != null) {
            Truth fieldRules = access.checkUpdate(resource, caller, values);
            write = access.restrict(scope(resource, caller, false, Operation.UPDATE), resource, fieldRules);
        }
        for (Column col : resource.columns()) {
            switch (col.role()) {
                case UPDATED_AT -> putTime(values, col, after(current));
                case UPDATED_BY -> putCaller(values, col, caller);
                default -> {
                }
            }
        }
        references.check(c, references(resource, values, caller));
        return updateRow(c, resource, key, write, values);
    }

    /**
     * The PATCH of a row without reading it first: one {@code UPDATE … RETURNING} that changes the row only
     * when it is in scope and its stored {@code updated_at} lies before now — exactly the case in which
     * {@link #update} would read the row, find nothing to refuse and store now. On PostgreSQL this saves the
     * {@code SELECT … FOR UPDATE} and its round trip (on SQLite the read costs no round trip, and times are
     * text, so the guard would compare strings). Taken only when nothing else needs the stored row: no
     * access policy or tenant column on the resource, no data rules, no preconditions, no key in the body, no reference into a scoped resource, something
     * to change.
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param key      the key's bind values
     * @param scope    the caller's read scope
     * @param read     the body as read
     * @param caller   the caller
     * @return the updated row; empty when this path does not apply or changed nothing (the row is missing,
     *         out of scope, or its {@code updated_at} is not before now), so that {@link #update} decides as before
     * @throws SQLException when the database fails
     * @throws ConstraintFailure when a constraint refuses the change
     */
    private Optional<byte[]> updateUnread(Connection c, Resource resource, Object[] key, Scope scope, BodyReader.Read read,
                                          Caller caller) throws SQLException {
        WriteValues values = read.values();
        if (kind != DatabaseKind.POSTGRESQL || (access != null && !access.untouched(resource))
                || read.expectedUpdatedAt().isPresent() || values.isEmpty()
                || resource.key().stream().anyMatch(values::has)) {
            return Optional.empty();
        }
        Instant now = now();
        List<Column> guarded = new java.util.ArrayList<>();
        for (Column col : resource.columns()) {
            switch (col.role()) {
                case UPDATED_AT -> {
                    if (col.codec() instanceof ColumnCodec.DateTime) {
                        putTime(values, col, now);
                        guarded.add(col);
                    }
                }
                case UPDATED_BY -> putCaller(values, col, caller);
                default -> {
                }
            }
        }
        if (!references(resource, values, caller).isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement(sql(resource).updateIfBefore(values, scope, guarded))) {
            int i = 1;
            for (Column col : values.presentColumns()) {
                bind(ps, i++, col, values.get(col));
            }
            i = bindKey(ps, i, resource, key, scope);
            for (Column col : guarded) {
                bind(ps, i++, col, now);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(scope.writer().orElse(rowWriter(resource)).toBytes(rs, json)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ConstraintFailure(e, resource, values, key, false);
        }
    }

    /**
     * Lists the foreign keys a write sets into resources the caller sees only part of, to be checked
     * in the write's transaction ({@link #checkReferences}).
     *
     * @param resource the resource written
     * @param values   the values written
     * @param caller   the caller
     * @return the references; empty when none points into a scoped resource
     */
    public List<VisibleReferences.Reference> references(Resource resource, WriteValues values, Caller caller) {
        return references.of(resource, values, target -> readScope(target, caller, true), this::partial);
    }

    /** True when a caller may see only some rows of a resource (owner-scoped, rules, tenant columns). */
    private boolean partial(Resource target) {
        return target.owner().isPresent() || (access != null && access.partial(target));
    }

    /**
     * Refuses references the caller may not read, with one statement.
     *
     * @param c    the connection, in the write's transaction
     * @param refs the references from {@link #references}
     * @throws SQLException when the database fails
     * @throws ProblemException 422 {@code foreign_key_violation}, the same as for a row that does not exist
     */
    public void checkReferences(Connection c, List<VisibleReferences.Reference> refs) throws SQLException {
        references.check(c, refs);
    }

    /**
     * Deletes one row: a soft delete (sets {@code deleted_at}) when the table has {@code deleted_at}.
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param key      the key's bind values
     * @param caller   the caller
     * @param ifMatch  the {@code If-Match} header, or empty
     * @throws SQLException when the database fails
     * @throws ProblemException 404, 412
     * @throws ConstraintFailure when rows still reference it
     */
    public void delete(Connection c, Resource resource, Object[] key, Caller caller, Optional<String> ifMatch) throws SQLException {
        Scope read = scope(resource, caller, false);
        Current current = checkCurrent(c, resource, key, read, new Preconditions(ifMatch, Optional.empty()));
        Scope scope = access == null ? read : scope(resource, caller, false, Operation.DELETE);
        if (resource.deletedAt().isPresent()) {
            WriteValues values = new WriteValues(resource);
            Instant now = after(current);
            for (Column col : resource.columns()) {
                switch (col.role()) {
                    case DELETED_AT, UPDATED_AT -> putTime(values, col, now);
                    case DELETED_BY -> putCaller(values, col, caller);
                    default -> {
                    }
                }
            }
            updateRow(c, resource, key, scope, values);
            if (cascade.cascades(resource)) {
                cascade.delete(c, resource, new SoftDeleteCascade.Roots.ByKey(key), now, caller);
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql(resource).delete(scope))) {
            bindKey(ps, 1, resource, key, scope);
            if (ps.executeUpdate() == 0) {
                throw forbidden(resource, scope, "delete");
            }
        } catch (SQLException e) {
            throw new ConstraintFailure(e, resource, null, key, true);
        }
    }

    /**
     * Undoes a soft delete.
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource (with {@code deleted_at})
     * @param key      the key's bind values
     * @param caller   the caller
     * @return the restored row
     * @throws SQLException when the database fails
     * @throws ProblemException 404 when there is no such row in scope
     */
    public byte[] restore(Connection c, Resource resource, Object[] key, Caller caller) throws SQLException {
        Scope read = scope(resource, caller, true);
        Current current = find(c, resource, key, read, true).orElseThrow(() -> notFound(resource));
        Scope scope = access == null ? read : scope(resource, caller, true, Operation.UPDATE);
        // the root's deletion instant, read before it is cleared: the stamp of the rows its cascade marked
        Instant stamp = cascade.cascades(resource) ? cascade.stamp(c, resource, key) : null;
        Instant now = after(current);
        WriteValues values = new WriteValues(resource);
        for (Column col : resource.columns()) {
            switch (col.role()) {
                case DELETED_AT, DELETED_BY -> values.put(col, null);
                case UPDATED_AT -> putTime(values, col, now);
                case UPDATED_BY -> putCaller(values, col, caller);
                default -> {
                }
            }
        }
        byte[] row = updateRow(c, resource, key, scope, values);
        if (stamp != null) {
            cascade.restore(c, resource, key, stamp, now, caller);
        }
        return row;
    }

    /**
     * Computes the strong entity tag of a row: a digest of its JSON (RFC 9110 section 8.8.3).
     *
     * @param row the row's JSON
     * @return the quoted entity tag
     */
    public static String etag(byte[] row) {
        byte[] digest = sha256().digest(row);
        return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
    }

    /** A fresh SHA-256 digest, cloned from {@link #SHA_256} (a copy of its state, no provider look-up by name). */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Current checkCurrent(Connection c, Resource resource, Object[] key, Scope scope, Preconditions pre) throws SQLException {
        Current current = find(c, resource, key, scope, true).orElseThrow(() -> notFound(resource));
        return verify(current, pre);
    }

    /** Holds a row read for a write to the request's expectations: 412 on If-Match, 409 on {@code _expected_updated_at}. */
    Current verify(Current current, Preconditions pre) {
        if (pre.ifMatch().isPresent() && !Preconditions.matches(pre.ifMatch().get(), etag(current.row()))) {
            throw new ProblemException(ApiProblem.PRECONDITION_FAILED,
                    "If-Match " + pre.ifMatch().get() + " does not match the row's ETag " + etag(current.row()), List.of(), current.row());
        }
        if (pre.expectedUpdatedAt().isPresent()) {
            Instant stored = current.updatedAt();
            if (stored == null || !stored.equals(pre.expectedUpdatedAt().get())) {
                throw new ProblemException(ApiProblem.CONCURRENT_UPDATE,
                        "the row was updated at " + (stored == null ? "null" : Timestamps.format(stored))
                                + ", not at " + Timestamps.format(pre.expectedUpdatedAt().get()),
                        List.of(), current.row());
            }
        }
        return current;
    }

    /**
     * Returns the time of a change to a row whose {@code updated_at} is {@code stored}: now, but always
     * later than {@code stored} (as every single-row write does), for writes of many rows.
     *
     * @param stored the row's {@code updated_at}, or null
     * @return the instant to store in {@code updated_at}
     */
    public Instant changeTime(Instant stored) {
        return after(new Current(null, stored));
    }

    /**
     * The time of a change to a row: now, but always later than the row's {@code updated_at}, so two
     * changes within one millisecond still tell {@code _expected_updated_at} apart.
     */
    Instant after(Current current) {
        Instant now = now();
        return current.updatedAt() != null && !now.isAfter(current.updatedAt()) ? current.updatedAt().plusMillis(1) : now;
    }

    /** A row as read: its JSON and, when read for a write, its {@code updated_at} (null otherwise or without one). */
    record Current(byte[] row, Instant updatedAt) {
    }

    /**
     * Reads one row in scope. With {@code forWrite} the row is locked (PostgreSQL {@code FOR UPDATE}) and its
     * {@code updated_at} read for the concurrency checks of a write; a plain read skips both.
     */
    Optional<Current> find(Connection c, Resource resource, Object[] key, Scope scope, boolean forWrite) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(resource).selectByKey(scope, forWrite))) {
            bindKey(ps, 1, resource, key, scope);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant updatedAt = null;
                Optional<Column> column = forWrite ? resource.updatedAt() : Optional.empty();
                if (column.isPresent() && column.get().codec() instanceof ColumnCodec.DateTime dt) {
                    updatedAt = dt.read(rs, column.get().position() + 1);
                }
                return Optional.of(new Current(scope.writer().orElse(rowWriter(resource)).toBytes(rs, json), updatedAt));
            }
        }
    }

    byte[] updateRow(Connection c, Resource resource, Object[] key, Scope scope, WriteValues values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(resource).update(values, scope))) {
            int i = 1;
            for (Column col : values.presentColumns()) {
                bind(ps, i++, col, values.get(col));
            }
            bindKey(ps, i, resource, key, scope);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    // the row was found readable before: only the write condition can have refused it
                    throw forbidden(resource, scope, "change");
                }
                return scope.writer().orElse(rowWriter(resource)).toBytes(rs, json);
            }
        } catch (SQLException e) {
            throw new ConstraintFailure(e, resource, values, key, false);
        }
    }

    /** Binds a key, then the owner and the access condition's values; returns the next bind position. */
    private static int bindKey(PreparedStatement ps, int first, Resource resource, Object[] key, Scope scope) throws SQLException {
        int i = first;
        for (int k = 0; k < key.length; k++) {
            resource.key().get(k).codec().bind(ps, i++, key[k]);
        }
        if (scope.owner().isPresent()) {
            resource.owner().orElseThrow().codec().bind(ps, i++, scope.owner().get());
        }
        if (scope.rowsSql().isPresent()) {
            for (Object b : scope.rowsSql().get().binds()) {
                ps.setObject(i++, b);
            }
        }
        return i;
    }

    /** Moves an {@code autoincrement()} key's sequence past explicit keys just written (PostgreSQL; nothing on SQLite). */
    void advanceSequences(Connection c, Resource resource, List<WriteValues> written) throws SQLException {
        sequences.advance(c, resource, written);
    }

    /** Returns the JSON factory rows are written with. */
    JsonFactory json() {
        return json;
    }

    /** Returns the database written. */
    DatabaseKind kind() {
        return kind;
    }

    private static ProblemException forbidden(Resource resource, Scope scope, String what) {
        if (scope.rowsSql().isPresent()) {
            return ApiProblem.FORBIDDEN.with("the access rules of " + resource.name() + " do not let this caller " + what + " this row");
        }
        return notFound(resource);
    }

    static void bind(PreparedStatement ps, int index, Column col, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.NULL);
        } else {
            col.codec().bind(ps, index, value);
        }
    }

    void putTime(WriteValues values, Column col, Instant now) {
        if (col.codec() instanceof ColumnCodec.DateTime) {
            values.put(col, now);
        }
    }

    /**
     * Puts the caller's subject into an audit column ({@code updated_by}, {@code deleted_by}), as every write does.
     *
     * @param values the values written
     * @param col    the audit column
     * @param caller the caller (nothing is put without a subject, or when it does not fit the column's type)
     */
    static void putCallerValue(WriteValues values, Column col, Caller caller) {
        putCaller(values, col, caller);
    }

    static void putCaller(WriteValues values, Column col, Caller caller) {
        if (caller.subject().isEmpty()) {
            return;
        }
        try {
            values.put(col, col.codec().parseText(caller.subject().get()));
        } catch (InvalidValue e) {
            // a subject that does not fit the column's type is not recorded rather than refusing the write
        }
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    String keyPath(Resource resource, ResultSet rs) throws SQLException {
        StringBuilder path = new StringBuilder();
        for (Column k : resource.key()) {
            if (!path.isEmpty()) {
                path.append(',');
            }
            String v = k.codec() instanceof ColumnCodec.DateTime dt
                    ? dev.plinth.api.value.Timestamps.format(dt.read(rs, k.position() + 1))
                    : rs.getString(k.position() + 1);
            path.append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    static ProblemException notFound(Resource resource) {
        return ApiProblem.NOT_FOUND.with("no such row in " + resource.name());
    }
}
