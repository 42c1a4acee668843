package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The typed TypeScript client of the README ("Typed TypeScript client"), made by the ecosystem's own
 * tools from the CRM server's {@code /openapi.json}: {@code openapi-typescript} generates the types,
 * {@code tsc --strict} compiles {@code src/test/typescript/crm-client.ts} (openapi-fetch's
 * {@code createClient<paths>}), and node runs it against a real server: a company and contacts
 * created, a filtered list walked with its cursor, one row read, a PATCH with
 * {@code _expected_updated_at} and the 409 of a stale one. {@code crm-client-wrong.ts} must not compile.
 *
 * <p>The tools are the exact versions of {@code src/test/typescript/package.json} (and its lock),
 * installed once with {@code npm ci} into {@code target/typed-client/}; reruns reuse them. Without node
 * the test is skipped, except under {@code CI=true}, where a missing node or npm fails it.
 */
class TypedClientTest {

    private static final Path SOURCES = Path.of("src/test/typescript");
    private static final Path WORK = Path.of("target/typed-client").toAbsolutePath();
    /** The marker of each line crm-client-wrong.ts expects tsc to reject. */
    private static final String WRONG = "// WRONG";

    /** A finished process: its exit status and its stdout and stderr together. */
    private record Run(int exit, String output) {
    }

    @Test
    void theGeneratedTypesCompileAndRunAClientAndRejectWrongCalls() throws Exception {
        requireNode();
        install();
        for (TestServer.Db db : List.of(TestServer.Db.SQLITE, TestServer.Db.POSTGRESQL)) {
            generateCompileAndRun(db);
        }
    }

    /** The whole round on one database: the types from its server's document, the client run against it. */
    private static void generateCompileAndRun(TestServer.Db db) throws Exception {
        try (TestServer server = TestServer.start(db, Files.readString(Path.of("examples/crm/schema.prisma")))) {
            TestServer.Answer document = server.send("GET", "/openapi.json", null);
            assertThat(document.status()).as(document.toString()).isEqualTo(200);
            Files.writeString(WORK.resolve("openapi.json"), document.body());
            ok(run(Map.of(), bin("openapi-typescript"), "openapi.json", "-o", "schema.d.ts"));
            for (String program : List.of("crm-client.ts", "crm-client-wrong.ts")) {
                Files.copy(SOURCES.resolve(program), WORK.resolve(program), StandardCopyOption.REPLACE_EXISTING);
            }

            ok(tsc("crm-client.ts"));
            Run client = ok(run(Map.of("PLINTH_URL", server.base(), "PLINTH_TOKEN", server.token("alice")),
                    "node", "crm-client.js"));
            JsonNode summary = TestServer.JSON.readTree(client.output());
            assertThat(summary.get("company").asText()).as(db.name()).isEqualTo("Acme");
            assertThat(summary.get("created")).hasSize(4);
            assertThat(summary.get("leads").toString()).isEqualTo("[\"Ada\",\"Linus\"]");
            assertThat(summary.get("pages").asInt()).as("one row a page, then a last page").isBetween(2, 3);
            assertThat(summary.get("read").toString()).isEqualTo("{\"name\":\"Ada\",\"status\":\"lead\",\"score\":10}");
            assertThat(summary.get("patched").toString()).isEqualTo("{\"status\":\"won\",\"score\":99,\"changed\":true}");
            assertThat(summary.get("stale").toString()).isEqualTo("{\"status\":409,\"code\":\"concurrent_update\",\"currentScore\":99}");
            assertThat(server.send("GET", "/api/contacts?name=Ada", null, "Authorization", "Bearer " + server.token("alice"))
                    .json().get("data").get(0).get("score").asInt()).as("the stale PATCH changed nothing").isEqualTo(99);

            Run wrong = tsc("crm-client-wrong.ts");
            assertThat(wrong.exit()).as(wrong.output()).isNotZero();
            List<String> lines = Files.readAllLines(WORK.resolve("crm-client-wrong.ts"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(WRONG)) {
                    assertThat(wrong.output()).as(lines.get(i)).contains("crm-client-wrong.ts(" + (i + 1) + ",");
                }
            }
            assertThat(lines).filteredOn(l -> l.contains(WRONG)).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    /** Skips without node, unless CI=true: there a missing node or npm is a failure, never a skip. */
    private static void requireNode() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean node = works("node", "--version");
        if (!ci) {
            assumeTrue(node, "node is not installed: the typed TypeScript client is not checked (CI=true makes this a failure)");
        }
        assertThat(node).as("node on the PATH").isTrue();
        assertThat(works("npm", "--version")).as("npm on the PATH").isTrue();
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** npm ci of the pinned tools, only when target/typed-client lacks them or the lock changed. */
    private static void install() throws Exception {
        Files.createDirectories(WORK);
        Path lock = SOURCES.resolve("package-lock.json");
        boolean current = Files.exists(WORK.resolve("node_modules/.package-lock.json"))
                && Files.exists(WORK.resolve("package-lock.json"))
                && Files.mismatch(lock, WORK.resolve("package-lock.json")) == -1
                && Files.mismatch(SOURCES.resolve("package.json"), WORK.resolve("package.json")) == -1;
        if (current) {
            return;
        }
        Files.copy(SOURCES.resolve("package.json"), WORK.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(lock, WORK.resolve("package-lock.json"), StandardCopyOption.REPLACE_EXISTING);
        ok(run(Map.of(), "npm", "ci", "--no-audit", "--no-fund", "--prefix", WORK.toString()));
    }

    private static Run tsc(String program) throws Exception {
        return run(Map.of(), bin("tsc"), "--strict", "--target", "es2022", "--module", "nodenext",
                "--noEmitOnError", "--pretty", "false", program);
    }

    private static String bin(String tool) {
        return WORK.resolve("node_modules/.bin").resolve(tool).toString();
    }

    private static Run ok(Run run) {
        assertThat(run.exit()).as(run.output()).isZero();
        return run;
    }

    /** Runs a command in target/typed-client, bounded by five minutes (npm ci on a cold cache included). */
    private static Run run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("typed-client", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", command) + "\n" + Files.readString(out));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
