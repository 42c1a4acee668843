package dev.plinth.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Studio's schema view in real headless Chromium (docs/studio.md, "Schema, migrations and orphaned
 * tables"), on the CRM example: the schema text as the server read it, with line numbers, and the migration
 * history newest first, each step's SQL opening under it; the same text and SQL as GET /studio/api/schema
 * answers. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StudioSchemaBrowserContract {

    private TestServer server;
    private StudioBrowser browser;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        browser = StudioBrowser.start();
        server = TestServer.start(db(), Files.readString(Path.of("examples/crm/schema.prisma")));
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
    void theSchemaTextAndAMigrationWithItsSqlAreShown() throws Exception {
        TestServer.Answer api = server.as("alice", "GET", "/studio/api/schema", null);
        assertThat(api.status()).as(api.toString()).isEqualTo(200);
        browser.open(server, server.token("alice"), "#/schema");

        WebElement text = browser.find("schema-text");
        assertThat(text.getText()).contains("model Contact {").contains("@@fulltext([name, email])");
        List<WebElement> lines = text.findElements(By.tagName("li"));
        assertThat(lines).hasSize(api.json().get("text").asText().replaceAll("\n$", "").split("\n", -1).length);

        List<WebElement> migrations = browser.all("migration");
        assertThat(migrations).hasSize(api.json().get("migrations").size()).isNotEmpty();
        WebElement newest = migrations.get(0);
        assertThat(newest.findElement(By.cssSelector("[data-test='migration-sql']")).isDisplayed()).as("closed at first").isFalse();
        newest.findElement(By.cssSelector("[data-test='migration-summary']")).click();
        WebElement sql = browser.await(d -> {
            WebElement s = newest.findElement(By.cssSelector("[data-test='migration-sql']"));
            return s.isDisplayed() ? s : null;
        });
        assertThat(sql.getText()).containsIgnoringCase("CREATE");

        browser.phone(true);
        try {
            Long overflow = (Long) browser.driver().executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("long lines scroll in their box, not the page, at 390 px").isLessThanOrEqualTo(0L);
        } finally {
            browser.phone(false);
        }
        assertThat(StudioRowBrowserContract.scriptErrors(browser)).as("browser console errors").isEmpty();
    }
}
