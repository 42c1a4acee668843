package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.ColumnRole;
import dev.plinth.api.resource.ForeignKey;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.api.value.ColumnCodec;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.SharedMaterial;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Schema;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plinth's main job on real input: every schema of {@code ../shared/schemas/real/}, served on SQLite
 * and on PostgreSQL; for every model with routes, a row built from the model alone (required fields,
 * enums, unique values, parents created first through the API, composite keys) is created, read back
 * and compared, found by an equality filter and with {@code orderBy}, patched, paged with a cursor and
 * deleted; for every relation of the model the row is listed with {@code include=…}, each embedded row
 * compared with a separate GET of it, and to-many relations are listed by their nested route too. One
 * line per schema and database; any failure fails the test.
 */
class RealSchemasTest {

    @Test
    void everyRealSchemaIsServedOnBothDatabases() throws Exception {
        List<Path> schemas;
        try (Stream<Path> files = Files.list(SharedMaterial.root().resolve("schemas/real"))) {
            schemas = files.filter(p -> p.toString().endsWith(".prisma")).sorted().toList();
        }
        assertThat(schemas).hasSizeGreaterThanOrEqualTo(20);
        serveAll(schemas, SchemaLoader::load);
    }

    /** The generator block that stores a camelCase schema in snake_case with a camelCase API (docs/schema.md, "Naming"). */
    static final String SNAKE_CASE = "\ngenerator plinth {\n  provider  = \"plinth\"\n  naming    = \"snake_case\"\n  api_names = \"field\"\n}\n";

    /**
     * The real schemas written in camelCase (a model or field whose snake_case form differs from its name),
     * served from empty with {@code naming = "snake_case"} and {@code api_names = "field"}: the same
     * exercise on snake_case tables and columns, through the schema's own names.
     */
    @Test
    void everyCamelCaseRealSchemaIsServedInSnakeCase() throws Exception {
        List<Path> camel = new ArrayList<>();
        try (Stream<Path> files = Files.list(SharedMaterial.root().resolve("schemas/real"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".prisma")).sorted().toList()) {
                Schema snake = snakeCase(p).schema().orElseThrow(() -> new AssertionError(p + ": " + snakeCase(p).errors()));
                boolean derived = snake.models().stream().anyMatch(m -> !m.tableName().equals(m.name())
                        || m.columnFields().stream().anyMatch(f -> !f.columnName().equals(f.name())
                        && f.columnName().equals(dev.plinth.schema.naming.Inflection.snakeCase(f.name()))));
                if (derived) {
                    camel.add(p);
                }
            }
        }
        assertThat(camel).hasSizeGreaterThanOrEqualTo(15);
        // naming = "snake_case" recognises conventions in either spelling: userId or ownerId scope a table by
        // the token's subject (which the generic exercise cannot give an Int owner column), organizationId,
        // orgId and teamId by its org_id and team_ids claims, which it does not make up. Those schemas are
        // served from empty and every collection answers a claimless caller with rows or a refusal, never an
        // error; the rest get the whole exercise.
        List<Path> tenants = camel.stream().filter(p -> hasScopingConventions(snakeCase(p).schema().orElseThrow())).toList();
        assertThat(tenants).isNotEmpty();
        List<Path> plain = camel.stream().filter(p -> !tenants.contains(p)).toList();
        serveAll(plain, RealSchemasTest::snakeCase);
        List<String> failures = new ArrayList<>();
        for (Path file : tenants) {
            for (TestServer.Db db : TestServer.Db.values()) {
                try (TestServer server = TestServer.start(db, snakeCase(file).schema().orElseThrow(), true, false,
                        ApiSettings.DEFAULT_MAX_BODY_BYTES, List.of())) {
                    for (Resource r : server.served().server().catalog().resources()) {
                        int status = server.as("real-user", "GET", r.path(), null).status();
                        if (status != 200 && status != 403) {
                            failures.add(file.getFileName() + " " + db + " GET " + r.path() + " -> " + status);
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private static boolean hasScopingConventions(Schema schema) {
        return schema.models().stream().anyMatch(m -> Stream.of(dev.plinth.schema.model.Convention.OWNER,
                        dev.plinth.schema.model.Convention.ORGANIZATION, dev.plinth.schema.model.Convention.TEAM)
                .anyMatch(c -> m.conventions().field(c).isPresent()));
    }

    private static SchemaResult snakeCase(Path file) {
        try {
            return SchemaLoader.parse(file.toString(), Files.readString(file) + SNAKE_CASE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private interface Loader {
        SchemaResult load(Path file) throws Exception;
    }

    private static void serveAll(List<Path> schemas, Loader loader) throws Exception {
        List<String> failures = new ArrayList<>();
        // SQLite and PostgreSQL runs are independent (own server, own database): run them side by side
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (Path file : schemas) {
                SchemaResult result = loader.load(file);
                assertThat(result.schema()).as(file + ": " + result.errors()).isPresent();
                List<java.util.concurrent.Future<Run>> runs = new ArrayList<>();
                for (TestServer.Db db : TestServer.Db.values()) {
                    runs.add(pool.submit(() -> run(file, db, result.schema().get())));
                }
                for (var future : runs) {
                    Run run = future.get();
                    System.out.println(run.summary());
                    failures.addAll(run.failures);
                }
            }
        } finally {
            pool.shutdown();
        }
        assertThat(failures).as("failures").isEmpty();
    }

    private static Run run(Path file, TestServer.Db db, Schema schema) {
        Run run = new Run(file.getFileName().toString(), db);
        try (TestServer server = TestServer.start(db, schema, true, false, ApiSettings.DEFAULT_MAX_BODY_BYTES, List.of())) {
            run.exercise(server, schema);
        } catch (Exception | AssertionError e) {
            run.fail("server", "did not start: " + e);
        }
        return run;
    }

    /** One schema on one database. */
    private static final class Run {
        final String schemaName;
        final TestServer.Db db;
        final List<String> failures = new ArrayList<>();
        int models;
        int requests;
        int counter;
        int searched;
        TestServer server;
        ResourceCatalog catalog;
        final Map<String, Created> parents = new HashMap<>();

        Run(String schemaName, TestServer.Db db) {
            this.schemaName = schemaName;
            this.db = db;
        }

        String summary() {
            return String.format("%-36s %-10s models %3d  requests %4d  searches %d  failures %d%s", schemaName, db, models, requests,
                    searched, failures.size(), failures.isEmpty() ? "" : "  first: " + failures.getFirst());
        }

        void fail(String model, String what) {
            failures.add(schemaName + " " + db + " " + model + ": " + what);
        }

        void exercise(TestServer server, Schema schema) {
            this.server = server;
            this.catalog = server.served().server().catalog();
            for (Resource r : catalog.resources()) {
                if (r.readOnly() || !r.addressable()) {
                    continue;
                }
                models++;
                try {
                    exerciseModel(r);
                } catch (Exception | AssertionError e) {
                    fail(r.name(), e.toString());
                }
            }
        }

        TestServer.Answer send(String user, String method, String path, String body) throws Exception {
            requests++;
            return server.as(user, method, path, body);
        }

        /** A created row: its JSON, its path, and the subject its owner token uses. */
        record Created(JsonNode row, String path, String user) {
        }

        void exerciseModel(Resource r) throws Exception {
            Map<String, Object> sent = new HashMap<>();
            Created created = create(r, 0, sent);
            String user = created.user();
            search(r, created);
            TestServer.Answer got = send(user, "GET", created.path(), null);
            check(r, got, 200, "GET " + created.path());
            assertThat(got.json()).as(r.name() + " GET equals POST answer").isEqualTo(created.row());
            for (Column c : r.columns()) {
                assertThat(got.json().has(c.name())).as(r.name() + " shows " + c.name()).isTrue();
                if (sent.containsKey(c.name())) {
                    assertSame(r, c, sent.get(c.name()), got.json().get(c.name()));
                }
            }
            Column filterColumn = r.key().getFirst();
            JsonNode keyValue = created.row().get(filterColumn.name());
            String filter = r.path() + "?" + filterColumn.name() + "=" + encode(keyValue.isTextual() ? keyValue.asText() : keyValue.toString());
            TestServer.Answer listed = send(user, "GET", filter, null);
            check(r, listed, 200, "GET " + filter);
            assertThat(listed.json().get("data").size()).as(r.name() + " equality filter finds the row").isGreaterThanOrEqualTo(1);
            TestServer.Answer ordered = send(user, "GET", r.path() + "?orderBy=" + filterColumn.name() + ":desc&per_page=5", null);
            check(r, ordered, 200, "orderBy");
            TestServer.Answer page = send(user, "GET", r.path() + "?limit=1", null);
            check(r, page, 200, "limit=1");
            if (!page.json().get("next_cursor").isNull()) {
                TestServer.Answer next = send(user, "GET", r.path() + "?limit=1&cursor=" + page.json().get("next_cursor").asText(), null);
                check(r, next, 200, "cursor page");
            }
            for (Column c : r.columns()) {
                if (c.role() != ColumnRole.PLAIN || r.key().contains(c) || isForeignKey(r, c) || c.field().list()) {
                    continue;
                }
                Object value = value(r, c, 500 + counter++);
                if (value == null) {
                    continue;
                }
                String body = "{\"" + c.name() + "\":" + TestServer.JSON.writeValueAsString(value) + "}";
                TestServer.Answer patched = send(user, "PATCH", created.path(), body);
                check(r, patched, 200, "PATCH " + body);
                assertSame(r, c, value, patched.json().get(c.name()));
                break;
            }
            relations(r, created);
            Created parent = parents.get(r.name());
            if (parent != null && !parent.path().equals(created.path())) {
                relations(r, parent);
            }
            TestServer.Answer deleted = send(user, "DELETE", created.path(), null);
            check(r, deleted, 204, "DELETE");
            check(r, send(user, "GET", created.path(), null), 404, "GET after DELETE");
        }

        /** On a model with {@code @@fulltext}: a word of the created row's indexed text finds it with {@code q=}. */
        void search(Resource r, Created row) throws Exception {
            var index = dev.plinth.sql.FullTextIndex.of(r.model());
            if (index.isEmpty()) {
                return;
            }
            for (String column : index.get().columns()) {
                JsonNode v = row.row().get(r.stored(column).map(Column::name).orElse(column));
                java.util.regex.Matcher word = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]{2,}").matcher(v == null || v.isNull() ? "" : v.asText());
                if (!word.find()) {
                    continue;
                }
                TestServer.Answer found = send(row.user(), "GET", r.path() + "?q=" + encode(word.group()) + "&per_page=1000", null);
                check(r, found, 200, "q=" + word.group());
                List<JsonNode> rows = new ArrayList<>();
                found.json().get("data").forEach(rows::add);
                assertThat(rows).as(r.name() + " q=" + word.group() + " finds the row").contains(row.row());
                searched++;
                return;
            }
        }

        /**
         * For every relation of the model: the row listed with {@code include=relation}, each embedded row
         * equal to a separate GET of it; for a to-many or many-to-many relation also the nested route,
         * whose rows are the embedded ones.
         */
        void relations(Resource r, Created row) throws Exception {
            String user = row.user();
            StringBuilder keyFilter = new StringBuilder();
            for (Column k : r.key()) {
                JsonNode v = row.row().get(k.name());
                keyFilter.append(keyFilter.isEmpty() ? "" : "&").append(k.name()).append('=')
                        .append(encode(v.isTextual() ? "\"" + v.asText().replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : v.toString()));
            }
            for (Field f : r.model().relationFields()) {
                if (f.ignored()) {
                    continue;
                }
                String relation = r.model().name() + "." + f.name();
                Resource target = catalog.resources().stream()
                        .filter(t -> t.model().name().equals(f.relation().orElseThrow().targetModel())).findFirst().orElse(null);
                if (target == null || target.model().view()) {
                    // Views are not created by migrations (as with Prisma): the real schemas' views do not exist here.
                    continue;
                }
                TestServer.Answer included = send(user, "GET", r.path() + "?" + keyFilter + "&include=" + f.name()
                        + "&include_limit=1000", null);
                check(r, included, 200, "include=" + f.name());
                JsonNode data = included.json().get("data");
                assertThat(data.size()).as(relation + " include finds the row").isEqualTo(1);
                JsonNode embedded = data.get(0).get(f.name());
                assertThat(embedded).as(relation + " embedded").isNotNull();
                List<JsonNode> rows = new ArrayList<>();
                if (f.list()) {
                    assertThat(embedded.isArray()).as(relation + " is an array").isTrue();
                    embedded.forEach(rows::add);
                } else if (!embedded.isNull()) {
                    rows.add(embedded);
                }
                for (JsonNode e : rows) {
                    String path = target.path() + "/" + String.join(",", target.key().stream()
                            .map(k -> encode(e.get(k.name()).isTextual() ? e.get(k.name()).asText() : e.get(k.name()).toString())).toList());
                    TestServer.Answer separate = send(user, "GET", path, null);
                    check(r, separate, 200, relation + " embedded row " + path);
                    assertThat(e).as(relation + " embedded row equals GET " + path).isEqualTo(separate.json());
                }
                if (f.list() && target.addressable()) {
                    TestServer.Answer nested = send(user, "GET", row.path() + "/" + f.name() + "?per_page=1000", null);
                    check(r, nested, 200, "nested route " + row.path() + "/" + f.name());
                    assertThat(nested.json().get("data")).as(relation + " nested route lists the embedded rows").isEqualTo(embedded);
                }
            }
        }

        void check(Resource r, TestServer.Answer a, int status, String what) {
            assertThat(a.status()).as(r.name() + " " + what + " -> " + a).isEqualTo(status);
        }

        /** Creates a row of a resource, parents first; records the values sent. */
        Created create(Resource r, int depth, Map<String, Object> sent) throws Exception {
            if (depth > 6) {
                throw new AssertionError("required relations nest too deeply at " + r.name());
            }
            ObjectNode body = TestServer.JSON.createObjectNode();
            String user = r.owner().map(o -> String.valueOf(value(r, o, counter++))).orElse("real-user");
            // a foreign key must point at a row the caller may read: a row without its own owner is
            // created by the owner of its owner-scoped parent
            String parentOwner = null;
            for (ForeignKey fk : r.outgoing()) {
                List<Column> cols = fk.fromColumns().stream().map(n -> r.stored(n).orElseThrow()).toList();
                boolean required = cols.stream().anyMatch(c -> !c.field().optional() || c.role() == ColumnRole.OWNER);
                if (!required) {
                    continue;
                }
                Resource parent = catalog.resources().stream().filter(p -> p.table().equals(fk.toTable())).findFirst()
                        .orElseThrow(() -> new AssertionError("no resource for " + fk.toTable()));
                boolean oneToOne = cols.stream().anyMatch(c -> c.field().unique())
                        || r.model().uniques().stream().anyMatch(u -> u.columnNames().equals(fk.fromColumns()))
                        || r.key().stream().map(c -> c.field().columnName()).toList().equals(fk.fromColumns());
                Created p = oneToOne || parent == r ? create(parent, depth + 1, new HashMap<>())
                        : parents.containsKey(parent.name()) ? parents.get(parent.name()) : create(parent, depth + 1, new HashMap<>());
                parents.putIfAbsent(parent.name(), p);
                if (parent.owner().isPresent()) {
                    parentOwner = p.user();
                }
                for (int i = 0; i < cols.size(); i++) {
                    JsonNode v = p.row().get(parent.stored(fk.toColumns().get(i)).orElseThrow().name());
                    if (cols.get(i).role() == ColumnRole.OWNER) {
                        user = v.asText();
                    } else {
                        body.set(cols.get(i).name(), v);
                    }
                }
            }
            if (r.owner().isEmpty() && parentOwner != null) {
                user = parentOwner;
            }
            for (Column c : r.columns()) {
                if (body.has(c.name()) || c.role() != ColumnRole.PLAIN || isForeignKey(r, c)) {
                    continue;
                }
                // required fields, keys without a default, and every optional scalar without a default, so
                // each type of the schema travels through the API at least once
                boolean needed = c.requiredOnInsert() || (r.key().contains(c) && c.field().defaultValue().isEmpty())
                        || (c.field().optional() && c.field().defaultValue().isEmpty());
                if (!needed) {
                    continue;
                }
                Object v = r.key().size() == 1 && r.key().contains(c) && c.codec() instanceof ColumnCodec.EnumValue e
                        ? unusedEnumKey(r, e, user) : value(r, c, counter++);
                body.set(c.name(), TestServer.JSON.valueToTree(v));
                sent.put(c.name(), v);
            }
            TestServer.Answer a = send(user, "POST", r.path(), body.toString());
            check(r, a, 201, "POST " + body);
            String location = a.header("Location").orElseThrow(() -> new AssertionError(r.name() + " POST without Location"));
            assertThat(location).startsWith(r.path() + "/");
            return new Created(a.json(), location, user);
        }

        /** An enum key has few values: take one no row has yet. */
        String unusedEnumKey(Resource r, ColumnCodec.EnumValue e, String user) throws Exception {
            for (String v : e.values()) {
                if (send(user, "GET", r.path() + "/" + encode(v) + "?with_deleted=true", null).status() == 404) {
                    return v;
                }
            }
            throw new AssertionError(r.name() + ": every value of its enum key is taken");
        }

        boolean isForeignKey(Resource r, Column c) {
            return r.outgoing().stream().anyMatch(fk -> fk.fromColumns().contains(c.field().columnName()));
        }

        /** A valid, unique value for a column, from its type alone. */
        Object value(Resource r, Column c, int n) {
            Field f = c.field();
            String nativeName = f.nativeType().map(t -> t.name()).orElse("");
            if (f.list()) {
                return List.of();
            }
            return switch (c.codec()) {
                case ColumnCodec.Text t -> switch (nativeName) {
                    case "Uuid" -> UUID.randomUUID().toString();
                    case "Inet" -> "10.0.0." + (n % 250);
                    default -> text(f, "v" + n + "-" + Integer.toString(Math.abs(UUID.randomUUID().hashCode()), 36));
                };
                case ColumnCodec.Whole w -> n + 1;
                case ColumnCodec.Floating fl -> n + 0.5;
                case ColumnCodec.Decimal d -> f.nativeType().filter(t -> t.arguments().size() == 2)
                        .map(t -> new BigDecimal(n + ".25").setScale(Math.min(2, Integer.parseInt(t.arguments().get(1))), java.math.RoundingMode.DOWN))
                        .orElse(new BigDecimal(n + ".25"));
                case ColumnCodec.Bool b -> true;
                case ColumnCodec.DateTime dt -> nativeName.equals("Date") ? "2026-03-04T00:00:00.000Z"
                        : nativeName.startsWith("Time") && !nativeName.startsWith("Timestamp") ? "1970-01-01T10:11:12.000Z"
                        : f.nativeType().filter(t -> !t.arguments().isEmpty() && Integer.parseInt(t.arguments().getFirst()) < 3).isPresent()
                        ? String.format("2026-03-04T05:06:%02d.000Z", n % 60) // @db.Timestamp(0): whole seconds
                        : String.format("2026-03-04T05:06:%02d.789Z", n % 60);
                case ColumnCodec.Json j -> Map.of("n", n);
                case ColumnCodec.Bytes bytes -> java.util.Base64.getEncoder().encodeToString(("b" + n).getBytes(StandardCharsets.UTF_8));
                case ColumnCodec.EnumValue e -> e.values().get(n % e.values().size());
                case ColumnCodec.ListOf l -> List.of();
            };
        }

        static String text(Field f, String text) {
            int max = f.nativeType().filter(t -> (t.name().equals("VarChar") || t.name().equals("Char")) && !t.arguments().isEmpty())
                    .map(t -> Integer.parseInt(t.arguments().getFirst())).orElse(Integer.MAX_VALUE);
            return text.length() > max ? text.substring(text.length() - max) : text;
        }

        void assertSame(Resource r, Column c, Object sent, JsonNode got) {
            String what = r.name() + "." + c.name();
            switch (c.codec()) {
                case ColumnCodec.Decimal d -> assertThat(got.decimalValue()).as(what).isEqualByComparingTo((BigDecimal) sent);
                case ColumnCodec.Json j -> assertThat(got).as(what).isEqualTo(TestServer.JSON.valueToTree(sent));
                case ColumnCodec.Floating fl -> assertThat(got.doubleValue()).as(what).isEqualTo(((Number) sent).doubleValue());
                case ColumnCodec.Whole w -> assertThat(got.longValue()).as(what).isEqualTo(((Number) sent).longValue());
                case ColumnCodec.Bool b -> assertThat(got.booleanValue()).as(what).isEqualTo(sent);
                default -> {
                    if (c.field().nativeType().map(t -> t.name().equals("Char")).orElse(false)) {
                        assertThat(got.asText().strip()).as(what).isEqualTo(sent.toString().strip());
                    } else {
                        assertThat(got.isTextual() ? got.asText() : got.toString()).as(what)
                                .isEqualTo(sent instanceof List<?> ? TestServer.JSON.valueToTree(sent).toString() : sent.toString());
                    }
                }
            }
        }

        static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
