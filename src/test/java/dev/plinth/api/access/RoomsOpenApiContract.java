package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.access.RulesServer.Answer;
import dev.plinth.api.access.RulesServer.Who;
import dev.plinth.openapi.OpenApiValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document of a schema with access rules (examples/rooms): an {@code @omit} field is
 * written but never read, a masked or rule-hidden field is not required, and the answers of callers
 * with different roles validate against the document (docs/api.md, "OpenAPI").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RoomsOpenApiContract {

    private RulesServer server;
    private JsonNode document;

    abstract RulesServer.Db db();

    private static Who who(String role, int org) {
        return new Who(role.charAt(0) + "" + org, Map.of("org_id", org, "role", role));
    }

    @BeforeAll
    void start() throws Exception {
        server = RulesServer.start(db(), Files.readString(Path.of("examples/rooms/schema.prisma")), ClaimNames.DEFAULT);
        server.execute("INSERT INTO \"Organization\" (name) VALUES ('Acme')");
        Answer doc = server.send(Who.ANONYMOUS, "GET", "/openapi.json", null);
        assertThat(doc.status()).as(doc.toString()).isEqualTo(200);
        document = doc.json();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersOfEveryRoleMatchTheDocument() throws Exception {
        assertThat(OpenApiValidator.documentErrors(document)).isEmpty();
        assertThat(document.at("/components/schemas/Member/properties").has("password_hash")).isFalse();
        assertThat(document.at("/components/schemas/MemberCreate/properties/password_hash/writeOnly").asBoolean()).isTrue();
        List<String> required = new ArrayList<>();
        document.at("/components/schemas/Member/required").forEach(n -> required.add(n.asText()));
        assertThat(required).contains("name").doesNotContain("email", "salary");
        List<String> failures = new ArrayList<>();
        Answer created = server.send(who("owner", 1), "POST", "/api/members",
                "{\"account_id\":\"m1\",\"name\":\"Mia\",\"email\":\"mia@acme.test\",\"role\":\"member\",\"salary\":1000,"
                        + "\"password_hash\":\"secret\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        failures.addAll(errors("/api/members", "post", "201", created.json()));
        for (String role : List.of("owner", "admin", "member")) {
            Answer list = server.send(who(role, 1), "GET", "/api/members", null);
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            failures.addAll(errors("/api/members", "get", "200", list.json()));
        }
        Answer forbidden = server.send(who("member", 1), "POST", "/api/rooms", "{\"name\":\"R\",\"capacity\":2,\"code\":\"C\"}");
        assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);
        failures.addAll(OpenApiValidator.valueErrors(document, "#/components/schemas/Problem", forbidden.json()));
        assertThat(failures).isEmpty();
    }

    private List<String> errors(String path, String method, String status, JsonNode body) {
        return OpenApiValidator.valueErrors(document, "#/paths/" + path.replace("/", "~1") + "/" + method + "/responses/"
                + status + "/content/application~1json/schema", body);
    }
}
