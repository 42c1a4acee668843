package dev.plinth.api;

import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Views on SQLite. */
class ViewsSqliteTest extends ViewsContract {

    @TempDir
    Path dir;

    @Override
    FreshDatabase database() {
        return new FreshDatabase(DatabaseTarget.parse("file:" + dir.resolve("views.db"), dir), () -> { });
    }
}
