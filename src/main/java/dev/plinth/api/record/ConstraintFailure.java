package dev.plinth.api.record;

import dev.plinth.api.resource.Resource;

import java.sql.SQLException;

/**
 * A write the database refused, with what was being written, carried out of the transaction so it
 * can be explained (after the rollback) by {@link ConstraintTranslator}.
 */
public final class ConstraintFailure extends RuntimeException {

    private final transient Resource resource;
    private final transient WriteValues values;
    private final transient Object[] key;
    private final boolean deleting;
    private final int item;

    /**
     * Creates the failure.
     *
     * @param cause    the database's error
     * @param resource the resource written
     * @param values   the values written (null for a delete)
     * @param key      the key of the row updated or deleted (null for an insert)
     * @param deleting true for a hard delete
     */
    public ConstraintFailure(SQLException cause, Resource resource, WriteValues values, Object[] key, boolean deleting) {
        this(cause, resource, values, key, deleting, -1);
    }

    private ConstraintFailure(SQLException cause, Resource resource, WriteValues values, Object[] key, boolean deleting, int item) {
        super(cause.getMessage(), cause, false, false);
        this.resource = resource;
        this.values = values;
        this.key = key;
        this.deleting = deleting;
        this.item = item;
    }

    /**
     * Returns the same failure marked as the one of an array item or batch operation.
     *
     * @param index the 0-based index of the item or operation
     * @return the marked failure
     */
    public ConstraintFailure atItem(int index) {
        return new ConstraintFailure(sqlException(), resource, values, key, deleting, index);
    }

    /** Returns the index of the failed array item or batch operation, or -1. */
    public int item() {
        return item;
    }

    /** Returns the database's error. */
    public SQLException sqlException() {
        return (SQLException) getCause();
    }

    /** Returns the resource written. */
    public Resource resource() {
        return resource;
    }

    /** Returns the values written, or null. */
    public WriteValues values() {
        return values;
    }

    /** Returns the row's key, or null. */
    public Object[] key() {
        return key;
    }

    /** Returns true for a hard delete. */
    public boolean deleting() {
        return deleting;
    }
}
