package dev.plinth.api.record;

import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * The column values of one insert or update, by column position. A present null is an explicit
 * SQL NULL; an absent column is left to the database (insert) or untouched (update).
 */
public final class WriteValues {

    private final Resource resource;
    private final Object[] values;
    private final boolean[] present;

    /**
     * Creates empty values for a resource.
     *
     * @param resource the resource written
     */
    public WriteValues(Resource resource) {
        this.resource = resource;
        this.values = new Object[resource.columns().size()];
        this.present = new boolean[values.length];
    }

    /**
     * Sets a column's value.
     *
     * @param column the column
     * @param value  the bind value, or null for SQL NULL
     */
    public void put(Column column, Object value) {
        values[column.position()] = value;
        present[column.position()] = true;
    }

    /**
     * Leaves a column out again, as if the body had not named it.
     *
     * @param column the column
     */
    public void remove(Column column) {
        values[column.position()] = null;
        present[column.position()] = false;
    }

    /** Returns true when the column has a value (possibly null). */
    public boolean has(Column column) {
        return present[column.position()];
    }

    /** Returns the column's value, or null. */
    public Object get(Column column) {
        return values[column.position()];
    }

    /** Returns the present columns, in column order. */
    public List<Column> presentColumns() {
        List<Column> out = new ArrayList<>();
        for (Column c : resource.columns()) {
            if (present[c.position()]) {
                out.add(c);
            }
        }
        return out;
    }

    /** Returns true when no column is present. */
    public boolean isEmpty() {
        for (boolean p : present) {
            if (p) {
                return false;
            }
        }
        return true;
    }

    /** Returns a key naming the set of present columns: the statement shape. */
    public String shape() {
        StringBuilder s = new StringBuilder(present.length);
        for (boolean p : present) {
            s.append(p ? '1' : '0');
        }
        return s.toString();
    }
}
