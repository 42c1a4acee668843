package dev.plinth.migrate;

import dev.plinth.sql.Dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Prisma Migrate's history table {@value #TABLE} (columns {@code id}, {@code checksum},
 * {@code finished_at}, {@code migration_name}, {@code logs}, {@code rolled_back_at}, {@code started_at},
 * {@code applied_steps_count}; https://www.prisma.io/docs/orm/prisma-migrate/understanding-prisma-migrate/migration-histories),
 * so that a database made by Prisma Migrate keeps its history when Plinth takes over. Plinth never writes it.
 *
 * <p>A migration is applied when a row of its name has {@code finished_at} set and {@code rolled_back_at}
 * empty; a row with neither is a migration that failed under Prisma ({@code prisma migrate resolve} settles it).
 */
public final class PrismaMigrationHistory {

    /** Prisma Migrate's history table. */
    public static final String TABLE = "_prisma_migrations";

    private final Dialect dialect;

    /**
     * Creates the reader for one database.
     *
     * @param dialect the database's dialect
     */
    public PrismaMigrationHistory(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * What Prisma's table records.
     *
     * @param applied the migrations applied, by name order of their first start
     * @param failed  the names of migrations that started and neither finished nor were rolled back
     */
    public record Read(List<AppliedMigration> applied, List<String> failed) {
        public Read {
            applied = List.copyOf(applied);
            failed = List.copyOf(failed);
        }
    }

    /**
     * Reads the table.
     *
     * @param connection an open connection
     * @return what it records; nothing when the database has no such table
     * @throws SQLException when the table cannot be read
     */
    public Read read(Connection connection) throws SQLException {
        if (!MigrationHistory.tableExists(connection, dialect, TABLE)) {
            return new Read(List.of(), List.of());
        }
        Map<String, AppliedMigration> applied = new LinkedHashMap<>();
        Map<String, Boolean> started = new LinkedHashMap<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
                "SELECT migration_name, checksum, finished_at IS NOT NULL, rolled_back_at IS NOT NULL FROM "
                        + dialect.quote(TABLE) + " ORDER BY started_at, migration_name")) {
            while (r.next()) {
                String name = r.getString(1);
                boolean finished = r.getBoolean(3);
                boolean rolledBack = r.getBoolean(4);
                if (finished && !rolledBack) {
                    applied.put(name, new AppliedMigration(name, r.getString(2), AppliedMigration.Source.PRISMA));
                } else if (!finished && !rolledBack) {
                    started.put(name, true);
                }
            }
        }
        List<String> failed = new ArrayList<>();
        started.keySet().stream().filter(n -> !applied.containsKey(n)).forEach(failed::add);
        return new Read(new ArrayList<>(applied.values()), failed);
    }
}
