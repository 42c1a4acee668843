package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Studio's row view in real headless Chromium (docs/studio.md, "Rows: view, edit, create, delete"), on
 * the CRM example: an edit saved in the browser is what the API then answers; a stale edit gets the
 * "changed since you opened it" view with both versions; a create with a bad value shows the server's 422
 * on its field and creates nothing; a soft delete and its restore; and on the rooms example, a member whose
 * delete the access rules refuse sees the refusal and no working delete, the row untouched. Every outcome is
 * checked through the API, and the console shows no error. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StudioRowBrowserContract {

    private TestServer crm;
    private TestServer rooms;
    private StudioBrowser browser;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        browser = StudioBrowser.start();
        // with the schema's rules: @gte/@lte and @email are what the create's 422 is about
        crm = TestServer.startWithRules(db(), Files.readString(Path.of("examples/crm/schema.prisma")));
        rooms = TestServer.startWithRules(db(), Files.readString(Path.of("examples/rooms/schema.prisma")));
        try (Connection c = rooms.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"Organization\" (name) VALUES ('Acme')");
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (crm != null) {
            crm.close();
        }
        if (rooms != null) {
            rooms.close();
        }
    }

    @AfterEach
    void noConsoleErrors() {
        assertThat(scriptErrors(browser)).as("browser console errors").isEmpty();
    }

    /**
     * The console's errors, less Chromium's own line for each 4xx answer of the API ("Failed to load resource:
     * the server responded with a status of 422"): these tests provoke those answers on purpose and assert
     * what the view makes of them. Any other error, a script's above all, stays.
     */
    static List<String> scriptErrors(StudioBrowser browser) {
        return browser.consoleErrors().stream()
                .filter(m -> !EXPECTED_ANSWER.matcher(m).find())
                .toList();
    }

    private static final Pattern EXPECTED_ANSWER = Pattern.compile(
            "^\\S+/(?:studio/)?api/\\S* - Failed to load resource: the server responded with a status of 4\\d\\d\\b");

    private long contact(String user, String name, String email) throws Exception {
        TestServer.Answer a = crm.as(user, "POST", "/api/contacts",
                "{\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"score\":10}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("id").asLong();
    }

    private JsonNode get(String user, String path) throws Exception {
        TestServer.Answer a = crm.as(user, "GET", path, null);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json();
    }

    /** Replaces an input's text, as a person selecting it all and typing would. */
    private void type(String field, String text) {
        WebElement input = browser.find("input-" + field);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.clear();
        input.sendKeys(text);
    }

    private void openRow(TestServer server, String token, String model, long id) {
        browser.open(server, token, "#/models/" + model + "/rows/" + id);
        browser.await(d -> !browser.all("save").isEmpty() || !browser.all("error").isEmpty());
        assertThat(browser.all("error")).as("load error").isEmpty();
    }

    @Test
    void anEditSavedInTheBrowserIsWhatTheApiAnswers() throws Exception {
        TestServer.Answer company = crm.as("alice", "POST", "/api/companies", "{\"name\":\"Acme Row\"}");
        long companyId = company.json().get("id").asLong();
        long id = contact("alice", "Ada", "ada-row@example.com");
        crm.as("alice", "PATCH", "/api/contacts/" + id, "{\"company_id\":" + companyId + "}");

        openRow(crm, crm.token("alice"), "Contact", id);
        assertThat(browser.find("input-name").getDomProperty("value")).isEqualTo("Ada");
        assertThat(browser.find("label-company_id").getText()).contains("Acme Row");
        assertThat(browser.find("input-id").isEnabled()).as("the key is read-only").isFalse();
        long betaId = crm.as("alice", "POST", "/api/companies", "{\"name\":\"Beta Row\"}").json().get("id").asLong();
        browser.find("search-company_id").sendKeys("beta r");
        browser.await(d -> browser.all("pick").stream().anyMatch(p -> p.getText().contains("Beta Row")));
        browser.all("pick").stream().filter(p -> p.getText().contains("Beta Row")).findFirst().orElseThrow().click();
        assertThat(browser.find("input-company_id").getDomProperty("value")).isEqualTo(String.valueOf(betaId));
        type("name", "Ada Lovelace");
        type("score", "42");
        browser.find("input-status").findElement(By.cssSelector("option[value='won']")).click();
        browser.driver().executeScript("window.scrollTo(0, 0)");
        browser.screenshot("studio-row");
        browser.find("save").click();
        browser.await(d -> browser.all("notice").stream().anyMatch(n -> n.getText().contains("Saved")));

        JsonNode row = get("alice", "/api/contacts/" + id);
        assertThat(row.get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(row.get("score").asInt()).isEqualTo(42);
        assertThat(row.get("status").asText()).isEqualTo("won");
        assertThat(row.get("company_id").asLong()).as("picked in the relation picker").isEqualTo(betaId);
        assertThat(row.get("email").asText()).as("untouched fields stay").isEqualTo("ada-row@example.com");

        openRow(crm, crm.token("alice"), "Company", betaId);
        browser.await(d -> browser.find("related-contacts").getText().contains("Ada Lovelace"));
        browser.find("related-row").click();
        browser.await(d -> d.getCurrentUrl().endsWith("/rows/" + id));
        browser.await(d -> "Ada Lovelace".equals(browser.find("input-name").getDomProperty("value")));
    }

    @Test
    void aStaleEditGetsTheConflictViewWithBothVersionsAndMayOverwrite() throws Exception {
        long id = contact("alice", "Grace", "grace-row@example.com");
        openRow(crm, crm.token("alice"), "Contact", id);
        type("name", "Grace Hopper");
        TestServer.Answer meanwhile = crm.as("alice", "PATCH", "/api/contacts/" + id, "{\"name\":\"Grace B. Murray\"}");
        assertThat(meanwhile.status()).isEqualTo(200);
        browser.find("save").click();

        WebElement conflict = browser.find("conflict");
        assertThat(conflict.getText()).contains("Changed since you opened it");
        assertThat(browser.find("mine-name").getText()).isEqualTo("Grace Hopper");
        assertThat(browser.find("current-name").getText()).isEqualTo("Grace B. Murray");
        browser.driver().executeScript("window.scrollTo(0, 0)");
        browser.screenshot("studio-conflict");
        assertThat(get("alice", "/api/contacts/" + id).get("name").asText()).as("nothing saved").isEqualTo("Grace B. Murray");

        browser.find("conflict-overwrite").click();
        browser.await(d -> browser.all("notice").stream().anyMatch(n -> n.getText().contains("Saved")));
        assertThat(browser.all("conflict")).isEmpty();
        assertThat(get("alice", "/api/contacts/" + id).get("name").asText()).isEqualTo("Grace Hopper");
    }

    @Test
    void keepingTheCurrentRowAfterAConflictDropsTheStaleValues() throws Exception {
        long id = contact("alice", "Edsger", "edsger-row@example.com");
        openRow(crm, crm.token("alice"), "Contact", id);
        type("name", "E. W. Dijkstra");
        crm.as("alice", "PATCH", "/api/contacts/" + id, "{\"name\":\"Edsger Dijkstra\",\"score\":77}");
        browser.find("save").click();
        browser.find("conflict-keep-current").click();
        browser.await(d -> browser.all("conflict").isEmpty());
        assertThat(browser.find("input-name").getDomProperty("value")).isEqualTo("Edsger Dijkstra");
        assertThat(browser.find("input-score").getDomProperty("value")).isEqualTo("77");
        type("score", "78");
        browser.find("save").click();
        browser.await(d -> browser.all("notice").stream().anyMatch(n -> n.getText().contains("Saved")));
        JsonNode row = get("alice", "/api/contacts/" + id);
        assertThat(row.get("score").asInt()).isEqualTo(78);
        assertThat(row.get("name").asText()).isEqualTo("Edsger Dijkstra");
    }

    @Test
    void aCreateWithABadValueShowsTheInline422AndCreatesNothing() throws Exception {
        browser.open(crm, crm.token("bob"), "#/models/Contact/new");
        type("name", "Barbara");
        type("email", "barbara-row@example.com");
        type("score", "500");
        browser.find("save").click();

        assertThat(browser.find("error-score").getText()).contains("0 to 100");
        assertThat(browser.find("problem").getText()).contains("422");
        assertThat(get("bob", "/api/contacts?email=barbara-row@example.com").get("data")).isEmpty();

        type("email", "not an address");
        type("score", "50");
        browser.find("save").click();
        browser.await(d -> !browser.all("error-email").isEmpty());
        assertThat(browser.all("error-score")).isEmpty();
        assertThat(get("bob", "/api/contacts?score=50").get("data")).isEmpty();

        type("email", "barbara-row@example.com");
        browser.find("save").click();
        browser.await(d -> d.getCurrentUrl().contains("/rows/"));
        JsonNode created = get("bob", "/api/contacts?email=barbara-row@example.com").get("data");
        assertThat(created).hasSize(1);
        assertThat(created.get(0).get("score").asInt()).isEqualTo(50);
        assertThat(created.get(0).get("status").asText()).as("the server's default").isEqualTo("lead");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/rows/" + created.get(0).get("id").asText());
    }

    @Test
    void aSoftDeleteShowsTheRowDeletedAndRestoreBringsItBack() throws Exception {
        long id = contact("alice", "Alan", "alan-row@example.com");
        openRow(crm, crm.token("alice"), "Contact", id);
        browser.find("delete").click();
        browser.find("deleted-badge");
        browser.find("restore");
        assertThat(crm.as("alice", "GET", "/api/contacts/" + id, null).status()).as("hidden once deleted").isEqualTo(404);
        assertThat(get("alice", "/api/contacts/" + id + "?with_deleted=true").get("deleted_at").isNull()).isFalse();
        assertThat(browser.find("save").isEnabled()).as("a deleted row is not edited").isFalse();

        browser.find("restore").click();
        browser.await(d -> browser.all("deleted-badge").isEmpty() && !browser.all("delete").isEmpty());
        assertThat(get("alice", "/api/contacts/" + id).get("deleted_at").isNull()).isTrue();
    }

    @Test
    void aHardDeleteAsksFirst() throws Exception {
        long companyId = crm.as("alice", "POST", "/api/companies", "{\"name\":\"Gone Ltd\"}").json().get("id").asLong();
        openRow(crm, crm.token("alice"), "Company", companyId);
        browser.find("delete").click();
        browser.find("confirm-delete-no").click();
        assertThat(crm.as("alice", "GET", "/api/companies/" + companyId, null).status()).isEqualTo(200);
        browser.find("delete").click();
        browser.find("confirm-delete-yes").click();
        browser.await(d -> !d.getCurrentUrl().contains("/rows/"));
        assertThat(crm.as("alice", "GET", "/api/companies/" + companyId, null).status()).isEqualTo(404);
    }

    @Test
    void aMemberWhoMayNotDeleteOrUpdateSeesNoWorkingDeleteOrSave() throws Exception {
        String admin = rooms.token("ann", Map.of("org_id", 1, "role", "admin"));
        TestServer.Answer room = rooms.send("POST", "/api/rooms", "{\"name\":\"Blue\",\"capacity\":4,\"code\":\"B1\"}",
                "Authorization", "Bearer " + admin);
        assertThat(room.status()).as(room.toString()).isEqualTo(201);
        long id = room.json().get("id").asLong();
        String member = rooms.token("mo", Map.of("org_id", 1, "role", "member"));

        openRow(rooms, member, "Room", id);
        type("name", "Red");
        browser.find("save").click();
        browser.await(d -> browser.all("problem").stream().anyMatch(p -> p.getText().startsWith("You may not update")));
        assertThat(browser.find("save").isEnabled()).as("no working save after the 403").isFalse();
        browser.find("delete").click();
        WebElement problem = browser.find("problem");
        assertThat(problem.getText()).startsWith("You may not delete");
        WebElement delete = browser.find("delete");
        assertThat(delete.isEnabled()).as("no working delete after the 403").isFalse();
        assertThat(browser.all("deleted-badge")).isEmpty();

        TestServer.Answer still = rooms.send("GET", "/api/rooms/" + id, null, "Authorization", "Bearer " + admin);
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.json().get("deleted_at").isNull()).as("the row is as it was").isTrue();
        assertThat(still.json().get("name").asText()).isEqualTo("Blue");
    }

    @Test
    void aColumnTheReadRulesHideIsMarkedHiddenNotShownEmpty() throws Exception {
        String owner = rooms.token("olga", Map.of("org_id", 1, "role", "owner"));
        TestServer.Answer created = rooms.send("POST", "/api/members",
                "{\"account_id\":\"max\",\"name\":\"Max\",\"email\":\"max@example.com\",\"salary\":5000}",
                "Authorization", "Bearer " + owner);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String member = rooms.token("max", Map.of("org_id", 1, "role", "member", "id", "max"));

        openRow(rooms, member, "Member", id);
        // salary is readable by owners only: the answer leaves it out, which is not the same as null
        WebElement salary = browser.find("input-salary");
        assertThat(salary.isEnabled()).as("a hidden column is not offered for editing").isFalse();
        assertThat(browser.find("field-salary").getText()).contains("hidden from you");
        type("name", "Maxine");
        browser.find("save").click();
        browser.await(d -> browser.all("notice").stream().anyMatch(n -> n.getText().contains("Saved")));

        TestServer.Answer after = rooms.send("GET", "/api/members/" + id, null, "Authorization", "Bearer " + owner);
        assertThat(after.json().get("name").asText()).isEqualTo("Maxine");
        assertThat(after.json().get("salary").asInt()).as("the hidden salary is untouched").isEqualTo(5000);
    }

    @Test
    void aRelatedRowPickedFromTheKeyboardKeepsTheFocusInThePicker() throws Exception {
        long companyId = crm.as("alice", "POST", "/api/companies", "{\"name\":\"Keyboard Works\"}").json().get("id").asLong();
        long id = contact("alice", "Kay", "kay-row@example.com");
        openRow(crm, crm.token("alice"), "Contact", id);
        WebElement search = browser.find("search-company_id");
        search.click();
        search.sendKeys("Keyboard");
        browser.await(d -> browser.all("pick").stream().anyMatch(b -> b.getText().contains("Keyboard Works")));
        search.sendKeys(Keys.TAB);
        WebElement pick = browser.driver().switchTo().activeElement();
        assertThat(pick.getDomAttribute("data-test")).isEqualTo("pick");
        pick.sendKeys(Keys.ENTER);
        browser.await(d -> String.valueOf(companyId).equals(browser.find("input-company_id").getDomProperty("value")));
        // the pressed button is gone with the results: the focus must not fall back to the page's start
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("data-test")).isEqualTo("search-company_id");
        assertThat(browser.all("results-company_id")).as("the results stay closed after the pick").isEmpty();
        browser.find("save").click();
        browser.await(d -> browser.all("notice").stream().anyMatch(n -> n.getText().contains("Saved")));
        assertThat(get("alice", "/api/contacts/" + id).get("company_id").asLong()).isEqualTo(companyId);
    }

    @Test
    void theFormSavesFromTheKeyboard() throws Exception {
        long id = contact("alice", "Barbara", "liskov-row@example.com");
        openRow(crm, crm.token("alice"), "Contact", id);
        type("name", "Barbara Liskov");
        browser.find("input-name").sendKeys(Keys.ENTER);
        browser.await(d -> browser.all("notice").stream().anyMatch(n -> n.getText().contains("Saved")));
        assertThat(get("alice", "/api/contacts/" + id).get("name").asText()).isEqualTo("Barbara Liskov");
    }

    @Test
    void theRowViewFitsAPhone() throws Exception {
        long id = contact("alice", "Katherine", "katherine-row@example.com");
        browser.phone(true);
        try {
            openRow(crm, crm.token("alice"), "Contact", id);
            Long overflow = (Long) browser.driver().executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0L);
            assertThat(browser.find("save").isDisplayed()).isTrue();
        } finally {
            browser.phone(false);
        }
    }

    @Test
    void anUnknownRowIsAProblemNotABlankScreen() {
        browser.open(crm, crm.token("alice"), "#/models/Contact/rows/999999");
        assertThat(browser.find("error").getText()).contains("404");
        assertThat(browser.driver().findElement(By.cssSelector("[data-test='error']")).getAttribute("role")).isEqualTo("alert");
    }
}
