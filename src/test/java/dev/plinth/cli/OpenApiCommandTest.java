package dev.plinth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.api.ServedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth openapi} and {@code plinth serve --openapi-token} (docs/api.md, "OpenAPI"). */
class OpenApiCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PlinthCommand.commandLine(Map.of(), System.out, System.err).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsTheDocumentTheServerServes(@TempDir Path dir) throws Exception {
        Run printed = run("openapi", "examples/crm/schema.prisma");
        assertThat(printed.exitCode()).as(printed.err()).isZero();
        JsonNode document = JSON.readTree(printed.out());
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.at("/paths/~1api~1companies/get/security/0").has("bearerAuth")).isTrue();
        Run open = run("openapi", "--no-tokens", "examples/crm/schema.prisma");
        assertThat(JSON.readTree(open.out()).at("/paths/~1api~1companies/get/security").isEmpty()).isTrue();
        // the same schema served with a token key: /openapi.json is the same document
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        ServeCommand serve = new ServeCommand(Map.of("PLINTH_JWT_SECRET", "openapi-test-secret-0123456789abcdef"),
                new PrintStream(banner, true, StandardCharsets.UTF_8), new PrintStream(banner, true, StandardCharsets.UTF_8));
        new CommandLine(serve).parseArgs("examples/crm/schema.prisma", "--port", "0", "--host", "127.0.0.1",
                "--database-url", "file:" + dir.resolve("crm.db"));
        try (ServedApi api = serve.open().orElseThrow()) {
            HttpResponse<String> served = get(api, null);
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(JSON.readTree(served.body())).isEqualTo(document);
        }
    }

    @Test
    void aSchemaWithErrorsPrintsItsDiagnostics(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, "model A {\n  id Intt @id\n}\n");
        Run run = run("openapi", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Intt");
    }

    @Test
    void openApiTokenRequiresThatBearer(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        ServeCommand serve = new ServeCommand(Map.of(), new PrintStream(banner, true, StandardCharsets.UTF_8),
                new PrintStream(banner, true, StandardCharsets.UTF_8));
        new CommandLine(serve).parseArgs("examples/crm/schema.prisma", "--port", "0", "--host", "127.0.0.1",
                "--database-url", "file:" + dir.resolve("crm.db"), "--openapi-token", "docs-token-1");
        try (ServedApi api = serve.open().orElseThrow()) {
            HttpResponse<String> none = get(api, null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(none.body()).get("code").asText()).isEqualTo("unauthenticated");
            assertThat(get(api, "docs-token-2").statusCode()).isEqualTo(401);
            HttpResponse<String> ok = get(api, "docs-token-1");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body()).get("openapi").asText()).isEqualTo("3.1.0");
        }
    }

    private static HttpResponse<String> get(ServedApi api, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/openapi.json"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
