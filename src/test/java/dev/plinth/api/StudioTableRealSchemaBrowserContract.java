package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SharedMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table view on a large real-world schema (amplication, 40 models, from {@code ../shared/schemas/real/}):
 * every model's table opens from the sidebar with its default query (keyset page, labels), its columns and
 * its filter bar, and answers rows or the server's refusal in a problem box, never a blank screen or a
 * console error. Run on SQLite and PostgreSQL by the two subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StudioTableRealSchemaBrowserContract {

    private TestServer server;
    private StudioBrowser browser;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        browser = StudioBrowser.start();
        var schema = SchemaLoader.load(SharedMaterial.root().resolve("schemas/real/amplication.prisma")).schema().orElseThrow();
        server = TestServer.start(db(), schema, true, false, ApiSettings.DEFAULT_MAX_BODY_BYTES);
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
    void everyModelsTableOpensWithItsColumnsAndFilterBar() throws Exception {
        List<String> models = new ArrayList<>();
        for (JsonNode schema : server.send("GET", "/openapi.json", null).json().path("components").path("schemas")) {
            if (schema.has("x-plinth") && !schema.path("x-plinth").path("path").isNull()) {
                models.add(schema.path("x-plinth").path("model").asText());
            }
        }
        assertThat(models).hasSizeGreaterThanOrEqualTo(30);
        browser.open(server, server.token("real-user"), "#/");
        List<String> failures = new ArrayList<>();
        for (String model : models) {
            browser.driver().executeScript("window.__plinthRender = null");
            browser.find("model-" + model).click();
            String outcome = browser.await(d -> {
                if (browser.driver().executeScript("return window.__plinthRender") != null) {
                    return "rows";
                }
                return browser.all("table-error").isEmpty() ? null : browser.all("table-error").get(0).getText();
            });
            if (!outcome.equals("rows") && !outcome.startsWith("403")) {
                failures.add(model + ": " + outcome);
            }
            if (browser.all("filter-bar").isEmpty() || browser.driver().findElements(org.openqa.selenium.By.cssSelector("table.rows th")).size() < 2) {
                failures.add(model + ": no columns or filter bar");
            }
        }
        assertThat(failures).as("models whose table did not open").isEmpty();
        assertThat(browser.consoleErrors()).as("browser console errors (a 403 is the server's answer)").allMatch(e -> e.contains("403"));
    }
}
