package dev.plinth.cli;

import dev.plinth.api.ServedApi;
import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.TokenIssuer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code plinth cache-training} (hidden): the training run from which the launcher makes the class cache of
 * {@code plinth serve} (the JDK's AOT cache, JEP 483/514/515, or its dynamic class-data archive before JDK 25;
 * docs/benchmarks.md, "Start-up"). It serves a bundled schema ({@code cache-training.prisma}: an enum, relations,
 * JSON, decimals, dates, a full-text index) from a temporary SQLite database exactly as {@code serve} does, with
 * bearer tokens on, answers a fixed set of requests through the loopback interface — writes, reads of every list
 * shape, counts, search, a batch, errors, the OpenAPI document and the health probes — then stops and deletes the
 * database. The cache then holds what a served schema's requests load, not only what one user's first start
 * happened to touch, and never depends on that start's database or traffic.
 *
 * <p>Exit code 0 when every request was answered as expected; 1 otherwise (the launcher then keeps no cache).
 */
@Command(name = CacheTrainingCommand.NAME, hidden = true, mixinStandardHelpOptions = true,
        description = "The training run the launcher makes serve's class cache from (docs/benchmarks.md).")
public final class CacheTrainingCommand implements Callable<Integer> {

    /** The subcommand's name, as the launcher calls it. */
    static final String NAME = "cache-training";

    /** The bundled schema, a class-path resource beside this class. */
    static final String SCHEMA_RESOURCE = "cache-training.prisma";

    private final PrintStream out;
    private final PrintStream err;

    /** Creates the command writing to the standard streams. */
    public CacheTrainingCommand() {
        this(System.out, System.err);
    }

    /**
     * @param out where each request's answer status is listed
     * @param err where a failed request or start is reported
     */
    CacheTrainingCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        Path directory = Files.createTempDirectory("plinth-cache-training-");
        try {
            return train(directory);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private int train(Path directory) throws IOException {
        Path schema = directory.resolve(SCHEMA_RESOURCE);
        try (InputStream in = CacheTrainingCommand.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                err.println("plinth " + NAME + ": the bundled schema " + SCHEMA_RESOURCE + " is missing from the jar");
                return 1;
            }
            Files.copy(in, schema);
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String hexSecret = HexFormat.of().formatHex(secret);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        String[] args = {"serve", schema.toString(), "--database-url", "file:" + directory.resolve("training.db"),
                "--host", "127.0.0.1", "--port", "0", "--shutdown-timeout", "0"};
        CommandLine cli = PlinthCommand.commandLine(Map.of(AuthConfig.SECRET_VARIABLE, hexSecret), quiet, err, args);
        ServeCommand serve = (ServeCommand) cli.parseArgs(args).subcommand().commandSpec().userObject();
        Optional<ServedApi> served = serve.open();
        if (served.isEmpty()) {
            err.println("plinth " + NAME + ": the training server did not start");
            return 1;
        }
        try (ServedApi api = served.get()) {
            String token = new TokenIssuer(hexSecret.getBytes(StandardCharsets.UTF_8)).issue("1", Map.of(), Duration.ofMinutes(10));
            List<String> failures = new ArrayList<>();
            try (HttpClient client = HttpClient.newHttpClient()) {
                String base = "http://127.0.0.1:" + api.server().port();
                for (TrainingRequest request : TrainingRequest.ALL) {
                    HttpResponse<String> answer = client.send(request.toHttp(base, token), HttpResponse.BodyHandlers.ofString());
                    out.println(answer.statusCode() + " " + request.method() + " " + request.path());
                    if (answer.statusCode() != request.expectedStatus()) {
                        failures.add(request.method() + " " + request.path() + " answered " + answer.statusCode()
                                + ", not " + request.expectedStatus() + ": " + answer.body());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add("interrupted");
            }
            failures.forEach(f -> err.println("plinth " + NAME + ": " + f));
            if (failures.isEmpty()) {
                out.println(loadDriverClasses(POSTGRESQL_DRIVER) + " classes of the PostgreSQL driver loaded");
            }
            return failures.isEmpty() ? 0 : 1;
        }
    }

    /** The package of the PostgreSQL JDBC driver (pgjdbc), whose classes the training run loads without a server. */
    static final String POSTGRESQL_DRIVER = "org.postgresql";

    /**
     * Loads, without initializing, every class of a package in the jar this class came from, so that the cache
     * holds them too: the training run has no PostgreSQL server to connect to, and a PostgreSQL start would
     * otherwise load and verify the driver's classes one by one. Classes that need an optional library the jar
     * does not have (pgjdbc's Kerberos, OSGi and Windows SSPI support) are left out.
     *
     * @param packageName the package, dotted, e.g. {@value #POSTGRESQL_DRIVER}
     * @return how many classes were loaded
     * @throws IOException when the jar cannot be read (no jar: run from classes, 0 is returned)
     */
    static int loadDriverClasses(String packageName) throws IOException {
        java.security.CodeSource source = CacheTrainingCommand.class.getProtectionDomain().getCodeSource();
        if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
            return 0;
        }
        String prefix = packageName.replace('.', '/') + "/";
        ClassLoader loader = CacheTrainingCommand.class.getClassLoader();
        int loaded = 0;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(Path.of(java.net.URI.create(source.getLocation().toString())).toFile())) {
            for (java.util.jar.JarEntry entry : java.util.Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith(prefix) && name.endsWith(".class") && !name.endsWith("module-info.class")
                        && !name.startsWith("META-INF/")) {
                    try {
                        Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false, loader);
                        loaded++;
                    } catch (ClassNotFoundException | LinkageError e) {
                        // needs an optional dependency the jar does not ship
                    }
                }
            }
        }
        return loaded;
    }

    /**
     * One request of the training run and the status it must answer.
     *
     * @param method         the HTTP method
     * @param path           the path and query, under the server's base URL
     * @param body           the JSON body, or null
     * @param expectedStatus the status a working server answers
     */
    record TrainingRequest(String method, String path, String body, int expectedStatus) {

        /** The training run's requests, in order: writes first, so that the reads have rows. */
        static final List<TrainingRequest> ALL = List.of(
                new TrainingRequest("POST", "/api/companies", "{\"name\":\"Acme\",\"industry\":\"tools\",\"founded\":\"1999-03-01T00:00:00Z\"}", 201),
                new TrainingRequest("POST", "/api/tags", "{\"label\":\"key account\"}", 201),
                new TrainingRequest("POST", "/api/contacts", "[{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"company_id\":1,\"score\":\"12.5\","
                        + "\"profile\":{\"source\":\"web\"}},{\"name\":\"Grace\",\"email\":\"grace@example.com\",\"stage\":\"won\"},"
                        + "{\"name\":\"Linus\",\"email\":\"linus@example.com\",\"company_id\":1}]", 201),
                new TrainingRequest("POST", "/api/contacts", "{\"name\":\"Alan\",\"email\":\"alan@example.com\",\"stage\":\"lost\"}", 201),
                new TrainingRequest("GET", "/api/contacts/1", null, 200),
                new TrainingRequest("GET", "/api/contacts?stage=won&per_page=1", null, 200),
                new TrainingRequest("GET", "/api/contacts?stage=lead&orderBy=-created_at&per_page=2", null, 200),
                new TrainingRequest("GET", "/api/contacts?count=true&per_page=0", null, 200),
                new TrainingRequest("GET", "/api/contacts?include=company", null, 200),
                new TrainingRequest("GET", "/api/companies/1/contacts", null, 200),
                new TrainingRequest("GET", "/api/contacts?company.industry=tools", null, 200),
                new TrainingRequest("GET", "/api/contacts?q=ada&orderBy=name", null, 200),
                new TrainingRequest("GET", "/api/contacts?per_page=all", null, 200),
                new TrainingRequest("HEAD", "/api/contacts", null, 200),
                new TrainingRequest("PATCH", "/api/contacts/1", "{\"stage\":\"won\"}", 200),
                new TrainingRequest("POST", "/api/batch", "[{\"method\":\"PATCH\",\"path\":\"/api/contacts/2\",\"body\":{\"stage\":\"lost\"}},"
                        + "{\"method\":\"POST\",\"path\":\"/api/contacts\",\"body\":{\"name\":\"Edsger\",\"email\":\"edsger@example.com\"}}]", 200),
                new TrainingRequest("DELETE", "/api/contacts/4", null, 204),
                new TrainingRequest("GET", "/api/contacts/999", null, 404),
                new TrainingRequest("GET", "/api/contacts?nope=1", null, 400),
                new TrainingRequest("POST", "/api/contacts", "{\"name\":", 400),
                new TrainingRequest("GET", "/openapi.json", null, 200),
                new TrainingRequest("GET", "/health/ready", null, 200));

        HttpRequest toHttp(String base, String token) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30));
            if (body != null) {
                builder.header("Content-Type", "application/json");
            }
            return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build();
        }
    }
}
