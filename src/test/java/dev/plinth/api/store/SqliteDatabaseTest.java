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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQLite store holds the database's write lock only while a write runs, so another connection (a
 * second Plinth, {@code plinth migrate}, the {@code sqlite3} shell) can write while the server idles; and
 * it commits concurrent writes together (group commit) without letting one caller's failure touch another's
 * writes.
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

    private static void createTable(SqliteDatabase db) throws SQLException {
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            }
            return null;
        });
    }

    private static int insert(Connection c, String v) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("INSERT INTO t (v) VALUES ('" + v + "')");
        }
    }

    private static List<String> values(SqliteDatabase db) throws SQLException {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM t ORDER BY v")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** A write that holds the writer until released, so that the next writes queue up behind it. */
    private record BlockedWriter(Future<Integer> write, CountDownLatch release) {
    }

    /** Starts a write that inserts 'first' once released, and returns when the writer is inside it. */
    private static BlockedWriter blockWriter(SqliteDatabase db, ExecutorService pool) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> write = pool.submit(() -> db.write(c -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return insert(c, "first");
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        return new BlockedWriter(write, release);
    }

    private static void awaitQueued(SqliteDatabase db, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.waitingWrites() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(db.waitingWrites()).isEqualTo(n);
    }

    @Test
    void concurrentWritesShareOneCommitAndAFailingOneLosesOnlyItsOwnRows() throws Exception {
        try (SqliteDatabase db = new SqliteDatabase(target(), 1);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            createTable(db);
            BlockedWriter first = blockWriter(db, pool);
            long transactionsBefore = db.transactions();

            List<Future<Integer>> group = new ArrayList<>();
            for (String v : List.of("a", "b", "c", "d")) {
                group.add(pool.submit(() -> db.write(c -> {
                    int n = insert(c, v);
                    if (v.equals("c")) {
                        throw new IllegalStateException("refused " + v);
                    }
                    return n;
                })));
                awaitQueued(db, group.size());
            }
            first.release().countDown();

            assertThat(first.write().get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(group.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(group.get(1).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(group.get(3).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThatThrownBy(() -> group.get(2).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("refused c");
            assertThat(values(db)).containsExactly("a", "b", "d", "first");
            // counted from inside the blocked write: one more transaction holds all four queued writes
            assertThat(db.transactions() - transactionsBefore).isEqualTo(1);
            assertThat(db.writes()).isEqualTo(6);
        }
    }

    @Test
    void whenTheGroupFailsEachWriteRunsAgainAloneAndGetsItsOwnVerdict() throws Exception {
        try (SqliteDatabase db = new SqliteDatabase(target(), 1);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            createTable(db);
            BlockedWriter first = blockWriter(db, pool);

            Future<Integer> before = pool.submit(() -> db.write(c -> insert(c, "before")));
            awaitQueued(db, 1);
            // breaks the contract: ends the shared transaction, which fails the group's next statement
            Future<Integer> rogue = pool.submit(() -> db.write(c -> {
                insert(c, "rogue");
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                }
                return 1;
            }));
            awaitQueued(db, 2);
            Future<Integer> after = pool.submit(() -> db.write(c -> insert(c, "after")));
            awaitQueued(db, 3);
            first.release().countDown();

            assertThat(first.write().get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThatThrownBy(() -> rogue.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class);
            assertThat(values(db)).containsExactly("after", "before", "first");
        }
    }

    @Test
    void manyConcurrentWritersAllCommitWithFewerTransactions() throws Exception {
        try (SqliteDatabase db = new SqliteDatabase(target(), 2);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            createTable(db);
            long before = db.transactions();
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String v = "row" + i;
                writes.add(pool.submit(() -> db.write(c -> insert(c, v))));
            }
            for (Future<Integer> f : writes) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(values(db)).hasSize(500);
            assertThat(db.transactions() - before).isBetween(1L, 500L);
        }
    }

    @Test
    void aClosedDatabaseRefusesWrites() throws Exception {
        SqliteDatabase db = new SqliteDatabase(target(), 1);
        createTable(db);
        db.close();
        assertThatThrownBy(() -> db.write(c -> insert(c, "late")))
                .isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    @Test
    void theWriterKeepsALargePageCacheAndCheckpointsTheWalEveryTenThousandPages() throws Exception {
        try (SqliteDatabase db = new SqliteDatabase(target(), 1)) {
            List<Long> writer = db.write(c -> List.of(pragma(c, "cache_size"), pragma(c, "wal_autocheckpoint")));
            assertThat(writer).containsExactly(-32_768L, (long) SqliteDatabase.WAL_CHECKPOINT_PAGES);
            // readers never commit, so they never checkpoint: they keep SQLite's defaults
            long readerCheckpoint = db.read(c -> pragma(c, "wal_autocheckpoint"));
            assertThat(readerCheckpoint).isEqualTo(1000L);
        }
    }

    private static long pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
