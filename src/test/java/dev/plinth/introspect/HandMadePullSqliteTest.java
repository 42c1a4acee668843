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
        // an implicit many-to-many join table exactly as Prisma Migrate writes one on SQLite
        return List.of("""
                CREATE TABLE "_mentors" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL,
                  CONSTRAINT "_mentors_A_fkey" FOREIGN KEY ("A") REFERENCES "Employee" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
                  CONSTRAINT "_mentors_B_fkey" FOREIGN KEY ("B") REFERENCES "Employee" ("id") ON DELETE CASCADE ON UPDATE CASCADE)""",
                "CREATE UNIQUE INDEX \"_mentors_AB_unique\" ON \"_mentors\"(\"A\", \"B\")",
                "CREATE INDEX \"_mentors_B_index\" ON \"_mentors\"(\"B\")");
    }
}
