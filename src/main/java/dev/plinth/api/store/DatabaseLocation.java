package dev.plinth.api.store;

import dev.plinth.api.value.DatabaseKind;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the database is, from a Prisma-style URL: {@code file:./dev.db} (SQLite, relative to the
 * schema file's directory, as Prisma resolves it) or {@code postgresql://user:pass@host:5432/db?schema=s}.
 *
 * <p>Source: Prisma docs, "Connection URLs"
 * (https://www.prisma.io/docs/orm/reference/connection-urls).
 *
 * @param kind     the engine
 * @param jdbcUrl  the JDBC URL (for PostgreSQL without credentials)
 * @param user     the PostgreSQL user, or null
 * @param password the PostgreSQL password, or null
 * @param display  the URL without password, for the startup banner
 */
public record DatabaseLocation(DatabaseKind kind, String jdbcUrl, String user, String password, String display) {

    /**
     * Parses a database URL.
     *
     * @param url       the URL from {@code --database-url} or the datasource
     * @param schemaDir the directory of the schema file (for relative SQLite paths)
     * @return the location
     * @throws IllegalArgumentException when the URL is of no supported form
     */
    public static DatabaseLocation parse(String url, Path schemaDir) {
        if (url.startsWith("file:") || url.startsWith("sqlite:") || url.startsWith("jdbc:sqlite:")) {
            String path = url.substring(url.indexOf(':') + 1);
            if (url.startsWith("jdbc:sqlite:")) {
                path = url.substring("jdbc:sqlite:".length());
            }
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            Path file = schemaDir.resolve(path).normalize();
            return new DatabaseLocation(DatabaseKind.SQLITE, "jdbc:sqlite:" + file, null, null, "SQLite " + file);
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            String rest = url.substring(url.indexOf("://") + 3);
            String user = null;
            String password = null;
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                String credentials = rest.substring(0, at);
                rest = rest.substring(at + 1);
                int colon = credentials.indexOf(':');
                user = decode(colon >= 0 ? credentials.substring(0, colon) : credentials);
                password = colon >= 0 ? decode(credentials.substring(colon + 1)) : null;
            }
            String query = "";
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
            StringBuilder params = new StringBuilder();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                String value = pair.contains("=") ? pair.substring(pair.indexOf('=') + 1) : "";
                switch (key) {
                    case "schema" -> params.append("&currentSchema=").append(value);
                    case "sslmode", "sslcert", "sslkey", "sslrootcert", "application_name", "options" ->
                            params.append('&').append(key).append('=').append(value);
                    default -> {
                        // Prisma-only parameters (connection_limit, pool_timeout, …) mean nothing to JDBC.
                    }
                }
            }
            String jdbc = "jdbc:postgresql://" + rest + (params.isEmpty() ? "" : "?" + params.substring(1));
            return new DatabaseLocation(DatabaseKind.POSTGRESQL, jdbc, user, password,
                    "PostgreSQL " + (user == null ? "" : user + "@") + rest);
        }
        throw new IllegalArgumentException("unsupported database URL \"" + url
                + "\": expected file:<path> (SQLite) or postgresql://user@host:port/database");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
