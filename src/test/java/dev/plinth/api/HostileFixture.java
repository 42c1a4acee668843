package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server the hostile-input suite attacks: the schema of {@code src/test/resources/hostile}, on
 * one database, with rows that the generators' placeholders name ({@link HostileRequests}), a raw
 * HTTP client and a snapshot of every table taken after each request.
 */
final class HostileFixture implements AutoCloseable {

    /** How long one exchange may take before it counts as a hang (a generous bound, not a timing assertion). */
    private static final int TIMEOUT_MILLIS = 30_000;

    private final TestServer server;
    private final RawHttpClient client;
    private final TableSnapshot snapshot;
    private final Map<String, String> places = new HashMap<>();
    private final AtomicLong unique = new AtomicLong();
    private Map<String, List<String>> baseline;
    private String baselineVersion;
    private String baselinePosition;

    private HostileFixture(TestServer server) throws SQLException {
        this.server = server;
        this.client = new RawHttpClient(java.net.URI.create(server.base()).getPort(), TIMEOUT_MILLIS);
        this.snapshot = new TableSnapshot(server.connect());
        places.put(HostileRequests.ALICE, HostileTokens.valid("alice", 1));
        places.put(HostileRequests.BOB, HostileTokens.valid("bob", 2));
    }

    /**
     * Starts a server on a fresh database of the given kind.
     *
     * @param db the database
     * @return the fixture, without rows yet ({@link #seed()})
     * @throws Exception when the schema is rejected or the server cannot start
     */
    static HostileFixture start(TestServer.Db db) throws Exception {
        String schema = Files.readString(Path.of("src/test/resources/hostile/schema.prisma"));
        return new HostileFixture(TestServer.start(db, schema));
    }

    /**
     * Deletes every row and adds a fresh set of the rows the placeholders name, so that every property
     * starts with rows to aim at (earlier properties may have deleted or changed them).
     *
     * @throws IOException when the server does not create them
     */
    void seed() throws IOException, SQLException {
        // Earlier properties' rows go first, so that reading every table after a request stays cheap.
        snapshot.clear(List.of("Task", "Project", "Contact", "Company", "Note"));
        long n = unique.incrementAndGet();
        String referenced = create(HostileRequests.ALICE, "/api/companies", "{\"name\":\"Ref-" + n + "\"}");
        places.put("{referenced}", referenced);
        places.put("{referencedName}", "Ref-" + n);
        places.put("{company}", create(HostileRequests.ALICE, "/api/companies", "{\"name\":\"Free-" + n + "\"}"));
        create(HostileRequests.ALICE, "/api/contacts", "{\"name\":\"Holder\",\"email\":\"holder-" + n
                + "@hostile.test\",\"company_id\":" + referenced + "}");
        places.put("{contact}", create(HostileRequests.ALICE, "/api/contacts", "{\"name\":\"Target\",\"email\":\"target-" + n
                + "@hostile.test\",\"score\":5}"));
        places.put("{note}", create(HostileRequests.ALICE, "/api/notes", "{\"title\":\"Note " + n + "\"}"));
        places.put("{project1}", create(HostileRequests.ALICE, "/api/projects", "{\"name\":\"P1-" + n + "\"}"));
        String project2 = create(HostileRequests.BOB, "/api/projects", "{\"name\":\"P2-" + n + "\"}");
        places.put("{project2}", project2);
        places.put("{task2}", create(HostileRequests.BOB, "/api/tasks", "{\"title\":\"T-" + n + "\",\"project_id\":" + project2 + "}"));
        baselineVersion = null;
    }

    private String create(String caller, String path, String body) throws IOException {
        RawHttpClient.Response r = send(resolve(HostileRequest.of("seed", HostileRequest.Expect.INVARIANTS_ONLY, java.util.Set.of(),
                "POST", path, caller, body)));
        if (r.status() != 201) {
            throw new IllegalStateException("seeding " + path + " failed: " + r);
        }
        JsonNode row = TestServer.JSON.readTree(r.body());
        return row.get("id").asText();
    }

    /**
     * Fills the placeholders of a text: rows, callers' tokens, and {@code {unique}} (one fresh number per call).
     *
     * @param text a target, header value or body
     * @return the text with every placeholder replaced
     */
    String fill(String text) {
        if (text.indexOf('{') < 0) {
            return text;
        }
        String filled = text.replace("{unique}", "u" + unique.incrementAndGet());
        for (Map.Entry<String, String> p : places.entrySet()) {
            filled = filled.replace(p.getKey(), p.getValue());
        }
        return filled;
    }

    /**
     * Fills a request's placeholders (one {@code {unique}} for the whole request).
     *
     * @param r a generated request
     * @return the request as it will be sent
     */
    HostileRequest resolve(HostileRequest r) {
        String fresh = "u" + unique.incrementAndGet();
        return r.resolve(text -> fill(text.replace("{unique}", fresh)));
    }

    /**
     * Sends a resolved request.
     *
     * @param r a request whose placeholders are filled
     * @return the answer
     * @throws IOException when no parsable answer comes back
     */
    RawHttpClient.Response send(HostileRequest r) throws IOException {
        return client.exchange(r.method(), r.target(), r.version(), r.headers(), r.body());
    }

    /**
     * Makes sure the baseline describes the tables as they are now, before a request is sent: after a
     * request that wrote (2xx), they are read again.
     *
     * @throws SQLException when a table cannot be read
     */
    void beforeRequest() throws SQLException {
        if (baselineVersion == null) {
            baselinePosition = snapshot.writePosition();
            baselineVersion = snapshot.version();
            baseline = snapshot.versionIsContent() ? null : snapshot.take();
        }
    }

    /**
     * Tells how the tables changed during the last request, reading them only when the database says
     * something was written.
     *
     * @param succeeded whether the request was answered 2xx (then a change is allowed, and the baseline
     *                  is read again before the next request)
     * @return empty when no row changed or the request succeeded; otherwise the difference
     * @throws SQLException when a table cannot be read
     */
    String afterRequest(boolean succeeded) throws SQLException {
        String position = snapshot.writePosition();
        if (position.equals(baselinePosition)) {
            return "";
        }
        baselinePosition = position;
        String version = snapshot.version();
        if (version.equals(baselineVersion)) {
            return "";
        }
        String before = baselineVersion;
        if (snapshot.versionIsContent()) {
            baselineVersion = version;
            return succeeded ? "" : "\n  row count=hash sum per table before: " + before + "\n  after: " + version;
        }
        if (succeeded) {
            baselineVersion = null;
            return "";
        }
        Map<String, List<String>> after = snapshot.take();
        String difference = after.equals(baseline) ? "" : TableSnapshot.difference(baseline, after);
        baseline = after;
        baselineVersion = version;
        return difference;
    }

    /** Returns the database this fixture runs on, as the server describes it. */
    String database() {
        return server.served().database().describe();
    }

    @Override
    public void close() throws SQLException {
        try {
            snapshot.close();
        } finally {
            server.close();
        }
    }
}
