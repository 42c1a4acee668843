package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.access.RulesServer.Answer;
import dev.plinth.api.access.RulesServer.Who;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code audit_fields = true} (docs/schema.md, "Audit fields"): every model lacking them gets
 * {@code createdAt}, {@code createdBy}, {@code updatedAt}, {@code updatedBy} (and {@code deletedBy} on
 * soft-delete models), or Quickback's {@code modifiedAt}/{@code modifiedBy}; the server keeps them and
 * clients can never set them. Run on SQLite and PostgreSQL, served from an empty database.
 */
abstract class AuditFieldsContract {

    static String schema(String auditNames) {
        return """
                datasource db {
                  provider = "sqlite"
                  url      = "file:./x.db"
                }
                generator plinth {
                  provider     = "plinth"
                  audit_fields = true
                """ + auditNames + """
                }
                model Note {
                  id     Int    @id @default(autoincrement())
                  text   String
                }
                model Card {
                  id        Int       @id @default(autoincrement())
                  title     String
                  deletedAt DateTime?
                  createdAt DateTime  @default(now())
                }
                """;
    }

    static final Who ALICE = new Who("alice", Map.of());
    static final Who BOB = new Who("bob", Map.of());

    abstract RulesServer.Db db();

    @Test
    void addedAuditFieldsAreKeptByTheServerAndNeverTakenFromBodies() throws Exception {
        try (RulesServer server = RulesServer.start(db(), schema(""), ClaimNames.DEFAULT)) {
            Answer created = server.send(ALICE, "POST", "/api/notes", "{\"text\":\"a\",\"createdBy\":\"mallory\","
                    + "\"updatedBy\":\"mallory\",\"createdAt\":\"2001-01-01T00:00:00Z\",\"updatedAt\":\"2001-01-01T00:00:00Z\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            JsonNode row = created.json();
            assertThat(row.get("createdBy").asText()).isEqualTo("alice");
            assertThat(row.get("updatedBy").asText()).isEqualTo("alice");
            assertThat(row.get("createdAt").asText()).doesNotStartWith("2001");
            assertThat(row.get("updatedAt").asText()).doesNotStartWith("2001");
            assertThat(row.has("deletedBy")).isFalse();
            int id = row.get("id").asInt();
            Answer patched = server.send(BOB, "PATCH", "/api/notes/" + id, "{\"text\":\"b\",\"createdBy\":\"mallory\"}");
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            assertThat(patched.json().get("createdBy").asText()).isEqualTo("alice");
            assertThat(patched.json().get("updatedBy").asText()).isEqualTo("bob");
            assertThat(server.dump("Note").toString()).doesNotContain("mallory").doesNotContain("2001");

            // a soft-delete model gets deletedBy; its own createdAt is kept, not doubled
            Answer card = server.send(ALICE, "POST", "/api/cards", "{\"title\":\"c\"}");
            assertThat(card.status()).as(card.toString()).isEqualTo(201);
            assertThat(card.json().has("deletedBy")).isTrue();
            assertThat(card.json().has("updatedBy")).isTrue();
            int cardId = card.json().get("id").asInt();
            assertThat(server.send(BOB, "DELETE", "/api/cards/" + cardId, null).status()).isEqualTo(204);
            JsonNode deleted = server.send(ALICE, "GET", "/api/cards/" + cardId + "?with_deleted=true", null).json();
            assertThat(deleted.get("deletedBy").asText()).isEqualTo("bob");
            assertThat(deleted.get("deletedAt").isNull()).isFalse();

            // the OpenAPI document sees the added fields, read-only in every body
            JsonNode schemas = server.send(ALICE, "GET", "/openapi.json", null).json().path("components").path("schemas");
            List<String> audited = new ArrayList<>();
            schemas.properties().forEach(e -> {
                JsonNode createdBy = e.getValue().path("properties").path("createdBy");
                if (!createdBy.isMissingNode()) {
                    assertThat(createdBy.path("readOnly").asBoolean()).as(e.getKey()).isTrue();
                    audited.add(e.getKey());
                }
            });
            assertThat(audited).isNotEmpty();
        }
    }

    @Test
    void quickbackNamesAreModifiedAtAndModifiedBy() throws Exception {
        try (RulesServer server = RulesServer.start(db(), schema("  audit_names  = \"quickback\"\n"), ClaimNames.DEFAULT)) {
            Answer created = server.send(ALICE, "POST", "/api/notes", "{\"text\":\"a\",\"modifiedBy\":\"mallory\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().get("modifiedBy").asText()).isEqualTo("alice");
            assertThat(created.json().get("modifiedAt").isNull()).isFalse();
            assertThat(created.json().has("updatedAt")).isFalse();
        }
    }
}
