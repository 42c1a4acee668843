package dev.plinth.migrate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One migration folder, in Prisma Migrate's layout ({@code migrations/<yyyyMMddHHmmss>_<name>/migration.sql},
 * https://www.prisma.io/docs/orm/prisma-migrate/understanding-prisma-migrate/migration-histories), with
 * Plinth's {@code down.sql} beside it when there is one.
 *
 * @param name      the folder's name, which orders the migrations and identifies them in the history
 * @param directory the folder
 * @param sql       the text of {@code migration.sql}
 * @param down      the text of {@code down.sql}; empty when the folder has none (Prisma's folders never do)
 */
public record MigrationFolder(String name, Path directory, String sql, Optional<String> down) {

    /** The line prefix with which a {@code down.sql} names what it cannot restore. */
    public static final String LOSSY = "-- lossy:";

    /** Returns the SHA-256 (hex) of {@code migration.sql}, as recorded when it is applied. */
    public String checksum() {
        return ScriptChecksum.of(sql);
    }

    /**
     * Returns what the down script says it cannot restore: its {@value #LOSSY} lines, without the prefix.
     *
     * @return the reasons; empty when it reverses everything, or when there is no down script
     */
    public List<String> lossy() {
        return down.map(text -> text.lines().filter(l -> l.startsWith(LOSSY)).map(l -> l.substring(LOSSY.length()).strip()).toList())
                .orElse(List.of());
    }
}
