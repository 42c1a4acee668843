package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.query.RenderedSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The list plans on PostgreSQL: {@code EXPLAIN (FORMAT JSON)} with the request's values, after {@code ANALYZE}. */
class ListPlansPostgresTest extends ListPlansContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }

    @Override
    void seed(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"companies\" (\"id\", \"name\", \"industry\", \"created_at\")"
                    + " SELECT i, 'Company ' || i, CASE WHEN i % 12 = 0 THEN 'software' ELSE 'industry ' || (i % 12) END,"
                    + " TIMESTAMP '2020-01-01' FROM generate_series(1, " + COMPANIES + ") AS i");
            s.execute("INSERT INTO \"contacts\" (\"id\", \"name\", \"email\", \"status\", \"company_id\", \"owner_id\","
                    + " \"created_at\", \"updated_at\")"
                    + " SELECT i, 'Contact ' || i || CASE WHEN i % 30 = 0 THEN ' Lovelace' ELSE '' END, 'c' || i || '@example.com',"
                    + " CASE WHEN i % 10000 = 7 THEN 'rare' WHEN i % 10 < 5 THEN 'lead' WHEN i % 10 < 7 THEN 'won' ELSE 'lost' END,"
                    + " 1 + (i::bigint * 7919) % " + COMPANIES + ", 1,"
                    + " TIMESTAMP '2020-01-01' + ((i::bigint * 104729) % 157680000) * INTERVAL '1 second',"
                    + " TIMESTAMP '2026-01-01' FROM generate_series(1, " + CONTACTS + ") AS i");
            s.execute("ANALYZE");
        }
    }

    @Override
    List<String> plan(Connection c, RenderedSql statement) throws SQLException {
        try (PreparedStatement ps = prepare(c, "EXPLAIN (FORMAT JSON) " + statement.sql(), statement.binds())) {
            String json = rows(ps, 1).getFirst();
            try {
                List<String> lines = new ArrayList<>();
                describe(TestServer.JSON.readTree(json).get(0).get("Plan"), 0, lines);
                return lines;
            } catch (java.io.IOException e) {
                throw new AssertionError(json, e);
            }
        }
    }

    /** One line per node: its type, relation or index, and estimated rows, indented by depth. */
    private static void describe(JsonNode node, int depth, List<String> out) {
        out.add("  ".repeat(depth) + node.get("Node Type").asText()
                + (node.has("Relation Name") ? " on " + node.get("Relation Name").asText() : "")
                + (node.has("Index Name") ? " using " + node.get("Index Name").asText() : "")
                + " rows=" + node.get("Plan Rows").asLong()
                + (node.has("Index Cond") ? " cond " + node.get("Index Cond").asText() : ""));
        if (node.has("Plans")) {
            node.get("Plans").forEach(p -> describe(p, depth + 1, out));
        }
    }

    @Override
    String largeSort(Connection c, RenderedSql statement, List<String> plan) {
        for (int i = 0; i + 1 < plan.size(); i++) {
            String line = plan.get(i).strip();
            if (line.startsWith("Sort ")) {
                java.util.regex.Matcher rows = java.util.regex.Pattern.compile("rows=(\\d+)").matcher(plan.get(i + 1));
                long input = rows.find() ? Long.parseLong(rows.group(1)) : Long.MAX_VALUE;
                if (input > LARGE_SORT_INPUT) {
                    return line + " over " + plan.get(i + 1).strip();
                }
            }
        }
        return null;
    }

    @Override
    boolean seeks(List<String> plan, String column) {
        // e.g. "Index Scan on contacts using contacts_status_created_at_idx rows=… cond ((status = 'won') AND (created_at <= …))"
        return plan.stream().anyMatch(l -> l.contains(" cond ") && (l.contains("(" + column + " <") || l.contains("(" + column + " >")));
    }

    @Override
    String fullScan(List<String> plan) {
        // a walk of the primary key with the filter applied to each row reads the table too
        return plan.stream().map(String::strip).filter(l -> l.startsWith("Seq Scan on contacts")
                || l.startsWith("Index Scan on contacts using contacts_pkey")).findFirst().orElse(null);
    }
}
