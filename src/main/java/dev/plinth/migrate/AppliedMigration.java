package dev.plinth.migrate;

/**
 * A migration file recorded as applied in a history table.
 *
 * @param name     the migration folder's name
 * @param checksum the SHA-256 (hex) of its {@code migration.sql} when it was applied
 * @param source   which tool's history records it
 */
public record AppliedMigration(String name, String checksum, Source source) {

    /** The history table an applied migration was read from. */
    public enum Source {
        /** {@code _plinth_migrations}, written by {@code plinth migrate deploy}. */
        PLINTH,
        /** {@code _prisma_migrations}, written by {@code prisma migrate deploy} / {@code prisma migrate dev}. */
        PRISMA
    }
}
