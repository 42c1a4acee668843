package dev.plinth.migrate;

import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Destructive type changes on SQLite. */
class ValueConversionSqliteTest extends ValueConversionContract {

    @TempDir
    Path dir;

    @Override
    DatabaseTarget target() {
        return DatabaseTarget.parse("file:" + dir.resolve("deals.db"), dir);
    }
}
