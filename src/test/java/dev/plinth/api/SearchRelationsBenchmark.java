package dev.plinth.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A loopback measurement of {@code q=} on 100,000 CRM contacts and of {@code include=company} on a
 * 50-row page, each as a ratio against a plain list of the same page size in the same run (docs/api.md,
 * "Storage and speed"). Not a test: run it with
 *
 * <pre>
 *     mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.plinth.api.SearchRelationsBenchmark
 * </pre>
 *
 * or from the IDE, optionally with {@code sqlite}/{@code postgresql} and the number of contacts as
 * arguments. One client sends requests one after another over loopback; each operation is timed in
 * interleaved rounds so that drift (JIT, caches) hits all alike. The results are in
 * docs/search-and-relations.md.
 */
public final class SearchRelationsBenchmark {

    private static final String SCHEMA = FullTextContract.SCHEMA;
    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Niklaus"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton", "Wirth"};

    private SearchRelationsBenchmark() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional: {@code sqlite} or {@code postgresql} (default both), then the number of contacts (default 100000)
     * @throws Exception when the server or database fails
     */
    public static void main(String[] args) throws Exception {
        List<TestServer.Db> dbs = args.length > 0 ? List.of(TestServer.Db.valueOf(args[0].toUpperCase())) : List.of(TestServer.Db.values());
        int contacts = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        for (TestServer.Db db : dbs) {
            run(db, contacts);
        }
    }

    private static void run(TestServer.Db db, int contacts) throws Exception {
        try (TestServer server = TestServer.start(db, SCHEMA)) {
            long started = System.nanoTime();
            load(server, contacts);
            System.out.printf("%s: %d contacts loaded in %d ms%n", db, contacts, (System.nanoTime() - started) / 1_000_000);
            Map<String, String> ops = new LinkedHashMap<>();
            ops.put("plain list, 50 rows", "/api/contacts?per_page=50");
            ops.put("q=acme (1% of rows), 50 rows by relevance", "/api/contacts?per_page=50&q=acme");
            ops.put("q=acme&count=true", "/api/contacts?per_page=50&q=acme&count=true");
            ops.put("q=grace (10% of rows), 50 rows by relevance", "/api/contacts?per_page=50&q=grace");
            ops.put("q=grac* (prefix, 10%)", "/api/contacts?per_page=50&q=grac*");
            ops.put("q=grace&orderBy=-id", "/api/contacts?per_page=50&q=grace&orderBy=-id");
            ops.put("include=company, 50 rows", "/api/contacts?per_page=50&include=company");
            ops.put("labels=true, 50 rows", "/api/contacts?per_page=50&labels=true");
            ops.put("company.name=Company 7, 50 rows", "/api/contacts?per_page=50&company.name=Company%207");
            Map<String, long[]> times = new LinkedHashMap<>();
            int rounds = 300;
            for (String op : ops.keySet()) {
                times.put(op, new long[rounds]);
            }
            for (int warm = 0; warm < 100; warm++) {
                for (String path : ops.values()) {
                    request(server, path);
                }
            }
            for (int i = 0; i < rounds; i++) {
                for (Map.Entry<String, String> op : ops.entrySet()) {
                    long t0 = System.nanoTime();
                    request(server, op.getValue());
                    times.get(op.getKey())[i] = System.nanoTime() - t0;
                }
            }
            double plain = median(times.get("plain list, 50 rows"));
            System.out.printf("%-45s %10s %10s %8s%n", db + " operation", "median µs", "p90 µs", "ratio");
            for (Map.Entry<String, long[]> e : times.entrySet()) {
                long[] t = e.getValue();
                Arrays.sort(t);
                System.out.printf("%-45s %10.0f %10.0f %8.2f%n", e.getKey(), median(t) / 1000, t[(int) (t.length * 0.9)] / 1000.0,
                        median(t) / plain);
            }
        }
    }

    private static void request(TestServer server, String path) throws Exception {
        TestServer.Answer a = server.as("alice", "GET", path, null);
        if (a.status() != 200) {
            throw new IllegalStateException(path + " → " + a);
        }
    }

    private static double median(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }

    /** 100 companies; contacts named from a small vocabulary, 1% with "Acme" in the name, the rest of alice's. */
    private static void load(TestServer server, int contacts) throws Exception {
        Random random = new Random(42);
        try (Connection c = server.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"Company\" (\"name\") VALUES (?)")) {
                for (int i = 0; i < 100; i++) {
                    ps.setString(1, "Company " + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO \"Contact\" (\"name\", \"email\", \"status\", \"company_id\", \"score\", \"user_id\") VALUES (?, ?, ?, ?, ?, ?)")) {
                List<String> statuses = new ArrayList<>(List.of("lead", "won", "lost"));
                for (int i = 0; i < contacts; i++) {
                    String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)]
                            + (i % 100 == 0 ? " Acme" : "");
                    ps.setString(1, name);
                    ps.setString(2, "c" + i + "@example" + (i % 7) + ".test");
                    ps.setString(3, statuses.get(i % 3));
                    ps.setInt(4, 1 + i % 100);
                    ps.setInt(5, random.nextInt(100));
                    ps.setString(6, "alice");
                    ps.addBatch();
                    if (i % 5000 == 4999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute(server.served().database().kind() == dev.plinth.sql.DatabaseKind.SQLITE ? "ANALYZE" : "ANALYZE");
            }
        }
    }
}
