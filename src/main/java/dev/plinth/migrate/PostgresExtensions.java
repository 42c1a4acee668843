package dev.plinth.migrate;

import dev.plinth.schema.model.ConfigValue;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL extensions a schema needs, and the steps that create those the database lacks.
 *
 * <p>Two sources: the datasource's {@code extensions = [pg_trgm, citext(schema: "ext", version: "1.6")]}
 * list, which Prisma creates with {@code CREATE EXTENSION IF NOT EXISTS} under the
 * {@code postgresqlExtensions} preview feature (Prisma docs, "PostgreSQL extensions":
 * https://www.prisma.io/docs/orm/prisma-schema/postgresql-extensions), with {@code map:} naming the
 * extension in the database, {@code schema:} its schema and {@code version:} its version; and
 * {@code @db.Citext} columns, whose type needs {@code citext}. An extension already installed is left as
 * it is (another version is not updated). SQLite has no extensions: there the list is ignored.
 */
final class PostgresExtensions {

    /**
     * One extension to create.
     *
     * @param name    its name in the database ({@code map:} when given)
     * @param schema  the schema to create it in, when given
     * @param version the version to install, when given
     * @param reason  why the schema needs it, for the step's description
     */
    record Extension(String name, Optional<String> schema, Optional<String> version, String reason) {
    }

    private final Dialect dialect;

    PostgresExtensions(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Returns the extensions a schema asks for, in the order listed, then {@code citext} when a column uses it.
     *
     * @param schema the resolved schema
     * @return the extensions, each once
     */
    static List<Extension> wanted(Schema schema) {
        Map<String, Extension> wanted = new LinkedHashMap<>();
        Optional<ConfigValue> listed = schema.datasource().flatMap(d -> Optional.ofNullable(d.properties().get("extensions")));
        List<ConfigValue> values = listed.map(v -> v instanceof ConfigValue.ListValue l ? l.values() : List.of(v)).orElse(List.of());
        for (ConfigValue value : values) {
            Extension extension = switch (value) {
                case ConfigValue.Call call -> new Extension(call.arguments().getOrDefault("map", call.name()),
                        Optional.ofNullable(call.arguments().get("schema")), Optional.ofNullable(call.arguments().get("version")),
                        "listed in the datasource's extensions");
                default -> new Extension(value.resolve(Map.of()).orElse(""), Optional.empty(), Optional.empty(),
                        "listed in the datasource's extensions");
            };
            if (!extension.name().isBlank()) {
                wanted.putIfAbsent(extension.name(), extension);
            }
        }
        // Prisma leaves citext to the user (its DDL for @db.Citext fails on a fresh database); Plinth
        // creates it, so a schema such as rallly's is served as it is.
        boolean usesCitext = schema.models().stream().flatMap(m -> m.fields().stream())
                .anyMatch(f -> f.nativeType().map(t -> t.name().equals("Citext")).orElse(false));
        if (usesCitext) {
            wanted.putIfAbsent("citext", new Extension("citext", Optional.empty(), Optional.empty(), "a column of the schema uses its type"));
        }
        return List.copyOf(wanted.values());
    }

    /**
     * Returns the steps creating the wanted extensions that the database lacks.
     *
     * @param schema     the resolved schema
     * @param connection a connection to the PostgreSQL database
     * @return one additive step per missing extension
     * @throws SQLException             when the catalogs cannot be read
     * @throws IllegalArgumentException when the server cannot provide a wanted extension (it is not
     *                                  among {@code pg_available_extensions}), naming it
     */
    List<MigrationStep> missing(Schema schema, Connection connection) throws SQLException {
        List<MigrationStep> steps = new ArrayList<>();
        for (Extension extension : wanted(schema)) {
            if (exists(connection, "SELECT 1 FROM pg_extension WHERE extname = ?", extension.name())) {
                continue;
            }
            if (!exists(connection, "SELECT 1 FROM pg_available_extensions WHERE name = ?", extension.name())) {
                throw new IllegalArgumentException("the PostgreSQL server has no extension \"" + extension.name() + "\" ("
                        + extension.reason() + "); install it on the database server (many come with the postgresql-contrib "
                        + "package) or remove it from the schema");
            }
            steps.add(new MigrationStep(MigrationStep.Action.CREATE_EXTENSION, extension.name(), Safety.ADDITIVE,
                    "create extension " + dialect.quote(extension.name()) + " (" + extension.reason() + ")",
                    Optional.empty(), List.of(createExtension(extension)), 0));
        }
        return steps;
    }

    /** Renders {@code CREATE EXTENSION IF NOT EXISTS "x" [WITH SCHEMA "s"] [VERSION 'v']}, as Prisma writes it. */
    private String createExtension(Extension extension) {
        StringBuilder sql = new StringBuilder("CREATE EXTENSION IF NOT EXISTS ").append(dialect.quote(extension.name()));
        extension.schema().ifPresent(s -> sql.append(" WITH SCHEMA ").append(dialect.quote(s)));
        extension.version().ifPresent(v -> sql.append(" VERSION ").append(dialect.literal(v)));
        return sql.toString();
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }
}
