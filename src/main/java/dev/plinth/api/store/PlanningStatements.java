package dev.plinth.api.store;

/**
 * The mark that begins the statements with which Plinth reads a list page's plan on SQLite (docs/query.md,
 * "How pages are read"): SQL comments are ignored by the database, and {@link CountingDatabase} counts
 * statements so marked apart from the request's own.
 */
public final class PlanningStatements {

    /** The prefix of every plan-reading statement, a SQL comment and a space. */
    public static final String MARK = "/* plinth:plan */ ";

    private PlanningStatements() {
    }

    /**
     * Tells whether a statement reads a plan.
     *
     * @param sql the statement text
     * @return true when it begins with {@link #MARK}
     */
    public static boolean marked(String sql) {
        return sql.startsWith(MARK);
    }
}
