package dev.plinth.api.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.access.AccessControl;
import dev.plinth.api.access.ClaimNames;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.query.DateTimeStorage;
import dev.plinth.query.SqlRenderer;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import dev.plinth.sql.DatabaseKind;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Which resources carry data rules: decided once per resource, nothing for a model (or a schema) without them. */
class DataRuleLookupTest {

    private static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./x.db"
            }
            model Plain {
              id   Int    @id @default(autoincrement())
              name String
            }
            model Ruled {
              id   Int    @id @default(autoincrement())
              name String @trim @upper @length(2)
              n    Int    @default(0)
              @@validate(n >= 0)
            }
            """;

    private static RecordService records(String text, ResourceCatalog[] catalog) {
        SchemaResult r = SchemaLoader.parse("schema.prisma", text);
        assertThat(r.errors()).isEmpty();
        var schema = r.schema().orElseThrow();
        catalog[0] = ResourceCatalog.of(schema, DatabaseKind.SQLITE, new ObjectMapper(), DateTimeStorage.ISO_TEXT);
        AccessControl access = new AccessControl(schema, SchemaPolicy.of(r), new SqlRenderer(SQLDialect.SQLITE, schema),
                ClaimNames.DEFAULT, Clock.systemUTC());
        return new RecordService(DatabaseKind.SQLITE, new JsonFactory(), Clock.systemUTC(), access, catalog[0]);
    }

    @Test
    void onlyModelsWithRulesHaveThem() {
        ResourceCatalog[] catalog = new ResourceCatalog[1];
        RecordService records = records(SCHEMA, catalog);
        Resource plain = catalog[0].forModel("Plain").orElseThrow();
        Resource ruled = catalog[0].forModel("Ruled").orElseThrow();
        assertThat(records.dataRules(plain)).isNull();
        DataRuleCheck check = records.dataRules(ruled);
        assertThat(check).isNotNull().isSameAs(records.dataRules(ruled));
        assertThat(check.hasModelRules()).isTrue();
        ObjectNode body = new ObjectMapper().createObjectNode().put("name", "  ab ");
        assertThat(check.transform(body).get("name").asText()).isEqualTo("AB");
        assertThat(body.get("name").asText()).as("the request's body is left as sent").isEqualTo("  ab ");
        ObjectNode clean = new ObjectMapper().createObjectNode().put("name", "AB");
        assertThat(check.transform(clean)).as("nothing to change: no copy").isSameAs(clean);
    }

    @Test
    void aSchemaWithoutRulesLooksNothingUp() {
        ResourceCatalog[] catalog = new ResourceCatalog[1];
        RecordService records = records(SCHEMA.replace("@trim @upper @length(2)", "").replace("@@validate(n >= 0)", ""), catalog);
        for (Resource r : catalog[0].resources()) {
            assertThat(records.dataRules(r)).isNull();
        }
    }

    @Test
    void aMappedEnumDefaultIsSeenByItsStoredName() {
        ResourceCatalog[] catalog = new ResourceCatalog[1];
        RecordService records = records("""
                datasource db {
                  provider = "sqlite"
                  url      = "file:./x.db"
                }
                enum Kind {
                  draft @map("DRAFT")
                  live
                }
                model Post {
                  id   Int  @id @default(autoincrement())
                  kind Kind @default(draft)
                  @@validate(kind != draft, "no drafts")
                }
                """, catalog);
        Resource post = catalog[0].forModel("Post").orElseThrow();
        DataRuleCheck check = records.dataRules(post);
        assertThat(check.checkInsert(new WriteValues(post), null, java.time.Instant.EPOCH))
                .extracting(dev.plinth.schema.rules.RuleFailure::message).containsExactly("no drafts");
        WriteValues live = new WriteValues(post);
        live.put(post.column("kind").orElseThrow(), "live");
        assertThat(check.checkInsert(live, null, java.time.Instant.EPOCH)).isEmpty();
    }
}
