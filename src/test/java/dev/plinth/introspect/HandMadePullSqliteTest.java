package dev.plinth.introspect;

import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** {@code db pull} of a hand-made SQLite database. */
class HandMadePullSqliteTest extends HandMadePullContract {

    @TempDir
    Path dir;

    @Override
    DatabaseTarget target() {
        return DatabaseTarget.parse("file:" + dir.resolve("hand.db"), dir);
    }

    @Override
    DatabaseTarget secondTarget() {
        return DatabaseTarget.parse("file:" + dir.resolve("second.db"), dir);
    }

    @Override
    List<String> ownStatements() {
        return List.of();
    }
}
