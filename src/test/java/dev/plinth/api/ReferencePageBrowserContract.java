package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code GET /docs} in real headless Chromium (docs/api.md, "API reference page"): Debian's
 * {@code chromium} driven through its {@code chromedriver} (named explicitly, so Selenium Manager never
 * downloads a driver or a browser). The page loads with no console error, lists every operation of
 * the CRM's OpenAPI document under its model's tag, and "Try it out" on {@code GET /api/companies} with
 * a token typed into "Authorize" renders the server's 200. Leaves a screenshot in target/api-reference.png
 * ({@code -Dplinth.screenshot=docs} writes docs/api-reference.png, the one the docs show).
 * Without the browser the test is skipped, except under {@code CI=true}, where it fails. Run on SQLite
 * and PostgreSQL by the two subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReferencePageBrowserContract {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    /** A generous bound for the page to render what it was asked to; never a measured time. */
    private static final Duration RENDER = Duration.ofSeconds(60);

    private TestServer server;
    private ChromeDriver browser;

    abstract TestServer.Db db();
    private Path profile;

    @BeforeAll
    void start() throws Exception {
        boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("CI needs Debian's chromium and chromium-driver (.ci/run installs them)").isTrue();
        }
        assumeTrue(present, "no /usr/bin/chromium or /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        server = TestServer.start(db(), Files.readString(Path.of("examples/crm/schema.prisma")));
        TestServer.Answer created = server.as("alice", "POST", "/api/companies", "{\"name\":\"Reference Page Co\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        profile = Files.createTempDirectory("plinth-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1800", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(RENDER);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void thePageListsEveryOperationAndTryItOutSucceedsWithAToken() throws Exception {
        JsonNode document = server.send("GET", "/openapi.json", null).json();
        Map<String, Integer> operationsByTag = operationsByTag(document);
        assertThat(operationsByTag).containsKeys("companies", "contacts", "batch");

        browser.get(server.base() + "/docs");
        // every tag section renders, holding as many operations as the document gives that tag
        for (Map.Entry<String, Integer> tag : operationsByTag.entrySet()) {
            WebElement section = browser.findElement(By.cssSelector("h3.opblock-tag[data-tag='" + tag.getKey() + "']"));
            WebElement wrapper = section.findElement(By.xpath("./.."));
            assertThat(wrapper.findElements(By.cssSelector(".opblock")).size()).as("operations of " + tag.getKey())
                    .isEqualTo(tag.getValue());
        }
        assertThat(browser.findElements(By.cssSelector(".opblock")).size())
                .isEqualTo(operationsByTag.values().stream().mapToInt(Integer::intValue).sum());

        // Authorize: the bearer token goes into the dialog, then every "Try it out" call carries it
        browser.findElement(By.cssSelector(".auth-wrapper .btn.authorize")).click();
        browser.findElement(By.cssSelector(".modal-ux .auth-container input")).sendKeys(server.token("alice"));
        browser.findElement(By.cssSelector(".modal-ux .auth-btn-wrapper .btn.modal-btn.auth.authorize")).click();
        browser.findElement(By.cssSelector(".modal-ux .btn-done")).click();

        String listId = operationId(document, "/api/companies", "get");
        WebElement list = browser.findElement(By.id("operations-companies-" + listId));
        list.findElement(By.cssSelector(".opblock-summary-control")).click();
        list.findElement(By.cssSelector(".try-out__btn")).click();
        list.findElement(By.cssSelector(".btn.execute")).click();
        WebElement status = list.findElement(By.cssSelector(".live-responses-table .response .response-col_status"));
        assertThat(status.getText().trim()).isEqualTo("200");
        assertThat(list.findElement(By.cssSelector(".live-responses-table tr.response .response-col_description")).getText())
                .contains("Reference Page Co");
        // the request the page sent is shown as curl: it carried the token typed into "Authorize"
        assertThat(list.findElement(By.cssSelector(".curl-command")).getText()).contains("Authorization: Bearer ");

        // the screenshot shows the rendered answer; -Dplinth.screenshot=docs refreshes the one kept in docs/
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", status);
        Path shot = Path.of(System.getProperty("plinth.screenshot", "target"), "api-reference.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));

        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        assertThat(errors).as("browser console errors").isEmpty();
    }

    @Test
    void withAnOpenApiTokenThePageAsksForItOnceAndLoadsTheDocument() throws Exception {
        String secret = "docs-secret-0123456789";
        try (TestServer guarded = TestServer.start(db(), Files.readString(Path.of("examples/crm/schema.prisma")),
                s -> new ApiSettings(s.host(), s.port(), s.maxBodyBytes(), s.cursorSecret(), s.poolSize(), Optional.of(secret)))) {
            assertThat(guarded.send("GET", "/openapi.json", null).status()).isEqualTo(401);
            browser.get(guarded.base() + "/docs");
            Alert prompt = awaitPrompt();
            assertThat(prompt.getText()).contains("--openapi-token");
            prompt.sendKeys(secret);
            prompt.accept();
            assertThat(browser.findElements(By.cssSelector("h3.opblock-tag[data-tag='companies']"))).isNotEmpty();
            // the tab keeps the token: a reload renders the document without asking again
            browser.navigate().refresh();
            assertThat(browser.findElement(By.cssSelector("h3.opblock-tag[data-tag='contacts']")).isDisplayed()).isTrue();
        } finally {
            // the page's first, tokenless fetch of the document is a 401, which Chromium logs as an error
            browser.manage().logs().get(LogType.BROWSER);
        }
    }

    /** Waits (at most {@link #RENDER}) for the page's prompt. */
    private Alert awaitPrompt() throws InterruptedException {
        long deadline = System.nanoTime() + RENDER.toNanos();
        while (true) {
            try {
                return browser.switchTo().alert();
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the page did not ask for the OpenAPI token", e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** How many operations the document puts under each tag. */
    private static Map<String, Integer> operationsByTag(JsonNode document) {
        Map<String, Integer> byTag = new TreeMap<>();
        for (JsonNode path : document.get("paths")) {
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                for (JsonNode tag : op.getValue().path("tags")) {
                    byTag.merge(tag.asText(), 1, Integer::sum);
                }
            }
        }
        return byTag;
    }

    private static String operationId(JsonNode document, String path, String method) {
        return document.get("paths").get(path).get(method).get("operationId").asText();
    }
}
