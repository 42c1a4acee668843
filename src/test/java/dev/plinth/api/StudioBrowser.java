package dev.plinth.api;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium for the Studio's browser tests, driven through Debian's chromedriver (named
 * explicitly, so Selenium Manager never downloads a driver or a browser). Without them the caller's test
 * is skipped, except under {@code CI=true}, where it fails. Elements are found by their
 * {@code data-test} attribute; waits are bounded by {@link #RENDER}, a generous limit, never a measured time.
 */
final class StudioBrowser implements AutoCloseable {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    /** A generous bound for the page to render what it was asked to; never a measured time. */
    static final Duration RENDER = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;

    private StudioBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts the browser at 1280×800, or skips the calling test when Chromium is missing (fails under CI).
     *
     * @return the browser; close it after the tests
     * @throws IOException when the profile directory cannot be made
     */
    static StudioBrowser start() throws IOException {
        boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("CI needs Debian's chromium and chromium-driver (.ci/run installs them)").isTrue();
        }
        assumeTrue(present, "no /usr/bin/chromium or /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        Path profile = Files.createTempDirectory("plinth-studio-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,800", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        return new StudioBrowser(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens the Studio signed in with {@code token} (a {@code #token=} link) at {@code route} (e.g. {@code #/models/Contact}). */
    void open(TestServer server, String token, String route) {
        driver.get(server.base() + "/studio#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        await(d -> !d.getCurrentUrl().contains("token="));
        if (!route.isEmpty() && !route.equals("#/")) {
            driver.get(server.base() + "/studio" + route);
        }
    }

    /** The first element with {@code data-test="name"}, waiting for it. */
    WebElement find(String name) {
        return await(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("[data-test='" + name + "']"));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Every element with {@code data-test="name"} now (no wait). */
    List<WebElement> all(String name) {
        return driver.findElements(By.cssSelector("[data-test='" + name + "']"));
    }

    /** Waits until {@code condition} gives a value other than null or false. */
    <T> T await(Function<org.openqa.selenium.WebDriver, T> condition) {
        long deadline = System.nanoTime() + RENDER.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = condition.apply(driver);
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                // the view re-rendered between finding and reading: ask again
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the Studio", e);
            }
        }
        String page = driver.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst().orElse("");
        throw new AssertionError("the Studio did not render what the test waited for within " + RENDER
                + " (at " + driver.getCurrentUrl() + "); console errors: " + consoleErrors() + "; page text: "
                + page.substring(0, Math.min(page.length(), 2000)), last);
    }

    /** Sets the window to a phone's width (390×844) or back to 1280×800. */
    void phone(boolean on) {
        driver.manage().window().setSize(on ? new Dimension(390, 844) : new Dimension(1280, 800));
    }

    /**
     * The console's errors since the last call (and forgets them).
     *
     * @return the SEVERE entries' messages
     */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** Saves a screenshot as {@code <plinth.screenshot or target>/<name>.png}; {@code -Dplinth.screenshot=docs} refreshes the docs' ones. */
    void screenshot(String name) throws IOException {
        Path shot = Path.of(System.getProperty("plinth.screenshot", "target"), name + ".png");
        Files.createDirectories(shot.toAbsolutePath().getParent());
        Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
