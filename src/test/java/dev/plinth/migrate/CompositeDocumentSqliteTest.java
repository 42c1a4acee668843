package dev.plinth.migrate;

import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Composite type changes against stored documents on SQLite. */
class CompositeDocumentSqliteTest extends CompositeDocumentContract {

    @TempDir
    Path dir;

    @Override
    DatabaseTarget target() {
        return DatabaseTarget.parse("file:" + dir.resolve("contacts.db"), dir);
    }
}
