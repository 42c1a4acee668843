package dev.plinth.api.access;

import dev.plinth.api.access.RulesServer.Who;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Measures what an access rule costs on list and get: the same Room model served twice on SQLite,
 * once with an organization rule ({@code organization_id == auth().org_id} plus a role rule) and
 * once without rules, same rows, same caller, loopback HTTP. Blocks of requests alternate between
 * the two servers and the median block time is reported, as a ratio rules / no rules.
 * Run: {@code java -cp … dev.plinth.api.access.RuleCostBenchmark [rounds] [requests-per-block] [SQLITE|POSTGRESQL]}.
 */
public final class RuleCostBenchmark {

    private static final String HEAD = """
            datasource db {
              provider = "sqlite"
              url      = "file:./x.db"
            }
            model Room {
              id              Int    @id @default(autoincrement())
              organization_id Int
              name            String
              capacity        Int
            """;

    private RuleCostBenchmark() {
    }

    /**
     * Runs the measurement and prints one line per endpoint.
     *
     * @param args optional: rounds (default 15), requests per block (default 200), database (default SQLITE)
     * @throws Exception when a server cannot start or a request fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        RulesServer.Db db = args.length > 2 ? RulesServer.Db.valueOf(args[2]) : RulesServer.Db.SQLITE;
        String plain = HEAD + "}\n";
        String ruled = HEAD + "  @@allow('read', organization_id == auth().org_id)\n"
                + "  @@allow('create,update,delete', organization_id == auth().org_id && auth().role in ['owner', 'admin'])\n}\n";
        Who caller = new Who("o1", Map.of("org_id", 1, "role", "owner"));
        inProcess(ruled, caller);
        try (RulesServer a = RulesServer.start(db, plain, ClaimNames.DEFAULT);
             RulesServer b = RulesServer.start(db, ruled, ClaimNames.DEFAULT)) {
            for (RulesServer s : List.of(a, b)) {
                s.execute("DELETE FROM \"Room\"");
                // rows of both organizations, inserted directly so that both servers hold the same data
                StringBuilder sql = new StringBuilder("INSERT INTO \"Room\" (organization_id, name, capacity) VALUES ");
                for (int i = 0; i < 1000; i++) {
                    sql.append(i == 0 ? "" : ",").append('(').append(i % 2 + 1).append(",'room ").append(i).append("',").append(i % 20).append(')');
                }
                s.execute(sql.toString());
            }
            for (String[] endpoint : new String[][]{{"list", "/api/rooms?per_page=50&orderBy=name"}, {"get", "/api/rooms/1"}}) {
                long[] plainTimes = new long[rounds];
                long[] ruledTimes = new long[rounds];
                run(a, caller, endpoint[1], block); // warm-up
                run(b, caller, endpoint[1], block);
                for (int r = 0; r < rounds; r++) {
                    plainTimes[r] = run(a, caller, endpoint[1], block);
                    ruledTimes[r] = run(b, caller, endpoint[1], block);
                }
                double p = median(plainTimes) / 1e3 / block;
                double q = median(ruledTimes) / 1e3 / block;
                System.out.printf(db + " %-4s  no rules %.1f µs/request  rules %.1f µs/request  ratio %.2f%n", endpoint[0], p, q, q / p);
            }
        }
    }

    /** The rule's own CPU cost: evaluating it for the caller and rendering its condition, per request. */
    private static void inProcess(String schemaText, Who who) {
        var result = dev.plinth.schema.SchemaLoader.parse("bench.prisma", schemaText);
        var schema = result.schema().orElseThrow();
        var renderer = new dev.plinth.query.SqlRenderer(org.jooq.SQLDialect.SQLITE, schema);
        AccessControl access = new AccessControl(schema, dev.plinth.schema.policy.SchemaPolicy.of(result), renderer,
                ClaimNames.DEFAULT, java.time.Clock.systemUTC());
        var resource = dev.plinth.api.resource.ResourceCatalog.of(schema, dev.plinth.sql.DatabaseKind.SQLITE, RulesServer.JSON,
                dev.plinth.query.DateTimeStorage.ISO_TEXT).resource("rooms").orElseThrow();
        var caller = dev.plinth.api.record.Caller.of(who.sub(), who.claims());
        var base = new dev.plinth.api.record.Scope(java.util.Optional.empty(), false);
        int n = 200_000;
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += access.scope(base, resource, caller, dev.plinth.schema.policy.Operation.READ).rowsSql().orElseThrow().binds().size();
                sink += access.visibleModel(resource, caller).fields().size();
            }
            long ns = (System.nanoTime() - start) / n;
            if (round == 2) {
                System.out.printf("in-process: evaluating and rendering the read rule costs %d ns per request (%d)%n", ns, sink % 10);
            }
        }
    }

    private static long run(RulesServer s, Who caller, String path, int n) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            RulesServer.Answer answer = s.send(caller, "GET", path, null);
            if (answer.status() != 200) {
                throw new IllegalStateException(path + " → " + answer);
            }
        }
        return System.nanoTime() - start;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

}
