package dev.plinth.api.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQLite statements are compiled once per connection and text, and a kept statement never holds a read
 * snapshot that would make later reads stale.
 */
class SqliteStatementCacheTest {

    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
    }

    private void seed(Connection c, int rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)");
            for (int i = 0; i < rows; i++) {
                s.execute("INSERT INTO t (v) VALUES ('v" + i + "')");
            }
        }
    }

    private static String valueOf(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void theSameTextIsCompiledOnceAndAnswersForEachBind() throws Exception {
        SqliteStatementCache cache = new SqliteStatementCache();
        try (Connection raw = open()) {
            seed(raw, 3);
            Connection c = cache.wrap(raw);
            assertThat(valueOf(c, 1)).isEqualTo("v0");
            assertThat(valueOf(c, 3)).isEqualTo("v2");
            assertThat(valueOf(cache.wrap(raw), 2)).isEqualTo("v1"); // a new borrow of the same connection
            assertThat(cache.prepared()).isEqualTo(1);
            assertThat(cache.reused()).isEqualTo(2);
        }
    }

    @Test
    void aResultSetLeftOpenDoesNotKeepItsSnapshotAfterTheStatementIsClosed() throws Exception {
        SqliteStatementCache cache = new SqliteStatementCache();
        try (Connection writer = open(); Connection raw = open()) {
            seed(writer, 10);
            Connection reader = cache.wrap(raw);
            PreparedStatement ps = reader.prepareStatement("SELECT id FROM t");
            ResultSet rs = ps.executeQuery();
            assertThat(rs.next()).isTrue();
            ps.close(); // the borrower closes the statement only; the result set is still open
            try (Statement s = writer.createStatement()) {
                s.execute("INSERT INTO t (v) VALUES ('new')");
            }
            try (PreparedStatement count = reader.prepareStatement("SELECT count(*) FROM t");
                 ResultSet n = count.executeQuery()) {
                n.next();
                assertThat(n.getInt(1)).isEqualTo(11);
            }
        }
    }

    @Test
    void aTextInUseIsPreparedOnceMoreAndBothAreKept() throws Exception {
        SqliteStatementCache cache = new SqliteStatementCache();
        try (Connection raw = open()) {
            seed(raw, 2);
            Connection c = cache.wrap(raw);
            try (PreparedStatement outer = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                outer.setLong(1, 1);
                try (ResultSet rs = outer.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(valueOf(c, 2)).isEqualTo("v1"); // same text while the outer one is in use
                    assertThat(rs.getString(1)).isEqualTo("v0");
                }
            }
            assertThat(cache.prepared()).isEqualTo(2);
            assertThat(valueOf(c, 1)).isEqualTo("v0");
            assertThat(valueOf(c, 2)).isEqualTo("v1");
            assertThat(cache.prepared()).isEqualTo(2);
        }
    }

    @Test
    void theLeastRecentlyUsedStatementsAreClosedBeyondTheLimit() throws Exception {
        SqliteStatementCache cache = new SqliteStatementCache();
        try (Connection raw = open()) {
            seed(raw, 1);
            Connection c = cache.wrap(raw);
            for (int i = 0; i <= SqliteStatementCache.PER_CONNECTION; i++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + i + " FROM t")) {
                    ps.executeQuery().close();
                }
            }
            long compiled = cache.prepared();
            try (PreparedStatement ps = c.prepareStatement("SELECT 0 FROM t")) { // the oldest: evicted
                ps.executeQuery().close();
            }
            assertThat(cache.prepared()).isEqualTo(compiled + 1);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SqliteStatementCache.PER_CONNECTION + " FROM t")) {
                ps.executeQuery().close(); // the newest: still kept
            }
            assertThat(cache.prepared()).isEqualTo(compiled + 1);
        }
    }

    @Test
    void aStatementHandedBackCannotBeUsedThroughTheOldHandle() throws Exception {
        SqliteStatementCache cache = new SqliteStatementCache();
        try (Connection raw = open()) {
            seed(raw, 1);
            PreparedStatement ps = cache.wrap(raw).prepareStatement("SELECT v FROM t WHERE id = ?");
            ps.close();
            assertThat(ps.isClosed()).isTrue();
            assertThatThrownBy(() -> ps.setLong(1, 1)).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        }
    }
}
