package dev.plinth.introspect;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.List;
import java.util.Optional;

/**
 * Everything {@code plinth db inspect} reports and {@code plinth db pull} reads about a live database.
 *
 * <p>The tables are the migration planner's own {@link Snapshot} (so what is printed is what migrations compare);
 * what the planner does not compare is kept beside it, in separate fields, so that adding it never changes a
 * migration plan: every CHECK constraint (also those made by hand), views, and Plinth's full-text indexes (which
 * are removed from the PostgreSQL snapshot's indexes, as the planner removes them).
 *
 * @param kind     the database
 * @param snapshot the tables and enum types, as {@link dev.plinth.migrate.Introspector} reads them, without
 *                 Plinth's history table and without Plinth's full-text indexes
 * @param checks   every CHECK constraint of every table, in table order
 * @param fullText Plinth's full-text indexes, one per table at most
 * @param views    the views, by name
 */
public record DatabaseInspection(DatabaseKind kind, Snapshot snapshot, List<CheckDefinition> checks,
                                 List<FullTextDefinition> fullText, List<ViewSnapshot> views) {

    public DatabaseInspection {
        checks = List.copyOf(checks);
        fullText = List.copyOf(fullText);
        views = List.copyOf(views);
    }

    /** Returns the tables, in name order. */
    public List<TableSnapshot> tables() {
        return snapshot.tables();
    }

    /**
     * Returns the CHECK constraints of one table.
     *
     * @param table the table name
     * @return its constraints, possibly none
     */
    public List<CheckDefinition> checksOf(String table) {
        return checks.stream().filter(c -> c.table().equals(table)).toList();
    }

    /**
     * Returns the full-text index of one table.
     *
     * @param table the table name
     * @return the index, or empty
     */
    public Optional<FullTextDefinition> fullTextOf(String table) {
        return fullText.stream().filter(f -> f.table().equals(table)).findFirst();
    }
}
