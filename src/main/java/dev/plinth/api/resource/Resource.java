package dev.plinth.api.resource;

import dev.plinth.schema.model.Model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A model as the API serves it: its route name, served columns with their codecs, key, conventions
 * and foreign keys, prepared once when the server starts.
 *
 * @param name        the resource name ({@code contacts})
 * @param model       the schema model
 * @param table       the table name quoted for SQL (schema-qualified for {@code @@schema})
 * @param columns     the served columns in declaration order ({@code @ignore}d and {@code Unsupported} left out)
 * @param key         the columns addressing one row: the primary key, or the first all-required unique; empty for keyless views
 * @param readOnly    true for views: no write routes
 * @param outgoing    the foreign keys this table holds
 * @param incoming    the foreign keys of other tables that point at this one
 * @param byName      the served columns by name (built once: body reading looks up every member)
 * @param clientKeys  true when a create may choose a key the schema would generate (the model is listed in
 *                    {@code clientKeys} of the schema's {@code generator plinth} block; docs/api.md)
 * @param path        the collection's path: the schema's {@code path_prefix} ({@code /api} by default), a slash, the name
 */
public record Resource(String name, Model model, String table, List<Column> columns, List<Column> key,
                       boolean readOnly, List<ForeignKey> outgoing, List<ForeignKey> incoming,
                       Map<String, Column> byName, boolean clientKeys, String path) {

    public Resource {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        outgoing = List.copyOf(outgoing);
        incoming = List.copyOf(incoming);
        byName = Map.copyOf(byName);
    }

    /**
     * Creates a resource whose by-name index is built from {@code columns}; parameters as for the record.
     *
     * @throws IllegalStateException when two columns share a name
     */
    public Resource(String name, Model model, String table, List<Column> columns, List<Column> key,
                    boolean readOnly, List<ForeignKey> outgoing, List<ForeignKey> incoming) {
        this(name, model, table, columns, key, readOnly, outgoing, incoming, false);
    }

    /**
     * Creates a resource whose by-name index is built from {@code columns}; parameters as for the record.
     *
     * @throws IllegalStateException when two columns share a name
     */
    public Resource(String name, Model model, String table, List<Column> columns, List<Column> key,
                    boolean readOnly, List<ForeignKey> outgoing, List<ForeignKey> incoming, boolean clientKeys) {
        this(name, model, table, columns, key, readOnly, outgoing, incoming, clientKeys, "/api/" + name);
    }

    /**
     * Creates a resource whose by-name index is built from {@code columns}; parameters as for the record.
     *
     * @throws IllegalStateException when two columns share a name
     */
    public Resource(String name, Model model, String table, List<Column> columns, List<Column> key,
                    boolean readOnly, List<ForeignKey> outgoing, List<ForeignKey> incoming, boolean clientKeys, String path) {
        this(name, model, table, columns, key, readOnly, outgoing, incoming,
                columns.stream().collect(Collectors.toUnmodifiableMap(Column::name, c -> c)), clientKeys, path);
    }

    /**
     * Finds a served column.
     *
     * @param columnName the column's API name ({@link Column#name()})
     * @return the column, or empty
     */
    public Optional<Column> column(String columnName) {
        for (Column c : columns) {
            if (c.name().equals(columnName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Finds a served column by its physical name, as conventions and foreign keys name it.
     *
     * @param storedName a column name in the database (after {@code @map} and the schema's naming)
     * @return the column, or empty
     */
    public Optional<Column> stored(String storedName) {
        for (Column c : columns) {
            if (c.field().columnName().equals(storedName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the first column with a role.
     *
     * @param role the role
     * @return the column, or empty
     */
    public Optional<Column> withRole(ColumnRole role) {
        for (Column c : columns) {
            if (c.role() == role) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Returns the {@code user_id} column when the table is owner-scoped. */
    public Optional<Column> owner() {
        return withRole(ColumnRole.OWNER);
    }

    /** Returns the {@code deleted_at} column when deletes are soft. */
    public Optional<Column> deletedAt() {
        return withRole(ColumnRole.DELETED_AT);
    }

    /** Returns the column compared by {@code _expected_updated_at}: {@code updated_at} or the {@code @updatedAt} field. */
    public Optional<Column> updatedAt() {
        return stored("updated_at").filter(c -> c.role() == ColumnRole.UPDATED_AT).or(() -> withRole(ColumnRole.UPDATED_AT));
    }

    /** Returns true when single rows can be addressed by key. */
    public boolean addressable() {
        return !key.isEmpty();
    }

    /** Returns the served column names, comma-separated, for messages listing valid columns. */
    public String columnList() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }
}
