package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.HostileRequest.Expect;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hostile-input suite: generated requests of every family in {@link HostileRequests} against a real
 * server, each answer held to the invariants that hold for any input, whatever it is:
 * <ul>
 *   <li>no 5xx (but 505 for a request line of another HTTP version, RFC 9110 section 15.6.6);</li>
 *   <li>every error (status 400 or more) is {@code application/problem+json} whose {@code status} is
 *       the status line's and whose {@code code} is set (RFC 9457), and carries no database or Java
 *       text;</li>
 *   <li>a request that is not answered 2xx changed no row of any table (every table is read over JDBC
 *       after each request and compared with the contents before it);</li>
 *   <li>what the family's contract adds ({@link Expect}): a refusal, exactly 400, exactly 401, or for
 *       HEAD the status of GET and no body.</li>
 * </ul>
 * Run on SQLite and PostgreSQL by the two subclasses, one server each. Seeds are fixed, so CI runs the
 * same requests every time; {@code -Djqwik.tries.default=N} runs N tries per property (a soak;
 * docs/reliability.md).
 *
 * <p>A request built to hit an item of issue 11 that is still open ({@link KnownDefects#OPEN}) and
 * breaks the contract is counted, not failed; the counts and one example per item are printed when the
 * class ends.
 */
abstract class HostileInputContract {

    /*
     * jqwik makes an instance per property; the server lives as long as the class (its container), so it
     * is held here, started by the first property and stopped after the last (@AfterContainer).
     */
    private static HostileFixture fixture;
    private static final Map<Integer, List<String>> TOLERATED = new TreeMap<>();
    private static final Map<Integer, Integer> TAGGED = new TreeMap<>();
    private static final Map<String, Integer> FAMILIES = new TreeMap<>();
    private static int requests;
    private static long sendNanos;
    private static long compareNanos;
    private static long started;

    /** Markers of text that belongs to a database or to Java, never to a problem's detail. */
    private static final List<String> LEAKS = List.of("SQLITE_", "[SQLITE", "org.postgresql", "PSQLException", "SQLException",
            "java.lang", "java.sql", "Exception:", "\tat ", "ERROR: ", "SQL state", "btree", "Detail:", "Hint:", "jooq");

    /**
     * With {@code -Dplinth.hostile.collect=true} (a soak), a violation of no open item does not stop its
     * property: every one is collected, and the class fails at its end listing them all.
     */
    private static final boolean COLLECT = Boolean.getBoolean("plinth.hostile.collect");
    private static final int UNEXPECTED = 0;

    abstract TestServer.Db db();

    @BeforeProperty
    void seed() throws Exception {
        if (fixture == null) {
            fixture = HostileFixture.start(db());
            started = System.nanoTime();
        }
        fixture.seed();
    }

    @AfterContainer
    static void stop() throws Exception {
        if (fixture == null) {
            return;
        }
        StringBuilder report = new StringBuilder("Hostile input on ").append(fixture.database()).append(": ").append(requests)
                .append(" requests in ").append((System.nanoTime() - started) / 1_000_000).append(" ms (")
                .append(sendNanos / 1_000_000).append(" ms waiting for answers, ").append(compareNanos / 1_000_000)
                .append(" ms comparing tables), by family ").append(FAMILIES);
        for (int item : new TreeSet<>(KnownDefects.OPEN)) {
            List<String> seen = TOLERATED.getOrDefault(item, List.of());
            report.append(item == KnownDefects.JETTY_ERRORS ? "\n  defect " : "\n  issue 11 item ").append(item).append(": ").append(TAGGED.getOrDefault(item, 0))
                    .append(" requests aimed at it, ").append(seen.size()).append(" broke the contract")
                    .append(seen.isEmpty() ? " (remove it from KnownDefects.OPEN if it stays so)" : "; first:\n    " + seen.get(0));
        }
        List<String> unexpected = TOLERATED.getOrDefault(UNEXPECTED, List.of());
        for (String u : unexpected) {
            report.append("\n  broke the contract, no open item:\n    ").append(u);
        }
        System.out.println(report);
        TOLERATED.clear();
        TAGGED.clear();
        FAMILIES.clear();
        requests = 0;
        sendNanos = 0;
        compareNanos = 0;
        try {
            fixture.close();
        } finally {
            fixture = null;
        }
        if (!unexpected.isEmpty()) {
            throw new AssertionError(unexpected.size() + " requests broke the contract (listed above)");
        }
    }

    // ---- the properties, one per family --------------------------------------------------------------

    @Property(seed = "110101")
    void queryStrings(@ForAll("queries") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> queries() {
        return HostileRequests.queries();
    }

    @Property(seed = "110102")
    void malformedPercentEscapes(@ForAll("malformedEscapes") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> malformedEscapes() {
        return HostileRequests.malformedEscapes();
    }

    @Property(seed = "110103")
    void restrictedDeletes(@ForAll("restricted") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> restricted() {
        return HostileRequests.restrictedDeletes();
    }

    @Property(seed = "110104")
    void jsonBodies(@ForAll("bodies") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> bodies() {
        return HostileRequests.bodies();
    }

    @Property(seed = "110105")
    void hugeExponents(@ForAll("exponents") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> exponents() {
        return HostileRequests.hugeExponents();
    }

    @Property(seed = "110106")
    void loneSurrogates(@ForAll("surrogates") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> surrogates() {
        return HostileRequests.loneSurrogates();
    }

    @Property(seed = "110107")
    void nulCharacters(@ForAll("nuls") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> nuls() {
        return HostileRequests.nulCharacters();
    }

    @Property(seed = "110108")
    void longValues(@ForAll("longs") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> longs() {
        return HostileRequests.longValues();
    }

    @Property(seed = "110109")
    void keysInBodies(@ForAll("keys") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> keys() {
        return HostileRequests.keyChanges();
    }

    @Property(seed = "110110")
    void otherTenantsRows(@ForAll("tenants") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> tenants() {
        return HostileRequests.crossTenantReferences();
    }

    @Property(seed = "110111")
    void badTokens(@ForAll("tokens") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> tokens() {
        return HostileRequests.badTokenRequests();
    }

    @Property(seed = "110112")
    void oddPaths(@ForAll("paths") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> paths() {
        return HostileRequests.oddPaths();
    }

    @Property(seed = "110113")
    void oddMethods(@ForAll("methods") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> methods() {
        return HostileRequests.oddMethods();
    }

    @Property(seed = "110114")
    void headAnswersAsGet(@ForAll("heads") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> heads() {
        return HostileRequests.heads();
    }

    @Property(seed = "110115")
    void oddHeaders(@ForAll("headers") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> headers() {
        return HostileRequests.oddHeaders();
    }

    @Property(seed = "110116")
    void requestLines(@ForAll("lines") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> lines() {
        return HostileRequests.requestLines();
    }

    @Property(seed = "110117")
    void batches(@ForAll("batchBodies") HostileRequest r) throws Exception {
        exercise(r);
    }

    @Provide
    Arbitrary<HostileRequest> batchBodies() {
        return HostileRequests.batches();
    }

    // ---- the checks ----------------------------------------------------------------------------------

    /** Sends a request (and for HEAD the GET beside it) and holds the answer to the invariants and the family's contract. */
    private static void exercise(HostileRequest generated) throws Exception {
        HostileRequest r = fixture.resolve(generated);
        r = r.withItems(KnownDefects.hitBy(r));
        for (int item : r.items()) {
            TAGGED.merge(item, 1, Integer::sum);
        }
        List<String> violations = new ArrayList<>();
        if (r.expect() == Expect.SAME_AS_GET) {
            HostileRequest get = new HostileRequest(r.family(), Expect.INVARIANTS_ONLY, r.items(), "GET", r.target(), r.version(),
                    r.headers(), null);
            RawHttpClient.Response got = checked(get, violations);
            RawHttpClient.Response head = checked(r, violations);
            if (got != null && head != null) {
                if (head.status() != got.status()) {
                    violations.add("HEAD answered " + head.status() + " where GET answers " + got.status() + " (" + got + ")");
                }
                if (head.body().length > 0) {
                    violations.add("HEAD answered with a body of " + head.body().length + " bytes");
                }
            }
        } else {
            RawHttpClient.Response answer = checked(r, violations);
            if (answer != null) {
                int s = answer.status();
                switch (r.expect()) {
                    case CLIENT_ERROR -> {
                        if (s < 400 || s >= 500) {
                            violations.add("must be refused with a 4xx, was " + answer);
                        }
                    }
                    case BAD_REQUEST -> {
                        if (s != 400) {
                            violations.add("must be 400 (the request cannot be decoded exactly), was " + answer);
                        }
                    }
                    case UNAUTHENTICATED -> {
                        if (s != 401) {
                            violations.add("must be 401 (the token must not verify), was " + answer);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        if (violations.isEmpty()) {
            return;
        }
        Set<Integer> open = new TreeSet<>(r.items());
        open.retainAll(KnownDefects.OPEN);
        String failure = r + "\n  → " + String.join("\n  → ", violations);
        if (open.isEmpty() && !COLLECT) {
            throw new AssertionError("on " + fixture.database() + ": " + failure);
        }
        if (open.isEmpty()) {
            open.add(UNEXPECTED);
        }
        for (int item : open) {
            TOLERATED.computeIfAbsent(item, k -> new ArrayList<>()).add(failure.replace("\n", "\n    "));
        }
    }

    /** Sends one request and checks the invariants every answer keeps; returns null when no answer came. */
    private static RawHttpClient.Response checked(HostileRequest r, List<String> violations) throws Exception {
        fixture.beforeRequest();
        RawHttpClient.Response answer;
        requests++;
        FAMILIES.merge(r.family(), 1, Integer::sum);
        long sent = System.nanoTime();
        try {
            answer = fixture.send(r);
        } catch (IOException e) {
            violations.add("no HTTP answer: " + e);
            answer = null;
        }
        long answered = System.nanoTime();
        sendNanos += answered - sent;
        int status = answer == null ? 0 : answer.status();
        String changed = fixture.afterRequest(status >= 200 && status <= 299);
        compareNanos += System.nanoTime() - answered;
        if (!changed.isEmpty()) {
            violations.add("answered " + status + " but changed rows:" + changed);
        }
        if (answer == null) {
            return null;
        }
        boolean otherVersion = !r.version().equals("HTTP/1.1") && !r.version().equals("HTTP/1.0");
        if (status >= 500 && !(status == 505 && otherVersion)) {
            // 505 is the one 5xx input can earn: a version the server does not speak (RFC 9110 section 15.6.6).
            violations.add("5xx: " + answer);
        }
        if (status >= 400 && !r.method().equals("HEAD")) {
            problem(answer, violations);
        }
        return answer;
    }

    /** Checks that an error answer is a problem document stating the status line's status (RFC 9457 section 3). */
    private static void problem(RawHttpClient.Response answer, List<String> violations) {
        String type = answer.header("content-type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            violations.add("an error that is not application/problem+json: " + answer);
            return;
        }
        JsonNode body;
        try {
            body = TestServer.JSON.readTree(answer.body());
        } catch (IOException e) {
            violations.add("a problem that is not JSON: " + answer);
            return;
        }
        if (body == null || !body.path("status").isInt() || body.get("status").asInt() != answer.status()) {
            violations.add("the problem's status differs from the status line: " + answer);
        }
        if (!body.path("code").isTextual() || body.get("code").asText().isBlank()) {
            violations.add("a problem without a code: " + answer);
        }
        String text = answer.text();
        for (String leak : LEAKS) {
            if (text.contains(leak)) {
                violations.add("a problem carrying database or Java text (" + leak + "): " + answer);
                break;
            }
        }
    }
}
