package dev.plinth.sql;

import dev.plinth.schema.model.ConfigValue;
import dev.plinth.schema.model.Schema;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which database a schema runs on and how to connect to it.
 *
 * <p>The URL comes from, in order: {@code --database-url}; the datasource's {@code url} (a literal or
 * {@code env("VAR")} resolved from the environment); the {@code DATABASE_URL} environment variable;
 * and otherwise a SQLite file {@code dev.db} beside the schema. The URL, not the schema's
 * {@code provider}, chooses the database, so any schema runs on either one.
 *
 * <p>Accepted URLs: {@code file:./dev.db}, {@code file:/abs/dev.db}, {@code sqlite:…}, a bare path
 * ending in {@code .db}/{@code .sqlite} (SQLite; a relative path taken from the datasource is relative
 * to the schema file, as in Prisma, and one given on the command line relative to the working
 * directory), and {@code postgresql://user:password@host:port/db?schema=s&sslmode=…} or
 * {@code postgres://…} (PostgreSQL; {@code schema} selects the search path, Prisma's parameter).
 *
 * @param kind        the database
 * @param jdbcUrl     the JDBC URL to connect with
 * @param description the location for messages, with any password masked
 * @param sqliteFile  the database file, for SQLite
 */
public record DatabaseTarget(DatabaseKind kind, String jdbcUrl, String description, Optional<Path> sqliteFile) {

    /**
     * Resolves where a schema's database is.
     *
     * @param schema      the resolved schema (its datasource may be absent)
     * @param schemaFile  the schema file, for relative SQLite paths
     * @param override    the {@code --database-url} value, when given
     * @param environment the environment variables, usually {@link System#getenv()}
     * @return the target
     * @throws IllegalArgumentException when the URL is malformed, names an unset variable, or is of a
     *                                  database Plinth does not run on (the message says which)
     */
    public static DatabaseTarget resolve(Schema schema, Path schemaFile, Optional<String> override, Map<String, String> environment) {
        Path schemaDir = Optional.ofNullable(schemaFile.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
        if (override.isPresent() && !override.get().isBlank()) {
            return parse(override.get().trim(), Path.of("").toAbsolutePath());
        }
        Optional<ConfigValue> url = schema.datasource().flatMap(d -> d.url());
        if (url.isPresent()) {
            Optional<String> value = url.get().resolve(environment);
            if (value.isEmpty() || value.get().isBlank()) {
                String variable = url.get() instanceof ConfigValue.Env env ? env.variable() : "url";
                throw new IllegalArgumentException("the datasource url reads the environment variable " + variable
                        + ", which is not set; set it or pass --database-url");
            }
            return parse(value.get().trim(), schemaDir);
        }
        String fromEnv = environment.get("DATABASE_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parse(fromEnv.trim(), Path.of("").toAbsolutePath());
        }
        return parse("file:./dev.db", schemaDir);
    }

    /**
     * Parses a database URL.
     *
     * @param url     the URL as a user writes it
     * @param baseDir the directory relative SQLite paths are resolved against
     * @return the target
     * @throws IllegalArgumentException when the URL is not one Plinth understands
     */
    public static DatabaseTarget parse(String url, Path baseDir) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return postgres(url);
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return new DatabaseTarget(DatabaseKind.POSTGRESQL, url, mask(url), Optional.empty());
        }
        if (lower.startsWith("jdbc:sqlite:")) {
            return sqlite(url.substring("jdbc:sqlite:".length()), baseDir);
        }
        if (lower.startsWith("file:")) {
            return sqlite(url.substring("file:".length()), baseDir);
        }
        if (lower.startsWith("sqlite:")) {
            return sqlite(url.substring("sqlite:".length()).replaceFirst("^//", ""), baseDir);
        }
        if (lower.startsWith("mysql:") || lower.startsWith("sqlserver:") || lower.startsWith("mongodb")) {
            throw new IllegalArgumentException("Plinth runs on SQLite and PostgreSQL; the database URL "
                    + mask(url) + " is for another database. Pass --database-url with a file: or postgresql:// URL");
        }
        if (!url.contains("://") && (lower.endsWith(".db") || lower.endsWith(".sqlite") || lower.endsWith(".sqlite3"))) {
            return sqlite(url, baseDir);
        }
        throw new IllegalArgumentException("cannot read the database URL " + mask(url)
                + ": expected file:./dev.db (SQLite) or postgresql://user@host:5432/db (PostgreSQL)");
    }

    private static DatabaseTarget sqlite(String pathAndQuery, Path baseDir) {
        String path = pathAndQuery;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isBlank()) {
            throw new IllegalArgumentException("the SQLite URL names no file: write file:./dev.db");
        }
        Path file = baseDir.resolve(path).normalize();
        return new DatabaseTarget(DatabaseKind.SQLITE, "jdbc:sqlite:" + file, file.toString(), Optional.of(file));
    }

    private static DatabaseTarget postgres(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        String user = null;
        String password = null;
        int slash = rest.indexOf('/');
        int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            user = decode(colon >= 0 ? credentials.substring(0, colon) : credentials);
            password = colon >= 0 ? decode(credentials.substring(colon + 1)) : null;
        }
        String hostAndDb = rest;
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            hostAndDb = rest.substring(0, q);
            query = rest.substring(q + 1);
        }
        if (hostAndDb.isEmpty() || hostAndDb.startsWith("/")) {
            throw new IllegalArgumentException("the PostgreSQL URL " + mask(url) + " names no host");
        }
        try {
            new java.net.URI("postgresql://" + hostAndDb);
        } catch (java.net.URISyntaxException e) {
            // Checked here, not left to the driver, which logs a warning and answers "Unable to parse URL".
            throw new IllegalArgumentException("the PostgreSQL URL " + mask(url) + " is malformed (" + e.getReason()
                    + "); write postgresql://user:password@host:5432/db");
        }
        List<String> params = new ArrayList<>();
        if (user != null && !user.isEmpty()) {
            params.add("user=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8));
        }
        if (password != null) {
            params.add("password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8));
        }
        for (String param : query.split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            String key = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
            String value = param.contains("=") ? param.substring(param.indexOf('=') + 1) : "";
            switch (key) {
                // Prisma's connection parameters that the JDBC driver spells differently or does not know.
                case "schema" -> params.add("currentSchema=" + value);
                case "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout",
                     "schema_cache_size", "single_use_connections" -> {
                }
                case "connect_timeout" -> params.add("connectTimeout=" + value);
                default -> params.add(param);
            }
        }
        String jdbc = "jdbc:postgresql://" + hostAndDb + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return new DatabaseTarget(DatabaseKind.POSTGRESQL, jdbc, mask(url), Optional.empty());
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Replaces the password of a URL by {@code ***} for messages. */
    static String mask(String url) {
        return url.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** Returns the dialect of this database. */
    public Dialect dialect() {
        return kind.dialect();
    }

    /**
     * Opens a connection. For SQLite the file (and its directory) is created when missing, foreign keys
     * are enforced and a busy timeout of 5 seconds is set.
     *
     * @return a new connection, which the caller closes
     * @throws SQLException when the database cannot be reached
     */
    public Connection connect() throws SQLException {
        if (kind == DatabaseKind.SQLITE) {
            sqliteFile.map(Path::getParent).ifPresent(dir -> {
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot create the directory " + dir + " for the SQLite database: " + e.getMessage(), e);
                }
            });
            Connection connection = DriverManager.getConnection(jdbcUrl);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("PRAGMA busy_timeout = 5000");
            }
            return connection;
        }
        return DriverManager.getConnection(jdbcUrl);
    }
}
