package dev.plinth.api;

import dev.plinth.api.resource.ResourceNames;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code view} blocks: Prisma does not create views, so a view is served (read-only) only once the
 * database has it; before, it gets no route and {@link ServedApi#missingViews} names it for the start-up
 * warning. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class ViewsContract {

    static final Schema SCHEMA = TestServer.schema("""
            generator client {
              provider        = "prisma-client-js"
              previewFeatures = ["views"]
            }

            model Company {
              id   Int    @id @default(autoincrement())
              name String
              size Int
            }

            view BigCompany {
              id   Int    @unique
              name String
            }

            view Ghost {
              id   Int    @unique
              name String
            }
            """);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Returns a fresh database; closed by the caller's {@link AutoCloseable}. */
    abstract FreshDatabase database() throws Exception;

    /** A database for one test: its target, and what drops it. */
    record FreshDatabase(DatabaseTarget target, Runnable drop) implements AutoCloseable {
        @Override
        public void close() {
            drop.run();
        }
    }

    private ServedApi serve(DatabaseTarget target) throws Exception {
        return ServedApi.start(SCHEMA, target, false, new Authenticator(Optional.empty(), false),
                new ApiSettings("127.0.0.1", 0, ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.empty()));
    }

    private HttpResponse<String> send(ServedApi api, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aViewIsServedReadOnlyOnceTheDatabaseHasIt() throws Exception {
        String bigCompanies = "/api/" + ResourceNames.of("BigCompany");
        String ghosts = "/api/" + ResourceNames.of("Ghost");
        try (FreshDatabase db = database()) {
            try (ServedApi api = serve(db.target())) {
                assertThat(api.missingViews()).extracting(Model::name).containsExactly("BigCompany", "Ghost");
                assertThat(send(api, "GET", bigCompanies, null).statusCode()).as("a missing view has no route").isEqualTo(404);
                assertThat(send(api, "GET", ghosts + "/1", null).statusCode()).isEqualTo(404);
                assertThat(api.server().routes()).noneMatch(r -> r.contains(bigCompanies) || r.contains(ghosts));
                assertThat(send(api, "POST", "/api/" + ResourceNames.of("Company"), "{\"name\":\"Acme\",\"size\":500}").statusCode()).isEqualTo(201);
                assertThat(send(api, "POST", "/api/" + ResourceNames.of("Company"), "{\"name\":\"Tiny\",\"size\":3}").statusCode()).isEqualTo(201);
            }
            try (Connection c = db.target().connect(); Statement s = c.createStatement()) {
                s.execute("CREATE VIEW \"BigCompany\" AS SELECT \"id\", \"name\" FROM \"Company\" WHERE \"size\" > 100");
            }
            try (ServedApi api = serve(db.target())) {
                assertThat(api.missingViews()).extracting(Model::name).containsExactly("Ghost");
                HttpResponse<String> list = send(api, "GET", bigCompanies, null);
                assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
                assertThat(list.body()).contains("\"Acme\"").doesNotContain("\"Tiny\"");
                assertThat(send(api, "GET", bigCompanies + "/1", null).body()).contains("\"Acme\"");
                assertThat(send(api, "POST", bigCompanies, "{\"id\":9,\"name\":\"X\"}").statusCode()).isEqualTo(405);
                assertThat(send(api, "PATCH", bigCompanies + "/1", "{\"name\":\"X\"}").statusCode()).isEqualTo(405);
                assertThat(send(api, "DELETE", bigCompanies, null).statusCode()).isEqualTo(405);
                assertThat(send(api, "GET", ghosts, null).statusCode()).isEqualTo(404);
            }
        }
    }

    @Test
    void theWarningNamesTheViewAndHowToCreateIt() throws Exception {
        Model ghost = SCHEMA.model("Ghost").orElseThrow();
        assertThat(dev.plinth.migrate.MissingViews.warning(ghost)).contains("view Ghost is not served", "CREATE VIEW \"Ghost\"");
    }
}
