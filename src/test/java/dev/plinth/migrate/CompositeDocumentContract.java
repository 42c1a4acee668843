package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A composite type's change planned against the documents already stored (docs/schema.md, "Composite types"):
 * a new required field without a default is refused with the count of documents it would break (and fails
 * when forced), a new field with a default is filled into stored documents, at any depth and in lists; a
 * second migrate plans nothing. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class CompositeDocumentContract {

    /** A fresh, empty database for one test. */
    abstract DatabaseTarget target();

    private static Schema schema(String addressExtra, String geoExtra) {
        SchemaResult r = SchemaLoader.parse("schema.prisma", """
                type Geo {
                  lat Float
                  %s
                }
                type Address {
                  city String
                  geo  Geo?
                  %s
                }
                model Contact {
                  id        Int       @id @default(autoincrement())
                  address   Address?
                  addresses Address[]
                }
                """.formatted(geoExtra, addressExtra));
        assertThat(r.errors()).isEmpty();
        return r.schema().orElseThrow();
    }

    private Migrator migrator() {
        return new Migrator(target().dialect());
    }

    private void migrate(Schema schema, boolean force) throws Exception {
        try (Connection c = target().connect()) {
            migrator().migrate(schema, c, force, MigrationListener.NONE);
        }
    }

    private MigrationPlan plan(Schema schema) throws Exception {
        try (Connection c = target().connect()) {
            return migrator().plan(schema, c);
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = target().connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** The stored documents of a column, each normalized through the database's JSON (key order aside). */
    private List<com.fasterxml.jackson.databind.JsonNode> documents(String column) throws Exception {
        List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (Connection c = target().connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT \"" + column + "\" FROM \"Contact\" ORDER BY \"id\"")) {
            while (r.next()) {
                String text = r.getString(1);
                out.add(text == null ? null : json.readTree(text));
            }
        }
        return out;
    }

    private void seed() throws Exception {
        migrate(schema("", ""), false);
        sql("INSERT INTO \"Contact\" (\"address\", \"addresses\") VALUES ('{\"city\":\"Paris\",\"geo\":{\"lat\":1}}',"
                        + " '[{\"city\":\"A\"},{\"city\":\"B\",\"geo\":{\"lat\":2}}]')",
                "INSERT INTO \"Contact\" (\"address\", \"addresses\") VALUES ('{\"city\":\"Lyon\"}', '[]')",
                "INSERT INTO \"Contact\" (\"address\", \"addresses\") VALUES (NULL, '[{\"city\":\"C\",\"zip\":\"z\"}]')");
    }

    @Test
    void aNewRequiredFieldWithoutADefaultIsRefusedWithTheCountOfBrokenDocuments() throws Exception {
        seed();
        Schema withZip = schema("zip String", "");
        MigrationPlan plan = plan(withZip);
        assertThat(plan.destructiveSteps()).hasSize(2);
        assertThatThrownBy(() -> migrate(withZip, false)).isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("2 documents of \"Contact\".\"address\" would break")
                .hasMessageContaining("composite type Address")
                .hasMessageContaining("first: id = 1 holds")
                // the third row's list holds a zip: only the first two lists lack it... and the second is empty
                .hasMessageContaining("1 document of \"Contact\".\"addresses\" would break");
        assertThatThrownBy(() -> migrate(withZip, true)).isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("rolled back");
        assertThat(documents("address").get(1).get("city").asText()).isEqualTo("Lyon");
        assertThat(documents("address").get(1).size()).isEqualTo(1);

        // nested: a required field added to Geo breaks only documents holding a Geo
        MigrationPlan nested = plan(schema("", "lng Float"));
        assertThat(nested.destructiveSteps()).extracting(MigrationStep::dataLoss)
                .anySatisfy(loss -> assertThat(loss.orElseThrow()).contains("1 document of \"Contact\".\"address\" would break"))
                .anySatisfy(loss -> assertThat(loss.orElseThrow()).contains("1 document of \"Contact\".\"addresses\" would break"));

        // an optional field breaks nothing
        assertThat(plan(schema("zip String?", "lng Float?")).isEmpty()).isTrue();
    }

    @Test
    void aNewFieldWithADefaultIsFilledIntoStoredDocumentsAtEveryDepth() throws Exception {
        seed();
        Schema withDefaults = schema("country String @default(\"FR\")\n  tags String[] @default([\"new\"])", "alt Int @default(0)");
        MigrationPlan plan = plan(withDefaults);
        assertThat(plan.destructiveSteps()).isEmpty();
        assertThat(plan.steps()).extracting(MigrationStep::description)
                .contains("fill the @default values of composite type Address into 2 stored documents of \"Contact\".\"address\"",
                        "fill the @default values of composite type Address into 2 stored documents of \"Contact\".\"addresses\"");
        migrate(withDefaults, false);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        // compared as JSON values: PostgreSQL's jsonb orders keys its own way
        assertThat(documents("address")).containsExactly(
                json.readTree("{\"city\":\"Paris\",\"geo\":{\"lat\":1,\"alt\":0},\"country\":\"FR\",\"tags\":[\"new\"]}"),
                json.readTree("{\"city\":\"Lyon\",\"country\":\"FR\",\"tags\":[\"new\"]}"),
                null);
        List<com.fasterxml.jackson.databind.JsonNode> lists = documents("addresses");
        assertThat(lists.get(0).get(0).get("country").asText()).isEqualTo("FR");
        assertThat(lists.get(0).get(1).get("city").asText()).as("order kept").isEqualTo("B");
        assertThat(lists.get(0).get(1).get("geo").get("alt").asInt()).isZero();
        assertThat(lists.get(0).get(1).get("geo").get("lat").asInt()).isEqualTo(2);
        assertThat(lists.get(1)).isEmpty();
        assertThat(lists.get(2).get(0).get("zip").asText()).as("values not in the type are kept").isEqualTo("z");
        assertThat(plan(withDefaults).isEmpty()).as("a second migrate plans nothing").isTrue();
    }

    @Test
    void aTextColumnBecomingACompositeIsLeftToTheColumnChange() throws Exception {
        SchemaResult text = SchemaLoader.parse("schema.prisma", """
                model Contact {
                  id        Int     @id @default(autoincrement())
                  address   String?
                  addresses Json?
                }
                """);
        migrate(text.schema().orElseThrow(), false);
        sql("INSERT INTO \"Contact\" (\"address\") VALUES ('1 rue Lepic, Paris')");
        // the stored text is no JSON document: the type change is the planner's (destructive), never a failed read
        MigrationPlan plan = plan(schema("zip String", ""));
        assertThat(plan.steps()).extracting(MigrationStep::action).doesNotContain(MigrationStep.Action.REQUIRE_NO_ROWS);
        assertThat(plan.destructiveSteps()).isNotEmpty();
    }
}
