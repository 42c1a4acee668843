package dev.plinth.api.orphan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.Authenticator;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.QueryString;
import dev.plinth.api.store.Database;
import dev.plinth.migrate.HeldChange;
import dev.plinth.query.QueryLimits;
import io.javalin.http.Context;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/_orphaned/<table>} (docs/api.md, "Orphaned tables"): the tables of removed models that a start
 * with {@code --hold-destructive} kept, served read-only to admins.
 *
 * <ul>
 *   <li>{@code GET /api/_orphaned/<table>?page=1&per_page=50&count=true}: {@code 200 {"data":[…], "page":1,
 *       "per_page":50}} (+ {@code "total"}), rows in primary-key order, every column as the database holds it;</li>
 *   <li>{@code GET /api/_orphaned/<table>/<key>}: the row, or 404; only for a table with a primary key (a
 *       composite key is its values comma-separated, in key order);</li>
 *   <li>{@code GET /api/_orphaned}: {@code 200 {"data":[{"table","rows","columns":[{"name","type","nullable"}],
 *       "primary_key","kept_by"}]}}, every table orphaned now (an empty list when none);</li>
 *   <li>{@code DELETE /api/_orphaned/<table>?confirm=<table>}: drops the table (204); {@code confirm} must repeat
 *       its name exactly (400 {@code invalid_parameter} otherwise, nothing dropped); 409 {@code still_referenced}
 *       while another table's foreign key references it;</li>
 *   <li>other writes: 405 with {@code Allow} (no handler is registered for them; the server's 405 answer names
 *       the methods served);</li>
 *   <li>401 without a token, 403 when the token's {@code role}/{@code roles} claim lacks the admin role, 404 for
 *       a table that is not orphaned. Errors are {@code application/problem+json}.</li>
 * </ul>
 */
public final class OrphanedTableRoutes {

    /** The path segment under the API prefix. */
    public static final String SEGMENT = "/_orphaned";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrphanedTableRoutes.class);
    private static final Set<String> LIST_PARAMETERS = Set.of("page", "per_page", "count");

    private final Map<String, OrphanedRows> tables = new LinkedHashMap<>();
    private final HeldNow now;
    private final JsonFactory json;
    private final Database database;
    private final Authenticator authenticator;
    private final AdminRole admin;
    private final QueryLimits limits = QueryLimits.DEFAULT;

    /**
     * @param state         the held changes and the admin role
     * @param now           what is held now: a drop updates it
     * @param database      the served database
     * @param authenticator verifies bearer tokens
     * @param json          writes the answers
     * @param mapper        checks stored JSON text (SQLite)
     */
    public OrphanedTableRoutes(HeldState state, HeldNow now, Database database, Authenticator authenticator, JsonFactory json,
                               ObjectMapper mapper) {
        this.now = now;
        this.json = json;
        this.database = database;
        this.authenticator = authenticator;
        this.admin = new AdminRole(state.adminRole());
        StoredValueWriter values = new StoredValueWriter(mapper, database.kind() == dev.plinth.sql.DatabaseKind.SQLITE);
        for (HeldChange.OrphanedTable table : state.orphanedTables()) {
            tables.put(table.table(), new OrphanedRows(table.snapshot(), database.kind(), json, values));
        }
    }

    /** {@code GET <prefix>/_orphaned/{table}}: a page of rows. */
    public void list(Context ctx) throws SQLException {
        OrphanedRows rows = table(ctx);
        Map<String, List<String>> params = QueryString.parse(ctx.queryString());
        for (String name : params.keySet()) {
            if (!LIST_PARAMETERS.contains(name)) {
                throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "unknown parameter '" + name
                                + "'; an orphaned table is listed with page, per_page and count only",
                        List.of(new FieldError(name, "invalid_parameter", "valid parameters: page, per_page, count")));
            }
        }
        int page = number(params, "page", 1, 1, Integer.MAX_VALUE);
        int perPage = number(params, "per_page", limits.defaultPageSize(), 0, limits.maxPageSize());
        boolean count = flag(params, "count");
        byte[] body = database.read(c -> rows.page(c, page, perPage, count));
        ctx.status(200).contentType("application/json").result(body);
    }

    /** {@code GET <prefix>/_orphaned/{table}/{key}}: one row by primary key, or 404. */
    public void get(Context ctx) throws SQLException {
        OrphanedRows rows = table(ctx);
        String table = ctx.pathParam("table");
        if (!rows.addressable()) {
            throw ApiProblem.NOT_FOUND.with("the orphaned table " + table + " has no primary key: read it by page");
        }
        String uri = ctx.req().getRequestURI();
        String rest = uri.substring(uri.indexOf(SEGMENT + "/") + SEGMENT.length() + 1);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String rawKey = rest.substring(rest.indexOf('/') + 1);
        if (!QueryString.parse(ctx.queryString()).isEmpty()) {
            throw ApiProblem.INVALID_PARAMETER.with("a row of an orphaned table takes no parameters");
        }
        Optional<byte[]> row = database.read(c -> rows.row(c, rawKey));
        ctx.status(200).contentType("application/json").result(row.orElseThrow(
                () -> ApiProblem.NOT_FOUND.with("no row of the orphaned table " + table + " has the key " + rawKey)));
    }

    /** {@code GET <prefix>/_orphaned}: every table orphaned now, with its live row count. */
    public void index(Context ctx) throws SQLException {
        admin.require(authenticator.authenticate(ctx));
        if (!QueryString.parse(ctx.queryString()).isEmpty()) {
            throw ApiProblem.INVALID_PARAMETER.with("the list of orphaned tables takes no parameters");
        }
        List<HeldChange.OrphanedTable> orphaned = now.orphanedTables();
        byte[] body = database.read(c -> OrphanedIndex.write(c, database.kind(), json, orphaned));
        ctx.status(200).contentType("application/json").result(body);
    }

    /**
     * {@code DELETE <prefix>/_orphaned/{table}?confirm={table}}: drops an orphaned table, after which it is neither
     * served nor held ({@code GET /health/ready} follows at once; a later start finds no table to hold).
     */
    public void drop(Context ctx) throws SQLException {
        OrphanedRows rows = table(ctx);
        String name = ctx.pathParam("table");
        Map<String, List<String>> params = QueryString.parse(ctx.queryString());
        List<String> confirm = params.getOrDefault("confirm", List.of());
        for (String param : params.keySet()) {
            if (!param.equals("confirm")) {
                throw confirmProblem("unknown parameter '" + param + "'; dropping an orphaned table takes confirm=<table> only", param);
            }
        }
        if (confirm.size() != 1 || !confirm.get(0).equals(name)) {
            throw confirmProblem("dropping the orphaned table " + name + " deletes its rows for good: repeat its name"
                    + " exactly as ?confirm=" + name + (confirm.isEmpty() ? "" : " (got '" + String.join(",", confirm) + "')"), "confirm");
        }
        synchronized (this) {
            // checked again inside the lock: two drops of one table must not both run DROP TABLE
            if (now.orphanedTables().stream().noneMatch(t -> t.table().equals(name))) {
                throw ApiProblem.NOT_FOUND.with("no orphaned table " + name + " (dropped already?)");
            }
            List<String> referencing = now.orphanedTables().stream().filter(t -> !t.table().equals(name))
                    .filter(t -> t.snapshot().foreignKeys().stream().anyMatch(fk -> fk.referencedTable().equals(name)))
                    .map(HeldChange.OrphanedTable::table).toList();
            if (!referencing.isEmpty()) {
                throw ApiProblem.STILL_REFERENCED.with("the orphaned table" + (referencing.size() == 1 ? " " : "s ")
                        + String.join(", ", referencing) + " still reference" + (referencing.size() == 1 ? "s " : " ") + name
                        + ": drop " + (referencing.size() == 1 ? "it" : "them") + " first; nothing was dropped");
            }
            rows.drop(database);
            now.dropped(name);
        }
        // a drop loses data for good: the log says who asked for it (the subject the request record holds)
        LOG.warn("dropped the orphaned table {} (DELETE {} by {})", name, ctx.path(),
                dev.plinth.api.telemetry.RequestRecord.of(ctx).subject().orElse("an admin"));
        ctx.status(204);
    }

    private static ProblemException confirmProblem(String message, String parameter) {
        return ProblemException.fields(ApiProblem.INVALID_PARAMETER, message, List.of(new FieldError(parameter, "invalid_parameter", message)));
    }

    /** Checks the caller, then finds the table the path names among those orphaned now. */
    private OrphanedRows table(Context ctx) {
        admin.require(authenticator.authenticate(ctx));
        String name = ctx.pathParam("table");
        OrphanedRows rows = tables.get(name);
        List<String> orphaned = now.orphanedTables().stream().map(HeldChange.OrphanedTable::table).toList();
        if (rows == null || !orphaned.contains(name)) {
            throw ApiProblem.NOT_FOUND.with("no orphaned table " + name + "; orphaned tables: "
                    + (orphaned.isEmpty() ? "none" : String.join(", ", orphaned)));
        }
        return rows;
    }

    private static int number(Map<String, List<String>> params, String name, int fallback, int min, int max) {
        List<String> given = params.get(name);
        if (given == null) {
            return fallback;
        }
        String text = given.size() == 1 ? given.get(0) : "";
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max && String.valueOf(value).equals(text)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        String message = "'" + name + "': '" + String.join(",", given) + "' is not a whole number from " + min + " to " + max;
        throw ProblemException.fields(ApiProblem.INVALID_VALUE, message, List.of(new FieldError(name, "invalid_value", message)));
    }

    private static boolean flag(Map<String, List<String>> params, String name) {
        List<String> given = params.get(name);
        if (given == null) {
            return false;
        }
        if (given.size() == 1 && (given.get(0).equals("true") || given.get(0).equals("false"))) {
            return given.get(0).equals("true");
        }
        String message = "'" + name + "': expected true or false";
        throw ProblemException.fields(ApiProblem.INVALID_VALUE, message, List.of(new FieldError(name, "invalid_value", message)));
    }
}
