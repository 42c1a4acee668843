import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The benchmark's reference: a hand-written Javalin 7 + JDBC server for the CRM workload's
 * {@code contacts} table (bench/crm-unscoped.prisma), answering the operations the benchmark drives
 * with the SQL and the JSON shape Plinth uses, and nothing more. It is the floor a generic server
 * can approach: every endpoint knows its table, its columns and their types at compile time.
 *
 * <p>Run: {@code java -cp target/plinth.jar bench/reference/ReferenceServer.java --database-url URL
 * [--port 8090] [--pool-size N]} (the jar supplies Javalin, Jackson, HikariCP and the drivers).
 * The URL is a SQLite file ({@code file:/path/crm.db}, {@code sqlite:/path}, a bare path) or a
 * PostgreSQL URL ({@code postgresql://user@host:port/db}). The pool size defaults to Plinth's
 * (8 SQLite read connections, cores × 2 + 1 PostgreSQL connections, at least 5).
 *
 * <p>Connections are set up as Plinth's are (docs/api.md, "Storage and speed"). SQLite: WAL, foreign keys on,
 * a busy timeout, synchronous=NORMAL, a pool of read connections and one write connection used under a fair lock,
 * write transactions begun IMMEDIATE. PostgreSQL: one HikariCP pool.
 *
 * <p>Endpoints (the JSON keys are the column names):
 * <ul>
 *   <li>{@code GET /api/contacts/{id}} → 200 row (with an ETag) or 404</li>
 *   <li>{@code GET /api/contacts} with {@code status} or {@code company_id}, {@code orderBy=created_at:desc},
 *       {@code page}/{@code per_page} (up to 10,000, or {@code all} streamed), {@code count=true},
 *       or {@code cursor}/{@code limit} (keyset on id); {@code include=company} (the page's companies
 *       in one more statement, embedded); {@code q=word} with {@code page}/{@code per_page} (full-text,
 *       best match first, on a database migrated to bench/crm-search.prisma; or newest first with
 *       {@code orderBy=created_at:desc}); {@code company.industry} (a filter across the relation)</li>
 *   <li>{@code GET /api/companies/{id}/contacts} with {@code page}/{@code per_page} → 200 a page of the company's
 *       contacts, 404 without the company</li>
 *   <li>{@code POST /api/batch} with {@code POST /api/contacts} and {@code PATCH /api/contacts/{id}} operations
 *       → 200 {@code [{"status","body"}, …]}, one transaction</li>
 *   <li>{@code POST /api/contacts} with an object (201 + Location) or an array (201, one transaction of
 *       multi-row inserts, as Plinth does)</li>
 *   <li>{@code PATCH /api/contacts/{id}} → 200 updated row or 404</li>
 *   <li>{@code PATCH /api/contacts} with an array of objects each carrying its id → 200 the updated rows in
 *       order (one transaction, as Plinth does), or 404 for a missing id with nothing written</li>
 * </ul>
 */
public final class ReferenceServer {

    private static final String COLUMNS =
            "\"id\", \"name\", \"email\", \"status\", \"company_id\", \"owner_id\", \"created_at\", \"updated_at\"";
    private static final String SELECT_BY_ID = "SELECT " + COLUMNS + " FROM \"contacts\" WHERE \"id\" = ?";
    private static final String SELECT_PAGE =
            "SELECT " + COLUMNS + " FROM \"contacts\" ORDER BY \"id\" ASC LIMIT ? OFFSET ?";
    private static final String SELECT_PAGE_BY_STATUS =
            "SELECT " + COLUMNS + " FROM \"contacts\" WHERE \"status\" = ? ORDER BY \"id\" ASC LIMIT ? OFFSET ?";
    /**
     * The same on SQLite, read in rowid order: a status matches a large part of the table, and SQLite would
     * otherwise search the (status, created_at) index and sort every match for the page (docs/query.md, "How
     * pages are read"); the statement Plinth runs for these pages.
     */
    private static final String SELECT_PAGE_BY_STATUS_SQLITE =
            "SELECT " + COLUMNS + " FROM \"contacts\" NOT INDEXED WHERE \"status\" = ? ORDER BY \"id\" ASC LIMIT ? OFFSET ?";
    private static final String SELECT_PAGE_BY_COMPANY =
            "SELECT " + COLUMNS + " FROM \"contacts\" WHERE \"company_id\" = ? ORDER BY \"id\" ASC LIMIT ? OFFSET ?";
    /** A filter across the to-one relation, as Plinth renders it: the related keys in a subquery. */
    private static final String SELECT_PAGE_BY_INDUSTRY = "SELECT " + COLUMNS + " FROM \"contacts\" WHERE (\"company_id\" IN"
            + " (SELECT \"id\" FROM \"companies\" WHERE \"industry\" = ?)) ORDER BY \"id\" ASC LIMIT ? OFFSET ?";
    /**
     * The same on SQLite, read in rowid order: an industry matches a twelfth of the contacts, and SQLite would
     * otherwise search the company_id index for every company of the industry and sort the matches; Plinth's
     * rule (docs/query.md, "How pages are read") takes the walk for this page.
     */
    private static final String SELECT_PAGE_BY_INDUSTRY_SQLITE = "SELECT " + COLUMNS + " FROM \"contacts\" NOT INDEXED WHERE"
            + " (\"company_id\" IN (SELECT \"id\" FROM \"companies\" WHERE \"industry\" = ?)) ORDER BY \"id\" ASC LIMIT ? OFFSET ?";
    /** The parent row a nested route checks before listing its children (404 without it), as Plinth reads it. */
    private static final String SELECT_COMPANY = "SELECT " + "\"id\", \"name\", \"industry\", \"created_at\""
            + " FROM \"companies\" WHERE \"id\" = ?";
    private static final String SELECT_NEWEST_BY_STATUS = "SELECT " + COLUMNS
            + " FROM \"contacts\" WHERE \"status\" = ? ORDER BY \"created_at\" DESC, \"id\" ASC LIMIT ? OFFSET ?";
    private static final String SELECT_NEWEST = "SELECT " + COLUMNS
            + " FROM \"contacts\" ORDER BY \"created_at\" DESC, \"id\" ASC LIMIT ? OFFSET ?";
    private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM \"contacts\" ORDER BY \"id\" ASC";
    private static final String SELECT_AFTER =
            "SELECT " + COLUMNS + " FROM \"contacts\" WHERE \"id\" > ? ORDER BY \"id\" ASC LIMIT ?";
    private static final String COUNT_BY_STATUS = "SELECT COUNT(*) FROM \"contacts\" WHERE \"status\" = ?";
    private static final String COUNT_ALL = "SELECT COUNT(*) FROM \"contacts\"";
    private static final String INSERT_HEAD = "INSERT INTO \"contacts\" (\"name\", \"email\", \"status\", \"company_id\","
            + " \"owner_id\", \"created_at\", \"updated_at\") VALUES ";
    /** Rows per multi-row insert: Plinth's chunk size (RecordService.maxRowsPerInsert). */
    private static final int INSERT_CHUNK = 500;
    private static final String[] INSERT_SQL = new String[INSERT_CHUNK];
    /** Concurrent writers when measuring the database alone: enough to keep PostgreSQL's cores busy. */
    private static final int FLOOR_WRITERS = 16;
    /**
     * Statements per transaction when measuring the database alone: many, so that the bound holds for a server
     * that commits concurrent requests together (Plinth's group commit on SQLite) as well.
     */
    private static final int FLOOR_STATEMENTS_PER_TRANSACTION = 100;

    private static final int DEFAULT_PER_PAGE = 50;
    private static final int MAX_PER_PAGE = 10_000;
    /** Pages at least this large are streamed to the socket instead of buffered. */
    private static final int STREAM_FROM_ROWS = 1_000;
    private static final Set<String> LIST_PARAMETERS =
            Set.of("status", "company_id", "company.industry", "orderBy", "page", "per_page", "count", "cursor", "limit",
                    "include", "q");
    /** Operations one POST /api/batch takes: Plinth's limit. */
    private static final int MAX_BATCH_OPERATIONS = 1_000;
    private static final String COMPANY_COLUMNS = "\"id\", \"name\", \"industry\", \"created_at\"";
    /** The words the reference searches for: one plain word (what the benchmark sends). */
    private static final java.util.regex.Pattern SEARCH_WORD = java.util.regex.Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private final Database database;
    private final JsonFactory json = new JsonFactory();

    private ReferenceServer(Database database) {
        this.database = database;
    }

    /**
     * Starts the server and blocks until the JVM exits.
     *
     * @param args {@code --database-url URL [--port N] [--pool-size N]}, or {@code --database-url URL
     *             --insert-floor STATEMENTS} to measure the database alone under 100-row inserts and exit, or
     *             {@code --update-floor STATEMENTS} under 100-row bulk updates
     */
    public static void main(String[] args) throws Exception {
        String url = null;
        int port = 8090;
        int poolSize = 0; // 0: Plinth's sizes (ServedApi): 8 SQLite readers, max(5, cores × 2 + 1) PostgreSQL connections
        int floorStatements = 0;
        int updateFloorStatements = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--database-url" -> url = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--pool-size" -> poolSize = Integer.parseInt(args[++i]);
                case "--insert-floor" -> floorStatements = Integer.parseInt(args[++i]);
                case "--update-floor" -> updateFloorStatements = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--database-url is required");
        }
        Database database = Database.open(url, poolSize);
        if (floorStatements > 0 || updateFloorStatements > 0) {
            try {
                if (floorStatements > 0) {
                    insertFloor(database, floorStatements, 100);
                } else {
                    updateFloor(database, updateFloorStatements, 100);
                }
            } finally {
                database.close();
            }
            return;
        }
        ReferenceServer server = new ReferenceServer(database);
        int listenPort = port;
        Javalin app = Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = listenPort;
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.routes.get("/api/contacts/{id}", server::getContact);
            config.routes.get("/api/contacts", server::listContacts);
            config.routes.post("/api/contacts", server::createContacts);
            config.routes.patch("/api/contacts/{id}", server::updateContact);
            config.routes.patch("/api/contacts", server::updateContacts);
            config.routes.get("/api/companies/{id}/contacts", server::listCompanyContacts);
            config.routes.post("/api/batch", server::batch);
            config.routes.exception(BadRequest.class, (e, ctx) -> server.problem(ctx, e.status, e.code, e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                e.printStackTrace();
                server.problem(ctx, 500, "internal_error", "internal error");
            });
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            database.close();
        }));
        app.start();
        System.err.println("reference: listening on http://127.0.0.1:" + listenPort + " (" + database.kind() + ")");
    }

    // ---------------------------------------------------------------- GET /api/contacts/{id}

    private void getContact(Context ctx) throws Exception {
        long id = pathId(ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        boolean found;
        try (Connection c = database.reader(); PreparedStatement ps = c.prepareStatement(SELECT_BY_ID)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery(); JsonGenerator g = json.createGenerator(out)) {
                found = rs.next();
                if (found) {
                    writeContact(g, rs);
                }
            }
        }
        if (!found) {
            throw new BadRequest(404, "not_found", "no contact with id " + id);
        }
        byte[] row = out.toByteArray();
        ctx.header("ETag", etag(row)).contentType("application/json").result(row);
    }

    // ---------------------------------------------------------------- GET /api/contacts

    private void listContacts(Context ctx) throws Exception {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!LIST_PARAMETERS.contains(name)) {
                throw new BadRequest(400, "unknown_parameter", "unknown query parameter " + name);
            }
        }
        String cursor = ctx.queryParam("cursor");
        String limitParam = ctx.queryParam("limit");
        if (cursor != null || limitParam != null) {
            listAfterCursor(ctx, cursor, limitParam == null ? DEFAULT_PER_PAGE : intParam("limit", limitParam, 1, MAX_PER_PAGE));
            return;
        }
        String q = ctx.queryParam("q");
        if (q != null) {
            searchContacts(ctx, q);
            return;
        }
        String include = ctx.queryParam("include");
        if (include != null && !include.equals("company")) {
            throw new BadRequest(400, "invalid_include", "include supports company");
        }
        String industry = ctx.queryParam("company.industry");
        if (industry != null) {
            listByIndustry(ctx, industry);
            return;
        }
        String statusParam = ctx.queryParam("status");
        String companyParam = ctx.queryParam("company_id");
        if (statusParam != null && companyParam != null) {
            throw new BadRequest(400, "invalid_parameter", "filter by status or by company_id, not both");
        }
        Object status = companyParam != null ? (Object) intParam("company_id", companyParam, 1, Integer.MAX_VALUE) : statusParam;
        String orderBy = ctx.queryParam("orderBy");
        boolean newestFirst;
        if (orderBy == null || orderBy.equals("id") || orderBy.equals("id:asc")) {
            newestFirst = false;
        } else if (orderBy.equals("created_at:desc") || orderBy.equals("-created_at")) {
            newestFirst = true;
        } else {
            throw new BadRequest(400, "invalid_order", "orderBy supports created_at:desc and id:asc");
        }
        String perPageParam = ctx.queryParam("per_page");
        if ("all".equals(perPageParam)) {
            if (status != null || newestFirst || ctx.queryParam("page") != null) {
                throw new BadRequest(400, "invalid_parameter", "per_page=all takes no filter, order or page");
            }
            exportAll(ctx);
            return;
        }
        // per_page=0: no page, only the total with count=true (the count alone runs, as Plinth does)
        int perPage = perPageParam == null ? DEFAULT_PER_PAGE : intParam("per_page", perPageParam, 0, MAX_PER_PAGE);
        String pageParam = ctx.queryParam("page");
        int page = pageParam == null ? 1 : intParam("page", pageParam, 1, Integer.MAX_VALUE);
        String countParam = ctx.queryParam("count");
        boolean count = "true".equals(countParam);
        if (countParam != null && !count && !"false".equals(countParam)) {
            throw new BadRequest(400, "invalid_parameter", "count must be true or false");
        }
        if (companyParam != null && (newestFirst || count)) {
            throw new BadRequest(400, "invalid_parameter", "company_id takes the default order and no count");
        }
        String sql = companyParam != null ? SELECT_PAGE_BY_COMPANY : status == null
                ? (newestFirst ? SELECT_NEWEST : SELECT_PAGE)
                : (newestFirst ? SELECT_NEWEST_BY_STATUS
                        : database.kind().equals("sqlite") ? SELECT_PAGE_BY_STATUS_SQLITE : SELECT_PAGE_BY_STATUS);
        long offset = (long) (page - 1) * perPage;
        if (include != null) {
            if (count || perPage >= STREAM_FROM_ROWS) {
                throw new BadRequest(400, "invalid_parameter", "include takes pages below " + STREAM_FROM_ROWS + " rows, no count");
            }
            ctx.contentType("application/json").result(pageWithCompanies(sql, status, perPage, offset, page));
            return;
        }
        if (perPage >= STREAM_FROM_ROWS) {
            ctx.contentType("application/json");
            try (OutputStream out = ctx.outputStream()) {
                writePage(out, sql, status, perPage, offset, page, count);
            }
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 + perPage * 200);
            writePage(out, sql, status, perPage, offset, page, count);
            ctx.contentType("application/json").result(out.toByteArray());
        }
    }

    private void writePage(OutputStream out, String sql, Object status, int perPage, long offset, int page,
                           boolean count) throws SQLException, IOException {
        try (Connection c = database.reader()) {
            writePage(c, out, sql, status, perPage, offset, page, count);
        }
    }

    /**
     * Writes a page envelope {@code {["total",] "data", "page", "per_page"}} read on {@code c}: the page statement
     * {@code sql} with its filter value {@code status} (null: none), and with {@code count} the total first.
     */
    private void writePage(Connection c, OutputStream out, String sql, Object status, int perPage, long offset, int page,
                           boolean count) throws SQLException, IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            if (count) {
                try (PreparedStatement ps = c.prepareStatement(status == null ? COUNT_ALL : COUNT_BY_STATUS)) {
                    if (status != null) {
                        ps.setObject(1, status);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        g.writeNumberField("total", rs.getLong(1));
                    }
                }
            }
            g.writeFieldName("data");
            g.writeStartArray();
            if (perPage > 0) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bindPage(ps, status, perPage, offset);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            writeContact(g, rs);
                        }
                    }
                }
            }
            g.writeEndArray();
            g.writeNumberField("page", page);
            g.writeNumberField("per_page", perPage);
            g.writeEndObject();
        }
    }

    /** Binds a page statement's filter value (when there is one), page size and offset. */
    private static void bindPage(PreparedStatement ps, Object filter, int perPage, long offset) throws SQLException {
        int i = 1;
        if (filter != null) {
            ps.setObject(i++, filter);
        }
        ps.setInt(i++, perPage);
        ps.setLong(i, offset);
    }

    /**
     * {@code include=company}: the page as {@link #writePage} reads it, then the page's companies with one
     * {@code WHERE "id" IN (…)}, each embedded as {@code "company"} (null without one), as Plinth answers.
     */
    private byte[] pageWithCompanies(String sql, Object status, int perPage, long offset, int page)
            throws SQLException, IOException {
        List<Contact> contacts = new ArrayList<>(perPage);
        java.util.Map<Long, Company> companies = new java.util.HashMap<>();
        try (Connection c = database.reader()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindPage(ps, status, perPage, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long companyId = rs.getLong(5);
                        Long company = rs.wasNull() ? null : companyId;
                        contacts.add(new Contact(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                company, rs.getLong(6), database.timestamp(rs, 7), database.timestamp(rs, 8)));
                    }
                }
            }
            List<Long> ids = contacts.stream().map(Contact::companyId).filter(java.util.Objects::nonNull).distinct().toList();
            if (!ids.isEmpty()) {
                String in = "SELECT " + COMPANY_COLUMNS + " FROM \"companies\" WHERE \"id\" IN ("
                        + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")";
                try (PreparedStatement ps = c.prepareStatement(in)) {
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setLong(i + 1, ids.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            companies.put(rs.getLong(1), new Company(rs.getLong(1), rs.getString(2), rs.getString(3),
                                    database.timestamp(rs, 4)));
                        }
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + perPage * 300);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("data");
            g.writeStartArray();
            for (Contact contact : contacts) {
                g.writeStartObject();
                g.writeNumberField("id", contact.id());
                g.writeStringField("name", contact.name());
                g.writeStringField("email", contact.email());
                g.writeStringField("status", contact.status());
                if (contact.companyId() == null) {
                    g.writeNullField("company_id");
                } else {
                    g.writeNumberField("company_id", contact.companyId());
                }
                g.writeNumberField("owner_id", contact.ownerId());
                g.writeStringField("created_at", contact.createdAt());
                g.writeStringField("updated_at", contact.updatedAt());
                Company company = contact.companyId() == null ? null : companies.get(contact.companyId());
                if (company == null) {
                    g.writeNullField("company");
                } else {
                    g.writeObjectFieldStart("company");
                    g.writeNumberField("id", company.id());
                    g.writeStringField("name", company.name());
                    g.writeStringField("industry", company.industry());
                    g.writeStringField("created_at", company.createdAt());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("page", page);
            g.writeNumberField("per_page", perPage);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** A contact read for a page that embeds its company. */
    private record Contact(long id, String name, String email, String status, Long companyId, long ownerId,
                           String createdAt, String updatedAt) {
    }

    /** A company embedded in a contact. */
    private record Company(long id, String name, String industry, String createdAt) {
    }

    /**
     * {@code q=word}: a page of the contacts whose name or email holds the word, best match first (ties by
     * id), with the full-text index Plinth's migration creates for {@code @@fulltext([name, email])}
     * (bench/crm-search.prisma) and the statement Plinth runs for it.
     */
    private void searchContacts(Context ctx, String q) throws Exception {
        if (!SEARCH_WORD.matcher(q).matches()) {
            throw new BadRequest(400, "invalid_parameter", "q takes one plain word here");
        }
        for (String name : ctx.queryParamMap().keySet()) {
            if (!Set.of("q", "page", "per_page", "orderBy").contains(name)) {
                throw new BadRequest(400, "invalid_parameter", "q combines with page, per_page and orderBy only here");
            }
        }
        String orderBy = ctx.queryParam("orderBy");
        boolean newestFirst = orderBy != null;
        if (newestFirst && !orderBy.equals("created_at:desc") && !orderBy.equals("-created_at")) {
            throw new BadRequest(400, "invalid_order", "with q, orderBy supports created_at:desc");
        }
        String perPageParam = ctx.queryParam("per_page");
        int perPage = perPageParam == null ? DEFAULT_PER_PAGE : intParam("per_page", perPageParam, 1, STREAM_FROM_ROWS);
        String pageParam = ctx.queryParam("page");
        int page = pageParam == null ? 1 : intParam("page", pageParam, 1, Integer.MAX_VALUE);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + perPage * 200);
        try (Connection c = database.reader();
             PreparedStatement ps = c.prepareStatement(newestFirst ? database.searchNewestSql() : database.searchSql());
             JsonGenerator g = json.createGenerator(out)) {
            int i = newestFirst ? database.bindSearchNewest(ps, q) : database.bindSearch(ps, q);
            ps.setInt(i++, perPage);
            ps.setLong(i, (long) (page - 1) * perPage);
            g.writeStartObject();
            g.writeFieldName("data");
            g.writeStartArray();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    writeContact(g, rs);
                }
            }
            g.writeEndArray();
            g.writeNumberField("page", page);
            g.writeNumberField("per_page", perPage);
            g.writeEndObject();
        }
        ctx.contentType("application/json").result(out.toByteArray());
    }

    /**
     * {@code company.industry=…}: a page of the contacts whose company is of that industry, in key order, with the
     * statement Plinth runs for a filter across the to-one relation (the related keys in a subquery).
     */
    private void listByIndustry(Context ctx, String industry) throws Exception {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!Set.of("company.industry", "page", "per_page").contains(name)) {
                throw new BadRequest(400, "invalid_parameter", "company.industry combines with page and per_page only here");
            }
        }
        int perPage = pageSize(ctx);
        int page = pageNumber(ctx);
        String sql = database.kind().equals("sqlite") ? SELECT_PAGE_BY_INDUSTRY_SQLITE : SELECT_PAGE_BY_INDUSTRY;
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + perPage * 200);
        writePage(out, sql, industry, perPage, (long) (page - 1) * perPage, page, false);
        ctx.contentType("application/json").result(out.toByteArray());
    }

    // ---------------------------------------------------------------- GET /api/companies/{id}/contacts

    /**
     * The nested route: 404 when the company does not exist, else a page of its contacts in key order — the
     * parent's SELECT and then the page's, on one connection, as Plinth runs them.
     */
    private void listCompanyContacts(Context ctx) throws Exception {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!Set.of("page", "per_page").contains(name)) {
                throw new BadRequest(400, "invalid_parameter", "the nested route takes page and per_page only here");
            }
        }
        long company = pathId(ctx);
        int perPage = pageSize(ctx);
        int page = pageNumber(ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + perPage * 200);
        try (Connection c = database.reader()) {
            try (PreparedStatement ps = c.prepareStatement(SELECT_COMPANY)) {
                ps.setLong(1, company);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new BadRequest(404, "not_found", "no company with id " + company);
                    }
                }
            }
            writePage(c, out, SELECT_PAGE_BY_COMPANY, company, perPage, (long) (page - 1) * perPage, page, false);
        }
        ctx.contentType("application/json").result(out.toByteArray());
    }

    /** {@code per_page} of a buffered page (1 to {@link #STREAM_FROM_ROWS} − 1; default {@link #DEFAULT_PER_PAGE}). */
    private static int pageSize(Context ctx) {
        String value = ctx.queryParam("per_page");
        return value == null ? DEFAULT_PER_PAGE : intParam("per_page", value, 1, STREAM_FROM_ROWS - 1);
    }

    /** {@code page} (1 and up; default 1). */
    private static int pageNumber(Context ctx) {
        String value = ctx.queryParam("page");
        return value == null ? 1 : intParam("page", value, 1, Integer.MAX_VALUE);
    }

    // ---------------------------------------------------------------- POST /api/batch

    /** One batch operation: a create ({@code contact} set) or a PATCH of row {@code id} ({@code patch} set). */
    private record BatchOperation(NewContact contact, long id, Patch patch) {
    }

    /**
     * {@code POST /api/batch} with an array of {@code {"method", "path", "body"}} operations, each
     * {@code POST /api/contacts} with one contact or {@code PATCH /api/contacts/{id}}, members in that order.
     * They run in order in one transaction, each with the statement of its route (INSERT … RETURNING,
     * UPDATE … RETURNING; statements shared by shape within the request); the answer is
     * {@code [{"status", "body"}, …]} as Plinth's. A missing row rolls everything back with 404.
     */
    private void batch(Context ctx) throws Exception {
        List<BatchOperation> operations = readBatch(ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream(300 * Math.max(1, operations.size()));
        database.write(c -> {
            out.reset();
            java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();
            try (JsonGenerator g = json.createGenerator(out)) {
                g.writeStartArray();
                Object now = database.now();
                for (BatchOperation op : operations) {
                    String sql = op.contact() != null ? insertSql(1) : op.patch().statement();
                    PreparedStatement ps = statements.get(sql);
                    if (ps == null) {
                        ps = c.prepareStatement(sql);
                        statements.put(sql, ps);
                    }
                    if (op.contact() != null) {
                        bindContact(ps, 1, op.contact(), now);
                    } else {
                        op.patch().bind(ps, now, op.id());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new BadRequest(404, "not_found", "no contact with id " + op.id());
                        }
                        g.writeStartObject();
                        g.writeNumberField("status", op.contact() != null ? 201 : 200);
                        g.writeFieldName("body");
                        writeContact(g, rs);
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
            } finally {
                for (PreparedStatement ps : statements.values()) {
                    ps.close();
                }
            }
        });
        ctx.contentType("application/json").result(out.toByteArray());
    }

    /** The operations of a batch request body (an array of operation objects). */
    private List<BatchOperation> readBatch(Context ctx) throws IOException {
        List<BatchOperation> operations = new ArrayList<>();
        try (InputStream in = ctx.bodyInputStream(); JsonParser p = json.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new BadRequest(400, "invalid_batch", "an array of operations expected");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                operations.add(readBatchOperation(p));
                if (operations.size() > MAX_BATCH_OPERATIONS) {
                    throw new BadRequest(400, "invalid_batch", "at most " + MAX_BATCH_OPERATIONS + " operations");
                }
            }
            if (t != JsonToken.END_ARRAY) {
                throw new BadRequest(400, "invalid_batch", "an array of operations expected");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, "malformed_json", e.getOriginalMessage());
        }
        return operations;
    }

    /** Reads one batch operation, the parser on its START_OBJECT: "method" and "path" before "body". */
    private static BatchOperation readBatchOperation(JsonParser p) throws IOException {
        String method = null;
        String path = null;
        BatchOperation op = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "method" -> method = text(field, p, value);
                case "path" -> path = text(field, p, value);
                case "body" -> {
                    if (method == null || path == null || value != JsonToken.START_OBJECT) {
                        throw new BadRequest(400, "invalid_batch", "each operation: method and path, then an object body");
                    }
                    op = batchOperation(method, path, p);
                }
                default -> throw new BadRequest(400, "invalid_batch", "unknown operation member " + field);
            }
        }
        if (op == null) {
            throw new BadRequest(400, "invalid_batch", "each operation carries a body");
        }
        return op;
    }

    /** The operation {@code method path} with its body read from {@code p} (on the body's START_OBJECT). */
    private static BatchOperation batchOperation(String method, String path, JsonParser p) throws IOException {
        String rowPrefix = "/api/contacts/";
        if (method.equals("POST") && path.equals("/api/contacts")) {
            return new BatchOperation(readNewContact(p), 0, null);
        }
        if (method.equals("PATCH") && path.startsWith(rowPrefix)) {
            try {
                return new BatchOperation(null, Long.parseLong(path.substring(rowPrefix.length())), readPatch(p, false));
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "invalid_id", "id must be an integer");
            }
        }
        throw new BadRequest(400, "invalid_batch", "operations are POST /api/contacts and PATCH /api/contacts/{id}");
    }

    private void listAfterCursor(Context ctx, String cursor, int limit) throws Exception {

        long after = cursor == null || cursor.isEmpty() ? 0 : decodeCursor(cursor);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + limit * 200);
        try (Connection c = database.reader(); PreparedStatement ps = c.prepareStatement(SELECT_AFTER);
             JsonGenerator g = json.createGenerator(out)) {
            ps.setLong(1, after);
            ps.setInt(2, limit + 1); // one more row tells whether a next page exists
            long lastId = -1;
            boolean more = false;
            g.writeStartObject();
            g.writeFieldName("data");
            g.writeStartArray();
            try (ResultSet rs = ps.executeQuery()) {
                int rows = 0;
                while (rs.next()) {
                    if (rows == limit) {
                        more = true;
                        break;
                    }
                    lastId = rs.getLong(1);
                    writeContact(g, rs);
                    rows++;
                }
            }
            g.writeEndArray();
            g.writeNumberField("limit", limit);
            if (more) {
                g.writeStringField("next_cursor", encodeCursor(lastId));
            } else {
                g.writeNullField("next_cursor");
            }
            g.writeEndObject();
        }
        ctx.contentType("application/json").result(out.toByteArray());
    }

    private void exportAll(Context ctx) throws Exception {
        ctx.contentType("application/json");
        try (OutputStream out = ctx.outputStream(); Connection c = database.reader();
             JsonGenerator g = json.createGenerator(out)) {
            // Without this PostgreSQL's driver reads the whole result into memory before the first row.
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SELECT_ALL)) {
                ps.setFetchSize(1_000);
                g.writeStartObject();
                g.writeFieldName("data");
                g.writeStartArray();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        writeContact(g, rs);
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    // ---------------------------------------------------------------- POST /api/contacts

    private void createContacts(Context ctx) throws Exception {
        List<NewContact> contacts = new ArrayList<>();
        boolean array;
        try (InputStream in = ctx.bodyInputStream(); JsonParser p = json.createParser(in)) {
            JsonToken first = p.nextToken();
            array = first == JsonToken.START_ARRAY;
            if (array) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    contacts.add(readNewContact(p));
                }
                if (p.currentToken() != JsonToken.END_ARRAY) {
                    throw new BadRequest(400, "malformed_json", "an array of objects expected");
                }
            } else if (first == JsonToken.START_OBJECT) {
                contacts.add(readNewContact(p));
            } else {
                throw new BadRequest(400, "malformed_json", "an object or an array of objects expected");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, "malformed_json", e.getOriginalMessage());
        }
        if (contacts.isEmpty()) {
            throw new BadRequest(422, "empty_batch", "the array holds no rows");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * contacts.size());
        long[] firstId = {0};
        database.write(c -> {
            out.reset();
            try (JsonGenerator g = json.createGenerator(out)) {
                if (array) {
                    g.writeStartArray();
                }
                Object now = database.now();
                // arrays go in multi-row inserts, as Plinth sends them: chunks of at most INSERT_CHUNK rows
                for (int start = 0; start < contacts.size(); start += INSERT_CHUNK) {
                    List<NewContact> chunk = contacts.subList(start, Math.min(contacts.size(), start + INSERT_CHUNK));
                    try (PreparedStatement ps = c.prepareStatement(insertSql(chunk.size()))) {
                        int i = 1;
                        for (NewContact n : chunk) {
                            i = bindContact(ps, i, n, now);
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                firstId[0] = firstId[0] == 0 ? rs.getLong(1) : firstId[0];
                                writeContact(g, rs);
                            }
                        }
                    }
                }
                if (array) {
                    g.writeEndArray();
                }
            }
        });
        byte[] body = out.toByteArray();
        if (!array) {
            ctx.header("Location", "/api/contacts/" + firstId[0]).header("ETag", etag(body));
        }
        ctx.status(201).contentType("application/json").result(body);
    }

    /** Binds one contact's seven values from position {@code i}; returns the next position. */
    private static int bindContact(PreparedStatement ps, int i, NewContact n, Object now) throws SQLException {
        ps.setString(i++, n.name);
        ps.setString(i++, n.email);
        ps.setString(i++, n.status);
        if (n.companyId == null) {
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setLong(i++, n.companyId);
        }
        ps.setLong(i++, n.ownerId);
        ps.setObject(i++, now);
        ps.setObject(i++, now);
        return i;
    }

    /** {@code INSERT … VALUES (…), (…) … RETURNING …} for {@code rows} contacts (kept for the sizes used). */
    private static String insertSql(int rows) {
        if (rows <= INSERT_SQL.length && INSERT_SQL[rows - 1] != null) {
            return INSERT_SQL[rows - 1];
        }
        StringBuilder sql = new StringBuilder(INSERT_HEAD);
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        }
        String text = sql.append(" RETURNING ").append(COLUMNS).toString();
        if (rows <= INSERT_SQL.length) {
            INSERT_SQL[rows - 1] = text;
        }
        return text;
    }

    /**
     * The database alone, for the bulk-create target: {@code statements} multi-row inserts of
     * {@code rows} contacts each, from {@value #FLOOR_WRITERS} concurrent writers, each committing up to
     * {@value #FLOOR_STATEMENTS_PER_TRANSACTION} statements per transaction (the database at its best: no
     * server commits more rarely), every returned column read as in an answer but no JSON and no HTTP. A warm-up
     * round, then three; prints the best as {@code {"rows_per_s": …}}.
     */
    private static void insertFloor(Database database, int statements, int rows) throws Exception {
        String sql = insertSql(rows);
        long companies = maxId(database, "companies");
        writeAsPlinthDoes(database);
        floorRounds(statements, rows, (share, random, checksum) ->
                floorWriter(database, sql, rows, share, companies, random, checksum));
    }

    /**
     * The database alone, for the bulk-update target: {@code statements} bulk updates of {@code rows} random
     * contacts each, every row one {@code UPDATE … SET status, updated_at WHERE id … RETURNING} as Plinth and
     * this server run it, from {@value #FLOOR_WRITERS} concurrent writers, each committing up to
     * {@value #FLOOR_STATEMENTS_PER_TRANSACTION} bulk updates per transaction, every returned column read but
     * no JSON and no HTTP. Prints the best of three rounds as {@code {"rows_per_s": …}}.
     */
    private static void updateFloor(Database database, int statements, int rows) throws Exception {
        String sql = "UPDATE \"contacts\" SET \"status\" = ?, \"updated_at\" = ? WHERE \"id\" = ? RETURNING " + COLUMNS;
        long contacts = maxId(database, "contacts");
        writeAsPlinthDoes(database);
        String[] statuses = {"lead", "won", "lost"};
        floorRounds(statements, rows, (share, random, checksum) -> {
            for (int done = 0; done < share; done += FLOOR_STATEMENTS_PER_TRANSACTION) {
                int inThisTransaction = Math.min(FLOOR_STATEMENTS_PER_TRANSACTION, share - done);
                // rows in key order, as Plinth locks them: concurrent writers then wait for each other on
                // PostgreSQL instead of deadlocking
                long[] ids = new long[inThisTransaction * rows];
                for (int row = 0; row < ids.length; row++) {
                    ids[row] = 1 + (long) random.nextInt((int) contacts);
                }
                java.util.Arrays.sort(ids);
                database.write(c -> {
                    Object now = database.now();
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        for (long id : ids) {
                            ps.setString(1, statuses[random.nextInt(statuses.length)]);
                            ps.setObject(2, now);
                            ps.setLong(3, id);
                            try (ResultSet rs = ps.executeQuery()) {
                                checksum.addAndGet(readAll(rs));
                            }
                        }
                    }
                });
            }
        });
    }

    /**
     * On SQLite, gives the write connection the settings of Plinth's (SqliteDatabase): a page cache of 32 MiB
     * and a checkpoint every 10,000 WAL pages, so that the database alone is measured as Plinth runs it, at
     * its best. This server's own write connection keeps SQLite's defaults, as a hand-written server would.
     */
    private static void writeAsPlinthDoes(Database database) throws Exception {
        if (database.kind().equals("sqlite")) {
            database.write(c -> {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("PRAGMA cache_size = -32768");
                    st.execute("PRAGMA wal_autocheckpoint = 10000");
                }
            });
        }
    }

    /** One writer's part of a floor round: {@code share} statements, its own random numbers, a checksum of what it read. */
    private interface FloorWriter {
        void write(int share, java.util.Random random, java.util.concurrent.atomic.AtomicLong checksum) throws Exception;
    }

    /**
     * Runs a floor measurement: a warm-up round, then three, each {@code statements} statements of {@code rows}
     * rows shared among {@value #FLOOR_WRITERS} concurrent writers (as many as the server's pool has
     * connections, as under the benchmark's load; on SQLite they take turns at the one write connection);
     * prints the best round as {@code {"rows_per_s": …}}.
     */
    private static void floorRounds(int statements, int rows, FloorWriter writer) throws Exception {
        double best = 0;
        for (int round = 0; round < 4; round++) { // round 0 warms the JIT up and is not counted
            java.util.concurrent.atomic.AtomicLong checksum = new java.util.concurrent.atomic.AtomicLong();
            long started = System.nanoTime();
            try (var writers = java.util.concurrent.Executors.newFixedThreadPool(FLOOR_WRITERS)) {
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int w = 0; w < FLOOR_WRITERS; w++) {
                    int share = statements / FLOOR_WRITERS + (w < statements % FLOOR_WRITERS ? 1 : 0);
                    long seed = 42L * (round + 1) + w;
                    done.add(writers.submit(() -> {
                        writer.write(share, new java.util.Random(seed), checksum);
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (round > 0) {
                best = Math.max(best, statements * rows / seconds);
            }
            if (checksum.get() == 0) {
                throw new IllegalStateException("the statements returned nothing");
            }
        }
        System.out.printf(java.util.Locale.ROOT, "{\"rows_per_s\": %.1f, \"statements\": %d, \"rows\": %d}%n",
                best, statements, rows);
    }

    /** The highest id of a workload table (the floor needs the seeded rows). */
    private static long maxId(Database database, String table) throws SQLException {
        try (Connection c = database.reader(); PreparedStatement ps = c.prepareStatement("SELECT max(\"id\") FROM \"" + table + "\"");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long max = rs.getLong(1);
            if (max < 1) {
                throw new IllegalStateException("the floor needs the workload's " + table);
            }
            return max;
        }
    }

    /** Reads every column of every row as text, as an answer would: the total length, for a checksum. */
    private static long readAll(ResultSet rs) throws SQLException {
        long read = 0;
        while (rs.next()) {
            for (int col = 1; col <= 8; col++) {
                String v = rs.getString(col);
                read += v == null ? 0 : v.length();
            }
        }
        return read;
    }

    /**
     * One writer of the floor measurement: {@code statements} inserts of {@code rows} random contacts, up to
     * {@value #FLOOR_STATEMENTS_PER_TRANSACTION} of them per transaction.
     */
    private static void floorWriter(Database database, String sql, int rows, int statements, long companies,
                                    java.util.Random random, java.util.concurrent.atomic.AtomicLong checksum) throws Exception {
        for (int done = 0; done < statements; done += FLOOR_STATEMENTS_PER_TRANSACTION) {
            int inThisTransaction = Math.min(FLOOR_STATEMENTS_PER_TRANSACTION, statements - done);
            database.write(c -> {
                Object now = database.now();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int s = 0; s < inThisTransaction; s++) {
                        int i = 1;
                        for (int r = 0; r < rows; r++) {
                            int n = random.nextInt(1_000_000);
                            i = bindContact(ps, i, new NewContact("Floor " + n, "floor" + n + "@example.com", "lead",
                                    1 + (long) random.nextInt((int) companies), 1 + random.nextInt(50)), now);
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            checksum.addAndGet(readAll(rs));
                        }
                    }
                }
            });
        }
    }

    /** A contact to insert, as read from the request body. */
    private record NewContact(String name, String email, String status, Long companyId, long ownerId) {
    }

    private static NewContact readNewContact(JsonParser p) throws IOException {
        String name = null;
        String email = null;
        String status = "lead";
        Long companyId = null;
        Long ownerId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = text(field, p, value);
                case "email" -> email = text(field, p, value);
                case "status" -> status = text(field, p, value);
                case "company_id" -> companyId = value == JsonToken.VALUE_NULL ? null : integer(field, p, value);
                case "owner_id" -> ownerId = integer(field, p, value);
                default -> throw new BadRequest(422, "unknown_field", "contacts has no writable field " + field);
            }
        }
        if (name == null || email == null || ownerId == null) {
            throw new BadRequest(422, "required", "name, email and owner_id are required");
        }
        return new NewContact(name, email, status, companyId, ownerId);
    }

    // ---------------------------------------------------------------- PATCH /api/contacts/{id}

    /** The fields one PATCH object sets (null: left alone); {@code id} is the row's key in an array body. */
    private record Patch(Long id, String name, String email, String status, Long companyId, boolean companySet, Long ownerId) {
        /** The UPDATE of these fields plus updated_at, by id, returning the row. */
        String statement() {
            StringBuilder sql = new StringBuilder("UPDATE \"contacts\" SET ");
            if (name != null) { sql.append("\"name\" = ?, "); }
            if (email != null) { sql.append("\"email\" = ?, "); }
            if (status != null) { sql.append("\"status\" = ?, "); }
            if (companySet) { sql.append("\"company_id\" = ?, "); }
            if (ownerId != null) { sql.append("\"owner_id\" = ?, "); }
            return sql.append("\"updated_at\" = ? WHERE \"id\" = ? RETURNING ").append(COLUMNS).toString();
        }

        /** Binds the values of {@link #statement()}. */
        void bind(PreparedStatement ps, Object now, long key) throws SQLException {
            int i = 1;
            if (name != null) { ps.setString(i++, name); }
            if (email != null) { ps.setString(i++, email); }
            if (status != null) { ps.setString(i++, status); }
            if (companySet) {
                if (companyId == null) { ps.setNull(i++, Types.INTEGER); } else { ps.setLong(i++, companyId); }
            }
            if (ownerId != null) { ps.setLong(i++, ownerId); }
            ps.setObject(i++, now);
            ps.setLong(i, key);
        }
    }

    /** Reads one PATCH object, the parser on its START_OBJECT; {@code withId}: the object carries its id. */
    private static Patch readPatch(JsonParser p, boolean withId) throws IOException {
        Long id = null;
        String name = null;
        String email = null;
        String status = null;
        Long companyId = null;
        boolean companySet = false;
        Long ownerId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> {
                    if (!withId) {
                        throw new BadRequest(422, "immutable_field", "id cannot be changed");
                    }
                    id = integer(field, p, value);
                }
                case "name" -> name = text(field, p, value);
                case "email" -> email = text(field, p, value);
                case "status" -> status = text(field, p, value);
                case "company_id" -> {
                    companySet = true;
                    companyId = value == JsonToken.VALUE_NULL ? null : integer(field, p, value);
                }
                case "owner_id" -> ownerId = integer(field, p, value);
                default -> throw new BadRequest(422, "unknown_field", "contacts has no writable field " + field);
            }
        }
        if (withId && id == null) {
            throw new BadRequest(422, "required", "each object carries its id");
        }
        return new Patch(id, name, email, status, companyId, companySet, ownerId);
    }

    private void updateContact(Context ctx) throws Exception {
        long id = pathId(ctx);
        Patch patch;
        try (InputStream in = ctx.bodyInputStream(); JsonParser p = json.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest(400, "malformed_json", "an object expected");
            }
            patch = readPatch(p, false);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, "malformed_json", e.getOriginalMessage());
        }
        String statement = patch.statement();
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        boolean[] found = {false};
        database.write(c -> {
            out.reset();
            try (PreparedStatement ps = c.prepareStatement(statement); JsonGenerator g = json.createGenerator(out)) {
                patch.bind(ps, database.now(), id);
                try (ResultSet rs = ps.executeQuery()) {
                    found[0] = rs.next();
                    if (found[0]) {
                        writeContact(g, rs);
                    }
                }
            }
        });
        if (!found[0]) {
            throw new BadRequest(404, "not_found", "no contact with id " + id);
        }
        byte[] row = out.toByteArray();
        ctx.header("ETag", etag(row)).contentType("application/json").result(row);
    }

    // ---------------------------------------------------------------- PATCH /api/contacts [..]

    /**
     * A bulk update with a value per row: an array of objects each carrying its id, one transaction (on
     * PostgreSQL the rows locked first in key order, as Plinth does), every row's UPDATE … RETURNING in order on
     * the one connection (statements shared by shape); a missing id rolls the whole request back with 404.
     */
    private void updateContacts(Context ctx) throws Exception {
        List<Patch> patches = new ArrayList<>();
        try (InputStream in = ctx.bodyInputStream(); JsonParser p = json.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new BadRequest(400, "malformed_json", "an array of objects expected");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                patches.add(readPatch(p, true));
            }
            if (t != JsonToken.END_ARRAY) {
                throw new BadRequest(400, "malformed_json", "an array of objects expected");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, "malformed_json", e.getOriginalMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * Math.max(1, patches.size()));
        database.write(c -> {
            out.reset();
            java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();
            try (JsonGenerator g = json.createGenerator(out)) {
                g.writeStartArray();
                Object now = database.now();
                if (database instanceof Postgres) {
                    // the rows locked first in key order, as Plinth locks them (BulkWrite): concurrent bulk updates
                    // then wait for each other instead of deadlocking on rows taken in request order
                    try (PreparedStatement lock = c.prepareStatement(
                            "SELECT \"id\" FROM \"contacts\" WHERE \"id\" = ANY(?) ORDER BY \"id\" FOR UPDATE")) {
                        lock.setArray(1, c.createArrayOf("bigint", patches.stream().map(Patch::id).toArray()));
                        lock.executeQuery().close();
                    }
                }
                for (Patch patch : patches) {
                    PreparedStatement ps = statements.get(patch.statement());
                    if (ps == null) {
                        ps = c.prepareStatement(patch.statement());
                        statements.put(patch.statement(), ps);
                    }
                    patch.bind(ps, now, patch.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new BadRequest(404, "not_found", "no contact with id " + patch.id());
                        }
                        writeContact(g, rs);
                    }
                }
                g.writeEndArray();
            } finally {
                for (PreparedStatement ps : statements.values()) {
                    ps.close();
                }
            }
        });
        ctx.contentType("application/json").result(out.toByteArray());
    }

    // ---------------------------------------------------------------- rows and values

    /** Writes the current row of a {@link #COLUMNS} result as a JSON object. */
    private void writeContact(JsonGenerator g, ResultSet rs) throws SQLException, IOException {
        g.writeStartObject();
        g.writeNumberField("id", rs.getLong(1));
        g.writeStringField("name", rs.getString(2));
        g.writeStringField("email", rs.getString(3));
        g.writeStringField("status", rs.getString(4));
        long companyId = rs.getLong(5);
        if (rs.wasNull()) {
            g.writeNullField("company_id");
        } else {
            g.writeNumberField("company_id", companyId);
        }
        g.writeNumberField("owner_id", rs.getLong(6));
        g.writeFieldName("created_at");
        database.writeTimestamp(g, rs, 7);
        g.writeFieldName("updated_at");
        database.writeTimestamp(g, rs, 8);
        g.writeEndObject();
    }

    private static String text(String field, JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new BadRequest(422, "invalid_type", field + " must be a string");
        }
        return p.getText();
    }

    private static long integer(String field, JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new BadRequest(422, "invalid_type", field + " must be an integer");
        }
        return p.getLongValue();
    }

    private static long pathId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "invalid_id", "id must be an integer");
        }
    }

    private static int intParam(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest(400, "invalid_parameter", name + " must be an integer from " + min + " to " + max);
    }

    /**
     * The strong entity tag of a single-row answer, as Plinth's contract has it (GET, POST and PATCH
     * of one row carry one; PATCH with If-Match compares it): the first 16 bytes of the SHA-256 of
     * the row's JSON, in hex, quoted (RFC 9110 section 8.8.3).
     */
    private static String etag(byte[] row) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(row);
            return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String encodeCursor(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decodeCursor(String cursor) {
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "invalid_cursor", "cursor is not one this server issued");
        }
    }

    private void problem(Context ctx, int status, String code, String detail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "about:blank");
            g.writeStringField("title", code);
            g.writeNumberField("status", status);
            g.writeStringField("code", code);
            g.writeStringField("detail", detail);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ctx.status(status).contentType("application/problem+json").result(out.toByteArray());
    }

    /** A client error answered as problem details (RFC 9457). */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        BadRequest(int status, String code, String detail) {
            super(detail);
            this.status = status;
            this.code = code;
        }
    }

    // ---------------------------------------------------------------- connections

    /** Work done inside one write transaction. */
    private interface WriteWork {
        void run(Connection connection) throws Exception;
    }

    /** The two storage set-ups: how reads get a connection, how writes run, how timestamps are stored. */
    private sealed interface Database permits Sqlite, Postgres {

        static Database open(String url, int poolSize) throws SQLException {
            if (url.startsWith("postgres://") || url.startsWith("postgresql://") || url.startsWith("jdbc:postgresql:")) {
                return Postgres.open(url, poolSize > 0 ? poolSize : Math.max(5, Runtime.getRuntime().availableProcessors() * 2 + 1));
            }
            String path = url;
            for (String prefix : List.of("jdbc:sqlite:", "sqlite://", "sqlite:", "file://", "file:")) {
                if (path.startsWith(prefix)) {
                    path = path.substring(prefix.length());
                    break;
                }
            }
            return Sqlite.open(path, poolSize > 0 ? poolSize : 8);
        }

        String kind();

        Connection reader() throws SQLException;

        void write(WriteWork work) throws Exception;

        /** The value bound for "now" in created_at/updated_at, in the column's stored form. */
        Object now();

        void writeTimestamp(JsonGenerator g, ResultSet rs, int column) throws SQLException, IOException;

        /** A timestamp column in its wire form (ISO-8601 UTC with milliseconds), or null. */
        String timestamp(ResultSet rs, int column) throws SQLException;

        /** The full-text page statement: the word's binds first, then LIMIT and OFFSET. */
        String searchSql();

        /** Binds the searched word as Plinth does; returns the next parameter index. */
        int bindSearch(PreparedStatement ps, String word) throws SQLException;

        /** The full-text page statement newest first ({@code orderBy=created_at:desc}): the word, LIMIT, OFFSET. */
        String searchNewestSql();

        /** Binds the searched word of {@link #searchNewestSql()}; returns the next parameter index. */
        int bindSearchNewest(PreparedStatement ps, String word) throws SQLException;

        void close();
    }

    /** SQLite: a pool of read-only connections and one write connection under a lock. */
    private record Sqlite(HikariDataSource readers, Connection writer, ReentrantLock writeLock) implements Database {

        static Sqlite open(String path, int poolSize) throws SQLException {
            // Pool settings as Plinth's SQLite store has them, so the comparison is like for like.
            SQLiteDataSource readSource = new SQLiteDataSource(baseConfig());
            readSource.setUrl("jdbc:sqlite:" + path);
            HikariConfig hikari = new HikariConfig();
            hikari.setDataSource(readSource);
            hikari.setMaximumPoolSize(poolSize);
            hikari.setMinimumIdle(1);
            hikari.setPoolName("reference-readers");
            SQLiteConfig writeConfig = baseConfig();
            writeConfig.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            SQLiteDataSource writeSource = new SQLiteDataSource(writeConfig);
            writeSource.setUrl("jdbc:sqlite:" + path);
            Connection writer = writeSource.getConnection();
            writer.setAutoCommit(false);
            return new Sqlite(new HikariDataSource(hikari), writer, new ReentrantLock(true));
        }

        private static SQLiteConfig baseConfig() {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.enforceForeignKeys(true);
            config.setBusyTimeout(5_000);
            return config;
        }

        @Override
        public String kind() {
            return "sqlite";
        }

        @Override
        public Connection reader() throws SQLException {
            return readers.getConnection();
        }

        @Override
        public void write(WriteWork work) throws Exception {
            writeLock.lock();
            try {
                try {
                    work.run(writer);
                    writer.commit();
                } catch (Exception e) {
                    writer.rollback();
                    throw e;
                }
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public Object now() {
            return ISO_MILLIS.format(Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
        }

        @Override
        public String timestamp(ResultSet rs, int column) throws SQLException {
            return rs.getString(column);
        }

        @Override
        public String searchSql() {
            // FTS5 external-content table {table}_fts, ranked by bm25 (lower is better)
            return "SELECT " + COLUMNS + " FROM \"contacts\" JOIN (SELECT rowid AS \"m_rowid\", bm25(\"contacts_fts\")"
                    + " AS \"m_rank\" FROM \"contacts_fts\" WHERE \"contacts_fts\" MATCH ?) AS \"m\""
                    + " ON (\"contacts\".rowid = \"m\".\"m_rowid\") ORDER BY \"m\".\"m_rank\" ASC, \"id\" ASC LIMIT ? OFFSET ?";
        }

        @Override
        public int bindSearch(PreparedStatement ps, String word) throws SQLException {
            ps.setString(1, "(\"" + word + "\")"); // a quoted FTS5 string: the word and nothing else
            return 2;
        }

        @Override
        public String searchNewestSql() {
            // not ranked: the matching rowids as a condition, in the order asked for
            return "SELECT " + COLUMNS + " FROM \"contacts\" WHERE \"contacts\".rowid IN (SELECT rowid FROM \"contacts_fts\""
                    + " WHERE \"contacts_fts\" MATCH ?) ORDER BY \"created_at\" DESC, \"id\" ASC LIMIT ? OFFSET ?";
        }

        @Override
        public int bindSearchNewest(PreparedStatement ps, String word) throws SQLException {
            return bindSearch(ps, word);
        }

        @Override
        public void writeTimestamp(JsonGenerator g, ResultSet rs, int column) throws SQLException, IOException {
            // The workload stores ISO-8601 UTC text with milliseconds, which is already the wire form.
            String value = rs.getString(column);
            if (value == null) {
                g.writeNull();
            } else {
                g.writeString(value);
            }
        }

        @Override
        public void close() {
            readers.close();
            try {
                writer.close();
            } catch (SQLException e) {
                // closing on shutdown: nothing left to do
            }
        }
    }

    /** PostgreSQL: one HikariCP pool for reads and writes. */
    private record Postgres(HikariDataSource pool) implements Database {

        static Postgres open(String url, int poolSize) {
            HikariConfig hikari = new HikariConfig();
            hikari.setJdbcUrl(jdbcUrl(url));
            hikari.addDataSourceProperty("stringtype", "unspecified");
            hikari.setMaximumPoolSize(poolSize);
            hikari.setPoolName("reference-postgres");
            return new Postgres(new HikariDataSource(hikari));
        }

        /** {@code postgresql://user[:password]@host[:port]/db} → {@code jdbc:postgresql://host:port/db?user=…}. */
        private static String jdbcUrl(String url) {
            if (url.startsWith("jdbc:")) {
                return url;
            }
            URI uri = URI.create(url);
            StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
            if (uri.getPort() > 0) {
                jdbc.append(':').append(uri.getPort());
            }
            jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath());
            List<String> params = new ArrayList<>();
            if (uri.getRawUserInfo() != null) {
                String[] user = uri.getRawUserInfo().split(":", 2);
                params.add("user=" + user[0]);
                if (user.length == 2) {
                    params.add("password=" + user[1]);
                }
            }
            if (uri.getRawQuery() != null) {
                params.add(uri.getRawQuery());
            }
            if (!params.isEmpty()) {
                jdbc.append('?').append(String.join("&", params));
            }
            return jdbc.toString();
        }

        @Override
        public String kind() {
            return "postgresql";
        }

        @Override
        public Connection reader() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public void write(WriteWork work) throws Exception {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    work.run(c);
                    c.commit();
                } catch (Exception e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }

        @Override
        public Object now() {
            return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        }

        @Override
        public String timestamp(ResultSet rs, int column) throws SQLException {
            LocalDateTime value = rs.getObject(column, LocalDateTime.class);
            return value == null ? null : ISO_MILLIS.format(value);
        }

        @Override
        public String searchSql() {
            // the document expression of the GIN index contacts_fts_idx, so that the index serves the match
            String document = "to_tsvector('simple'::regconfig, regexp_replace(coalesce(\"name\"::text, '') || ' '"
                    + " || coalesce(\"email\"::text, ''), '[^[:alnum:]]+', ' ', 'g'))";
            String query = "websearch_to_tsquery('simple'::regconfig, ?)";
            return "SELECT " + COLUMNS + " FROM \"contacts\" WHERE " + document + " @@ " + query
                    + " ORDER BY ts_rank(" + document + ", " + query + ") DESC, \"id\" ASC LIMIT ? OFFSET ?";
        }

        @Override
        public int bindSearch(PreparedStatement ps, String word) throws SQLException {
            String quoted = "\"" + word + "\""; // websearch syntax: a quoted phrase of one word
            ps.setString(1, quoted);
            ps.setString(2, quoted);
            return 3;
        }

        @Override
        public String searchNewestSql() {
            String document = "to_tsvector('simple'::regconfig, regexp_replace(coalesce(\"name\"::text, '') || ' '"
                    + " || coalesce(\"email\"::text, ''), '[^[:alnum:]]+', ' ', 'g'))";
            return "SELECT " + COLUMNS + " FROM \"contacts\" WHERE " + document + " @@ websearch_to_tsquery('simple'::regconfig, ?)"
                    + " ORDER BY \"created_at\" DESC, \"id\" ASC LIMIT ? OFFSET ?";
        }

        @Override
        public int bindSearchNewest(PreparedStatement ps, String word) throws SQLException {
            ps.setString(1, "\"" + word + "\"");
            return 2;
        }

        @Override
        public void writeTimestamp(JsonGenerator g, ResultSet rs, int column) throws SQLException, IOException {
            // TIMESTAMP(3) columns hold UTC wall-clock time, as Prisma stores them.
            LocalDateTime value = rs.getObject(column, LocalDateTime.class);
            if (value == null) {
                g.writeNull();
            } else {
                g.writeString(ISO_MILLIS.format(value));
            }
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
