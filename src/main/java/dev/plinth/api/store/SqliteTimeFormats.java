package dev.plinth.api.store;

import dev.plinth.query.DateTimeStorage;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Schema;
import dev.plinth.api.resource.ResourceCatalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Which SQLite DateTime columns hold integer milliseconds since the epoch (written by Prisma's native
 * engine) rather than ISO-8601 text (Prisma 7's driver adapter, and Plinth): docs/api.md ("Values in JSON")
 * promises that a column keep the format it already holds, so comparisons never mix numbers with text.
 * Found once at start by looking at one stored value per column.
 */
public final class SqliteTimeFormats implements DateTimeStorage {

    private final Set<String> epochColumns;

    private SqliteTimeFormats(Set<String> epochColumns) {
        this.epochColumns = Set.copyOf(epochColumns);
    }

    /**
     * Looks at the stored values of every DateTime column.
     *
     * @param schema   the served schema
     * @param database the SQLite database
     * @return the formats
     * @throws SQLException when the database cannot be read
     */
    public static SqliteTimeFormats probe(Schema schema, Database database) throws SQLException {
        Set<String> epoch = new HashSet<>();
        database.read(c -> {
            for (Model m : schema.models()) {
                if (m.ignored()) {
                    continue;
                }
                for (Field f : m.columnFields()) {
                    if (f.list() || f.scalarType().filter(t -> t == ScalarType.DATETIME).isEmpty()) {
                        continue;
                    }
                    String sql = "SELECT typeof(" + ResourceCatalog.quote(f.columnName()) + ") FROM "
                            + ResourceCatalog.quote(m.tableName()) + " WHERE " + ResourceCatalog.quote(f.columnName())
                            + " IS NOT NULL LIMIT 1";
                    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getString(1).equals("integer")) {
                            epoch.add(key(m.tableName(), f.columnName()));
                        }
                    } catch (SQLException e) {
                        // a view or table that does not exist yet holds nothing: ISO text, Plinth's format
                    }
                }
            }
            return null;
        });
        return new SqliteTimeFormats(epoch);
    }

    @Override
    public boolean epochMillis(Model model, Field field) {
        return epochColumns.contains(key(model.tableName(), field.columnName()));
    }

    private static String key(String table, String column) {
        return table + '\u0000' + column;
    }
}
