package dev.plinth.api.store;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQLite store holds the database's write lock only while a write runs, so another connection (a
 * second Plinth, {@code plinth migrate}, the {@code sqlite3} shell) can write while the server idles.
 */
class SqliteDatabaseTest {

    @TempDir
    Path dir;

    private DatabaseTarget target() {
        Path file = dir.resolve("app.db");
        return new DatabaseTarget(DatabaseKind.SQLITE, "jdbc:sqlite:" + file, file.toString(), Optional.of(file));
    }

    /** A connection of another writer that does not wait for the lock: a held lock fails at once. */
    private Connection outsider(DatabaseTarget target) throws SQLException {
        Connection c = DriverManager.getConnection(target.jdbcUrl());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 0");
        }
        return c;
    }

    @Test
    void anotherConnectionWritesWhileTheServerIdles() throws Exception {
        DatabaseTarget target = target();
        try (SqliteDatabase db = new SqliteDatabase(target, 2)) {
            db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
                    s.execute("INSERT INTO t (v) VALUES ('server')");
                }
                return null;
            });
            try (Connection other = outsider(target); Statement s = other.createStatement()) {
                assertThat(s.executeUpdate("INSERT INTO t (v) VALUES ('outsider')")).isEqualTo(1);
            }
            // and the server still writes after the outsider did
            db.write(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO t (v) VALUES ('server again')");
                }
            });
            int rows = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(rows).isEqualTo(3);
        }
    }

    @Test
    void theLockIsHeldDuringAWriteAndAFailedWriteRollsBack() throws Exception {
        DatabaseTarget target = target();
        try (SqliteDatabase db = new SqliteDatabase(target, 1)) {
            db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
                }
                return null;
            });
            assertThatThrownBy(() -> db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO t (v) VALUES ('kept only if committed')");
                }
                // inside the write the lock is ours: an outsider cannot write now
                try (Connection other = outsider(target); Statement s = other.createStatement()) {
                    assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t (v) VALUES ('x')"))
                            .isInstanceOf(SQLException.class).hasMessageContaining("SQLITE_BUSY");
                }
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO t (v) VALUES (NULL)");
                }
                return null;
            })).isInstanceOf(SQLException.class);
            try (Connection other = outsider(target); Statement s = other.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
                assertThat(s.executeUpdate("INSERT INTO t (v) VALUES ('after')")).isEqualTo(1);
            }
        }
    }
}
