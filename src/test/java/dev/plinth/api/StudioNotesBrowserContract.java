package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Studio on the notes example (every Prisma scalar type, uuid() keys, an enum with {@code @map}ped
 * values, no owner column): a note written through the API is found in the table, opened by its uuid
 * link, edited in the form and saved; the API answers the new values and the untouched ones unchanged;
 * a note made with the form's New gets the schema's defaults. Run on SQLite and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StudioNotesBrowserContract {

    private TestServer server;
    private StudioBrowser browser;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        browser = StudioBrowser.start();
        server = TestServer.start(db(), Files.readString(Path.of("examples/notes/schema.prisma")));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNoteOpenedFromTheTableByItsUuidIsEditedAndSavedWithEveryOtherValueKept() throws Exception {
        TestServer.Answer created = server.as("alice", "POST", "/api/notes", """
                {"title":"Groceries","views":3,"rating":4.5,"big":"9007199254740993","price":"12.50",
                 "due":"2026-12-24T18:00:00.000Z","meta":{"tags":["home"]},"blob":"aGVsbG8=","priority":"low"}""",
                "Prefer", "plinth-numbers=string");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode before = created.json();
        String id = before.get("id").asText();

        browser.open(server, server.token("alice"), "#/models/Note");
        browser.await(d -> browser.all("row-link").stream().anyMatch(a -> a.getText().equals(id)));
        browser.all("row-link").stream().filter(a -> a.getText().equals(id)).findFirst().orElseThrow().click();
        browser.await(d -> d.getCurrentUrl().endsWith("/rows/" + id));
        browser.await(d -> "Groceries".equals(browser.find("input-title").getDomProperty("value")));
        WebElement title = browser.find("input-title");
        title.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        title.sendKeys("Groceries and flowers");
        // the enum's values are its @map names, as the API writes them
        browser.find("input-priority").findElement(By.cssSelector("option[value='high']")).click();
        browser.find("save").click();
        browser.await(d -> browser.all("notice").stream().anyMatch(n -> n.getText().contains("Saved")));

        JsonNode after = server.as("alice", "GET", "/api/notes/" + id, null, "Prefer", "plinth-numbers=string").json();
        assertThat(after.get("title").asText()).isEqualTo("Groceries and flowers");
        assertThat(after.get("priority").asText()).isEqualTo("high");
        for (String unchanged : new String[]{"views", "rating", "big", "due", "meta", "blob", "pinned"}) {
            assertThat(after.get(unchanged)).as(unchanged).isEqualTo(before.get(unchanged));
        }
        assertThat(after.get("price").decimalValue()).isEqualByComparingTo(before.get("price").decimalValue());
        assertThat(StudioRowBrowserContract.scriptErrors(browser)).as("browser console errors").isEmpty();
    }

    @Test
    void aNoteMadeWithTheFormGetsTheSchemasDefaults() throws Exception {
        browser.open(server, server.token("alice"), "#/models/Note");
        browser.find("new-row").click();
        browser.await(d -> d.getCurrentUrl().endsWith("/models/Note/new"));
        browser.find("input-title").sendKeys("From the Studio");
        browser.find("save").click();
        String id = browser.await(d -> {
            String url = d.getCurrentUrl();
            return url.contains("/rows/") ? url.substring(url.lastIndexOf('/') + 1) : null;
        });
        JsonNode note = server.as("alice", "GET", "/api/notes/" + id, null).json();
        assertThat(note.get("title").asText()).isEqualTo("From the Studio");
        assertThat(note.get("priority").asText()).as("@default(NORMAL), @map(\"normal\")").isEqualTo("normal");
        assertThat(note.get("pinned").asBoolean()).isFalse();
        assertThat(note.get("views").asInt()).isZero();
        assertThat(StudioRowBrowserContract.scriptErrors(browser)).as("browser console errors").isEmpty();
    }
}
