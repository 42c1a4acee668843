package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table view under access rules, on the rooms example (docs/studio.md, "Models and the table view"):
 * a bulk delete sends one DELETE per row under the caller's own token, so a member whom the rules do not
 * let delete rooms sees each row's 403 listed and the rows stay (checked through the API), while an admin's
 * bulk delete of the same rows goes through; a caller who may not read a model sees "—" for its count, with
 * the server's reason, and the refusal in its table's place. Run on SQLite and PostgreSQL by the two subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StudioTableRulesBrowserContract {

    private TestServer rooms;
    private TestServer tenants;
    private StudioBrowser browser;
    private String admin;
    private String member;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        browser = StudioBrowser.start();
        rooms = TestServer.startWithRules(db(), Files.readString(Path.of("examples/rooms/schema.prisma")));
        try (Connection c = rooms.connect(); Statement s = c.createStatement()) {
            // no rule lets a caller create an organization: it is the tenant, made by whoever runs the server
            s.execute("INSERT INTO \"Organization\" (name) VALUES ('Acme')");
        }
        admin = rooms.token("ann", Map.of("org_id", 1, "role", "admin"));
        member = rooms.token("mo", Map.of("org_id", 1, "role", "member"));
        TestServer.Answer created = rooms.send("POST", "/api/rooms",
                "[{\"name\":\"Blue\",\"capacity\":4,\"code\":\"B1\"},{\"name\":\"Red\",\"capacity\":8,\"code\":\"R1\"}]",
                "Authorization", "Bearer " + admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        // organization_id on a table without rules: a token without org_id may not read it (docs/access-rules.md)
        tenants = TestServer.start(db(), """
                datasource db {
                  provider = "sqlite"
                  url      = "file:./t.db"
                }
                model Note {
                  id              Int    @id @default(autoincrement())
                  organization_id Int
                  title           String
                }
                model Tag {
                  id   Int    @id @default(autoincrement())
                  name String
                }
                """);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (rooms != null) {
            rooms.close();
        }
        if (tenants != null) {
            tenants.close();
        }
    }

    private JsonNode roomsAs(String token) throws Exception {
        return rooms.send("GET", "/api/rooms?orderBy=id", null, "Authorization", "Bearer " + token).json().path("data");
    }

    private void deletePage(String token) {
        browser.open(rooms, token, "#/");
        browser.driver().get(rooms.base() + "/studio#/models/Room");
        browser.await(d -> browser.all("row-link").size() == 2);
        browser.find("select-page").click();
        browser.find("delete-selected").click();
        assertThat(browser.find("confirm").getText()).contains("Delete 2 rows of Room?");
        browser.find("confirm-delete").click();
    }

    @Test
    void aModelTheCallerMayNotReadCountsAsADashWithTheReasonAndItsTableShowsTheProblem() {
        browser.open(tenants, tenants.token("drifter"), "#/");
        WebElement count = browser.await(d -> {
            WebElement c = browser.find("count-Note");
            return c.getText().equals("—") ? c : null;
        });
        assertThat(count.getAttribute("title")).startsWith("403");
        browser.await(d -> browser.find("count-Tag").getText().equals("0"));
        browser.find("model-Note").click();
        assertThat(browser.find("table-error").getText()).startsWith("403");
        assertThat(browser.find("table-error").getAttribute("role")).isEqualTo("alert");
        assertThat(browser.consoleErrors()).as("only the server's 403 answers").allMatch(e -> e.contains("403"));
    }

    @Test
    void aMembersBulkDeleteListsEachRefusalAndAnAdminsGoesThrough() throws Exception {
        deletePage(member);
        WebElement failures = browser.find("bulk-failures");
        assertThat(failures.getText()).contains("2 could not be deleted").contains("Room 1: 403").contains("Room 2: 403");
        assertThat(browser.find("bulk-result").getText()).isEqualTo("Deleted 0 of 2 rows.");
        assertThat(roomsAs(admin)).hasSize(2);
        assertThat(browser.all("row-link")).hasSize(2);
        assertThat(browser.consoleErrors()).as("only the server's 403 answers").allMatch(e -> e.contains("403"));

        deletePage(admin);
        browser.await(d -> browser.find("bulk-result").getText().equals("Deleted 2 of 2 rows."));
        assertThat(browser.all("bulk-failures")).isEmpty();
        assertThat(roomsAs(admin)).isEmpty();
        browser.await(d -> browser.all("row-link").isEmpty());
        assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
    }
}
