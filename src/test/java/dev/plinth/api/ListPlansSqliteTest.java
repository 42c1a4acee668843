package dev.plinth.api;

import dev.plinth.query.RenderedSql;
import dev.plinth.sql.SqliteStatistics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The list plans on SQLite: {@code EXPLAIN QUERY PLAN}, after the statistics Plinth keeps ({@code PRAGMA optimize}). */
class ListPlansSqliteTest extends ListPlansContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }

    @Override
    void seed(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN");
            s.execute("INSERT INTO \"companies\" (\"id\", \"name\", \"industry\", \"created_at\")"
                    + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + COMPANIES + ")"
                    + " SELECT i, 'Company ' || i, CASE WHEN i % 12 = 0 THEN 'software' ELSE 'industry ' || (i % 12) END,"
                    + " '2020-01-01T00:00:00.000Z' FROM n");
            s.execute("INSERT INTO \"contacts\" (\"id\", \"name\", \"email\", \"status\", \"company_id\", \"owner_id\","
                    + " \"created_at\", \"updated_at\")"
                    + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + CONTACTS + ")"
                    + " SELECT i, 'Contact ' || i || CASE WHEN i % 30 = 0 THEN ' Lovelace' ELSE '' END, 'c' || i || '@example.com',"
                    + " CASE WHEN i % 10000 = 7 THEN 'rare' WHEN i % 10 < 5 THEN 'lead' WHEN i % 10 < 7 THEN 'won' ELSE 'lost' END,"
                    + " 1 + (i * 7919) % " + COMPANIES + ", 1,"
                    + " strftime('%Y-%m-%dT%H:%M:%fZ', 1577836800 + (i * 104729) % 157680000, 'unixepoch'),"
                    + " '2026-01-01T00:00:00.000Z' FROM n");
            s.execute("COMMIT");
            SqliteStatistics.refresh(c, SqliteStatistics.AFTER_MIGRATION);
        }
    }

    @Override
    List<String> plan(Connection c, RenderedSql statement) throws SQLException {
        try (PreparedStatement ps = prepare(c, "EXPLAIN QUERY PLAN " + statement.sql(), statement.binds())) {
            return rows(ps, 4);
        }
    }

    @Override
    String largeSort(Connection c, RenderedSql statement, List<String> plan) throws SQLException {
        if (!plan.contains("USE TEMP B-TREE FOR ORDER BY")) {
            return null;
        }
        long rows = matchedRows(c, statement);
        return rows > LARGE_SORT_INPUT ? "USE TEMP B-TREE FOR ORDER BY over " + rows + " rows" : null;
    }

    @Override
    boolean seeks(List<String> plan, String column) {
        // e.g. "SEARCH contacts USING INDEX … (status=? AND created_at<?)" or "… INTEGER PRIMARY KEY (rowid>?)"
        String bound = column.equals("id") ? "rowid" : column;
        return plan.stream().anyMatch(l -> l.startsWith("SEARCH contacts") && (l.contains(bound + "<") || l.contains(bound + ">")));
    }

    @Override
    String fullScan(List<String> plan) {
        return plan.stream().filter(l -> l.startsWith("SCAN contacts")).findFirst().orElse(null);
    }
}
