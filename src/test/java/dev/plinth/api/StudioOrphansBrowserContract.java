package dev.plinth.api;

import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.TokenIssuer;
import dev.plinth.auth.TokenVerifier;
import dev.plinth.migrate.DestructiveChanges;
import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Studio's orphaned tables in real headless Chromium (docs/studio.md, "Schema, migrations and orphaned
 * tables"): a server restarted with --hold-destructive on a schema without the model Memo keeps its table; an
 * admin sees it listed with its row count, opens its rows read-only, and drops it only after typing its name,
 * after which the API lists it no more; a member is shown the server's 403 and no table. Run on SQLite and
 * PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StudioOrphansBrowserContract {

    private static final String V1 = """
            model Note {
              id   Int    @id @default(autoincrement())
              text String
            }

            model Memo {
              id    Int    @id @default(autoincrement())
              title String
            }
            """;
    private static final String V2 = """
            model Note {
              id   Int    @id @default(autoincrement())
              text String
            }
            """;

    private final TokenIssuer issuer = new TokenIssuer(TestServer.SECRET.getBytes(StandardCharsets.UTF_8));
    private final HttpClient http = HttpClient.newHttpClient();
    private PostgresTestDatabase pg;
    private ServedApi served;
    private StudioBrowser browser;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        browser = StudioBrowser.start();
        DatabaseTarget target;
        if (db() == TestServer.Db.POSTGRESQL) {
            pg = PostgresTestDatabase.create();
            target = DatabaseTarget.parse(pg.url(), Path.of("."));
        } else {
            Path dir = Files.createTempDirectory("plinth-studio-orphans");
            target = DatabaseTarget.parse("file:" + dir.resolve("orphans.db"), dir);
        }
        served = serve(target, V1, DestructiveChanges.REFUSE);
        for (String title : new String[] {"first", "second", "third"}) {
            assertThat(send("POST", "/api/memos", admin(), "{\"title\":\"" + title + "\"}").status()).isEqualTo(201);
        }
        served.close();
        served = serve(target, V2, DestructiveChanges.HOLD);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (served != null) {
            served.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static ServedApi serve(DatabaseTarget target, String schema, DestructiveChanges mode) throws Exception {
        Authenticator authenticator = new Authenticator(Optional.of(TokenVerifier.create(
                AuthConfig.from(Map.of(AuthConfig.SECRET_VARIABLE, TestServer.SECRET), null, null, false))), false);
        return ServedApi.start(TestServer.schema(schema), dev.plinth.schema.policy.SchemaPolicy.NONE,
                dev.plinth.api.access.ClaimNames.DEFAULT, target, new StartMigration(mode, "admin",
                        dev.plinth.migrate.MigrationOptions.DEFAULT, dev.plinth.migrate.MigrationListener.NONE), authenticator,
                new ApiSettings("127.0.0.1", 0, ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.empty(), java.util.OptionalInt.of(2)),
                java.util.function.UnaryOperator.identity());
    }

    private String admin() {
        return issuer.issue("root", Map.of("role", "admin"), Duration.ofHours(1));
    }

    private String member() {
        return issuer.issue("mo", Map.of("role", "member"), Duration.ofHours(1));
    }

    private TestServer.Answer send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(served.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new TestServer.Answer(r.statusCode(), r.headers().map(), r.body());
    }

    private void open(String token, String route) {
        browser.driver().get(served.baseUrl() + "/studio#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        browser.await(d -> !d.getCurrentUrl().contains("token="));
        browser.driver().get(served.baseUrl() + "/studio" + route);
    }

    @Test
    void aMemberIsToldOrphanedTablesAreForAdmins() {
        open(member(), "#/orphans");
        assertThat(browser.find("error").getText()).contains("You may not").contains("admin");
        assertThat(browser.all("orphan")).isEmpty();
        assertThat(StudioRowBrowserContract.scriptErrors(browser)).as("browser console errors").isEmpty();
    }

    @Test
    void anAdminListsOpensAndDropsAnOrphanedTableAfterTypingItsName() throws Exception {
        open(admin(), "#/orphans");
        assertThat(browser.find("orphan").getText()).contains("Memo").contains("3").contains("title");
        browser.find("orphan-Memo").click();
        browser.await(d -> browser.all("orphan-row").size() == 3);
        assertThat(browser.find("orphan-rows").getText()).contains("first").contains("third");

        browser.find("drop").click();
        browser.find("confirm-table").sendKeys("Mem");
        assertThat(browser.find("confirm-drop-yes").isEnabled()).as("only the exact name").isFalse();
        browser.find("confirm-table").sendKeys("o");
        browser.await(d -> browser.find("confirm-drop-yes").isEnabled());
        browser.find("confirm-drop-yes").click();

        browser.await(d -> d.getCurrentUrl().endsWith("#/orphans") && !browser.all("no-orphans").isEmpty());
        TestServer.Answer list = send("GET", "/api/_orphaned", admin(), null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("data")).isEmpty();
        assertThat(StudioRowBrowserContract.scriptErrors(browser)).as("browser console errors").isEmpty();
    }
}
