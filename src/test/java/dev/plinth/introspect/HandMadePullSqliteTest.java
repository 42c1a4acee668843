package dev.plinth.introspect;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code db pull} of a hand-made SQLite database, and what only SQLite does: rowid keys, parenthesised defaults, untyped columns. */
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

    @Test
    void sqliteRowidKeysDefaultsAndUntypedColumns() throws Exception {
        DatabaseTarget target = DatabaseTarget.parse("file:" + dir.resolve("own.db"), dir);
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, created DATETIME DEFAULT (datetime('now')),"
                    + " flag BOOLEAN DEFAULT 0, price DECIMAL(10,2) DEFAULT 1.5, raw)");
            String text = PrismaSchemaWriter.write(DatabaseInspector.inspect(target.kind(), c)).replaceAll(" +", " ");
            // SQLite reports the rowid alias nullable; an @id is required in Prisma
            assertThat(text).contains("id Int @id @default(autoincrement())\n",
                    // SQLite drops the parentheses a function call needs in DEFAULT; they are written back
                    "created DateTime? @default(dbgenerated(\"(datetime('now'))\"))",
                    "flag Boolean? @default(false)", "price Decimal? @default(1.5) // column type DECIMAL(10,2)",
                    "raw Bytes? // column type (none)");
            assertThat(SchemaLoader.parse("pulled.prisma", text).errors()).isEmpty();
        }
    }
}
