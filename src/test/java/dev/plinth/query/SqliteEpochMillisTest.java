package dev.plinth.query;

import static dev.plinth.query.CrmSchema.CONTACT;
import static dev.plinth.query.CrmSchema.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

/**
 * A SQLite database written by Prisma's native engine stores DateTime as integer milliseconds
 * since the epoch; with {@link DateTimeStorage} saying so, filters and cursors compare numbers.
 */
class SqliteEpochMillisTest {

    final QueryParser parser = new QueryParser(QueryParserTest.CURSORS);
    final SqlRenderer renderer = new SqlRenderer(SQLDialect.SQLITE, SCHEMA,
            (model, field) -> field.columnName().equals("created_at"));

    @Test
    void filtersAndCursorsOnMillisecondColumns() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE \"Contact\" (\"id\" INTEGER PRIMARY KEY, \"created_at\" DATETIME NOT NULL,"
                        + " \"deleted_at\" DATETIME)");
                for (int i = 1; i <= 9; i++) {
                    // Three rows share each timestamp, so the primary key breaks ties.
                    long millis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() + (i % 3) * 86_400_000L + 5;
                    s.execute("INSERT INTO \"Contact\" VALUES (" + i + ", " + millis + ", NULL)");
                }
            }
            assertThat(ids(c, "select=id&created_at__gte=2026-01-02&per_page=100")).containsExactly(1, 2, 4, 5, 7, 8);
            assertThat(ids(c, "select=id&created_at=2026-01-03T00:00:00.005Z")).containsExactly(2, 5, 8);
            List<Integer> walked = new ArrayList<>();
            String cursor = null;
            while (true) {
                ListQuery q = parser.parse(CONTACT, SCHEMA, QueryParams.of("select=id&orderBy=-created_at&limit=2"
                        + (cursor == null ? "" : "&cursor=" + cursor)));
                SelectSql sql = renderer.select(q, List.of());
                List<List<Object>> rows = rows(c, sql);
                rows.stream().limit(2).forEach(r -> walked.add(((Number) r.getFirst()).intValue()));
                if (rows.size() <= 2) {
                    break;
                }
                List<Object> last = rows.get(1);
                cursor = QueryParserTest.CURSORS.encode(q, sql.cursorColumns().stream().map(i -> last.get(i - 1)).toList());
            }
            assertThat(walked).containsExactly(2, 5, 8, 1, 4, 7, 3, 6, 9);
        }
    }

    List<Integer> ids(Connection c, String query) throws SQLException {
        SelectSql sql = renderer.select(parser.parse(CONTACT, SCHEMA, QueryParams.of(query)), List.of());
        return rows(c, sql).stream().map(r -> ((Number) r.getFirst()).intValue()).toList();
    }

    static List<List<Object>> rows(Connection c, SelectSql sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.statement().sql())) {
            for (int i = 0; i < sql.statement().binds().size(); i++) {
                ps.setObject(i + 1, sql.statement().binds().get(i));
            }
            List<List<Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= sql.columns().size(); i++) {
                        row.add(rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }
}
