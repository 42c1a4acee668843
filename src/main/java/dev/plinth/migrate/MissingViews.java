package dev.plinth.migrate;

import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code view} blocks of a schema that have no database object. Neither Prisma nor Plinth
 * creates views (Prisma docs, "Views": https://www.prisma.io/docs/orm/prisma-schema/data-model/views —
 * the view is created in the database by SQL, e.g. in a migration's SQL file), so a view is served only
 * when the database has a view (or table) of its name; a missing one is not routed, and {@code plinth
 * serve} says how to create it.
 */
public final class MissingViews {

    private MissingViews() {
    }

    /**
     * Returns the schema's views that cannot be read from the database.
     *
     * @param schema     the resolved schema
     * @param connection an open connection, in auto-commit mode
     * @param dialect    the database's dialect
     * @return the views without a database object, in schema order
     * @throws SQLException never for a missing view; only when the connection itself fails
     */
    public static List<Model> of(Schema schema, Connection connection, Dialect dialect) throws SQLException {
        List<Model> missing = new ArrayList<>();
        for (Model model : schema.models()) {
            if (!model.view() || model.ignored()) {
                continue;
            }
            // Reading no rows is the test that holds for views, materialized views and tables on both databases.
            try (Statement s = connection.createStatement()) {
                s.executeQuery("SELECT * FROM " + dialect.quote(model.tableName()) + " WHERE 1 = 0").close();
            } catch (SQLException e) {
                if (connection.isClosed() || !connection.isValid(5)) {
                    throw e;
                }
                missing.add(model);
            }
        }
        return missing;
    }

    /**
     * Returns the schema without the given views, so that they get no routes.
     *
     * @param schema  the schema
     * @param missing views of it
     * @return the schema without them (the same schema when none are given)
     */
    public static Schema without(Schema schema, List<Model> missing) {
        if (missing.isEmpty()) {
            return schema;
        }
        return new Schema(schema.datasource(), schema.generators(),
                schema.models().stream().filter(m -> !missing.contains(m)).toList(), schema.enums(), schema.joinTables(), schema.types());
    }

    /**
     * Renders the start-up warning for a view that is not served.
     *
     * @param view the missing view
     * @return one line naming it and how to create it
     */
    public static String warning(Model view) {
        return "view " + view.name() + " is not served: the database has no view \"" + view.tableName()
                + "\" (Prisma and Plinth do not create views); create it with CREATE VIEW \"" + view.tableName()
                + "\" AS SELECT … and restart";
    }
}
