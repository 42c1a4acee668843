package dev.plinth.schema.resolve;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prisma's default names for primary keys, unique constraints, indexes and foreign keys.
 *
 * <p>{@code {table}_pkey}, {@code {table}_{columns}_key}, {@code {table}_{columns}_idx},
 * {@code {table}_{columns}_fkey}; when the name would reach the database's identifier length
 * limit, the part before the suffix is cut so that the whole name fits. Source: Prisma docs,
 * "Constraint and index names"
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/database-mapping#prismas-default-naming-conventions-for-indexes-and-constraints)
 * and {@code psl/psl-core/src/datamodel_connector/constraint_names.rs} in prisma-engines.
 *
 * @param maxIdentifierLength the database's limit in bytes: 63 for PostgreSQL, 64 for MySQL,
 *                            10,000 for SQLite (as Prisma's connectors declare)
 */
public record ConstraintNames(int maxIdentifierLength) {

    /**
     * Returns the naming rules of a datasource provider.
     *
     * @param provider {@code postgresql}, {@code postgres}, {@code mysql}, {@code sqlite}, … or empty text
     * @return the rules with that provider's identifier length limit
     */
    public static ConstraintNames forProvider(String provider) {
        return switch (provider) {
            case "postgresql", "postgres", "cockroachdb" -> new ConstraintNames(63);
            case "mysql" -> new ConstraintNames(64);
            case "sqlserver" -> new ConstraintNames(128);
            default -> new ConstraintNames(10_000);
        };
    }

    /** Returns the primary key name of a table. */
    public String primaryKey(String table) {
        return trimmed(table, "_pkey");
    }

    /** Returns the unique constraint name over some columns. */
    public String unique(String table, List<String> columns) {
        return trimmed(table + "_" + String.join("_", columns), "_key");
    }

    /** Returns the index name over some columns. */
    public String index(String table, List<String> columns) {
        return trimmed(table + "_" + String.join("_", columns), "_idx");
    }

    /** Returns the foreign key name over the referencing columns. */
    public String foreignKey(String table, List<String> columns) {
        return trimmed(table + "_" + String.join("_", columns), "_fkey");
    }

    /**
     * Returns the name of a model's {@code n}th unnamed {@code @@check}: {@code {table}_{n}_check}, cut like
     * the other names to fit. Plinth's own convention (Prisma has no CHECK constraints), shaped like Prisma's
     * names and like PostgreSQL's own {@code {table}_{column}_check}.
     *
     * @param table the table name
     * @param n     the 1-based position of the {@code @@check} among the model's
     * @return the constraint name
     */
    public String check(String table, int n) {
        return trimmed(table + "_" + n, "_check");
    }

    private String trimmed(String base, String suffix) {
        int limit = maxIdentifierLength - suffix.length();
        byte[] bytes = base.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= limit) {
            return base + suffix;
        }
        // Cut on a character boundary, as Rust's str slicing forces Prisma to.
        int end = limit;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + suffix;
    }
}
