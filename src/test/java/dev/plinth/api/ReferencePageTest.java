package dev.plinth.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /docs} over HTTP (docs/api.md, "API reference page"): the page and its assets come from the
 * jar with their media types and caching headers, with no token, and name no outside address. The page
 * touches no database, so SQLite alone covers it; {@link ReferencePageBrowserContract} drives it in Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferencePageTest {

    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(TestServer.Db.SQLITE, Files.readString(Path.of("examples/crm/schema.prisma")));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePageIsServedWithoutATokenAndLoadsOnlyLocalAssets() throws Exception {
        TestServer.Answer a = server.send("GET", "/docs", null);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.contentType().replace(" ", "")).isEqualTo("text/html;charset=utf-8");
        assertThat(a.header("Cache-Control")).contains("no-cache");
        assertThat(a.body()).contains("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css")
                .doesNotContain("http://", "https://");
        TestServer.Answer script = server.send("GET", "/docs/assets/plinth-docs.js", null);
        assertThat(script.body()).contains("url: \"/openapi.json\"", "persistAuthorization: true")
                .doesNotContain("http://", "https://");
    }

    @Test
    void assetsHaveTheirMediaTypesAndAreCached() throws Exception {
        assertAsset("/docs/assets/swagger-ui-bundle.js", "text/javascript; charset=utf-8");
        assertAsset("/docs/assets/swagger-ui.css", "text/css; charset=utf-8");
        assertAsset("/docs/assets/favicon-32x32.png", "image/png");
        assertAsset("/docs/assets/plinth-docs.js", "text/javascript; charset=utf-8");
    }

    @Test
    void aCachedAssetIsRevalidatedWith304() throws Exception {
        TestServer.Answer first = server.send("GET", "/docs/assets/swagger-ui.css", null);
        String etag = first.header("ETag").orElseThrow();
        TestServer.Answer again = server.send("GET", "/docs/assets/swagger-ui.css", null, "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void anUnknownAssetIsAProblem404() throws Exception {
        for (String path : new String[] {"/docs/assets/index.html", "/docs/assets/..%2Fpom.properties", "/docs/assets/swagger-ui.js"}) {
            TestServer.Answer a = server.send("GET", path, null);
            assertThat(a.status()).as(path + ": " + a).isIn(400, 404);
            assertThat(a.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    private void assertAsset(String path, String mediaType) throws Exception {
        TestServer.Answer a = server.send("GET", path, null);
        assertThat(a.status()).as(path + ": " + a.status()).isEqualTo(200);
        assertThat(a.contentType().replace(" ", "")).as(path).isEqualTo(mediaType.replace(" ", ""));
        assertThat(a.header("Cache-Control")).as(path).contains("public, max-age=86400");
        assertThat(a.header("X-Content-Type-Options")).as(path).contains("nosniff");
        assertThat(a.header("ETag")).as(path).isPresent();
        assertThat(a.body()).as(path).isNotEmpty();
    }
}
