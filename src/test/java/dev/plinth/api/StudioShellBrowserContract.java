package dev.plinth.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Studio's shell in real headless Chromium (docs/studio.md): a {@code #token=} link signs in and the
 * token leaves the address bar at once; every served model is listed; the console shows no error.
 * Run on SQLite and PostgreSQL by the two subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StudioShellBrowserContract {

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
    void aTokenLinkSignsInListsTheModelsAndLeavesNoTokenInTheAddress() {
        browser.open(server, server.token("alice"), "#/");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("token=");
        assertThat(browser.find("model-Contact").getText()).contains("Contact");
        assertThat(browser.find("model-Company").getText()).contains("Company");
        assertThat(browser.find("principal").getText()).contains("alice");
        assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
    }
}
