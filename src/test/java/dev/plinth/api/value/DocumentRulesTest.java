package dev.plinth.api.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.policy.SchemaPolicy;
import dev.plinth.schema.rules.DataRules;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link DocumentCheck} with the data rules written inside types: transforms, validators (on scalars, on lists of
 * scalars and of documents, in recursive types) and a type's {@code @@validate}, each reported at its path.
 */
class DocumentRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = """
            type Node {
              name     String    @trim @upper @length(max: 4)
              price    Decimal?  @gt(0) @lte(9.99)
              at       DateTime?
              until    DateTime?
              tags     String[]  @length(1)
              children Node[]    @length(max: 2)

              @@validate(until == null || at == null || until > at, "until comes after at", path: ["until"])
              @@validate(at == null || at <= now(), "not in the future")
              @@validate(!has(tags, "x") || price != null, "an x has a price")
            }
            model Tree {
              id   Int  @id
              root Node
            }
            """;
    private static final SchemaResult RESULT = SchemaLoader.parse("schema.prisma", TEXT);
    private static final Schema SCHEMA = RESULT.schema().orElseThrow(() -> new AssertionError(RESULT.errors()));
    private static final DataRules RULES = SchemaPolicy.of(RESULT).data();

    private static DocumentCheck check(DataRules rules) {
        return DocumentCheck.of(SCHEMA, SCHEMA.model("Tree").orElseThrow().field("root").orElseThrow(), rules,
                d -> Optional.empty(), Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
    }

    private static List<String> problems(String json) throws Exception {
        InvalidValue e = catchThrowableOfType(InvalidValue.class, () -> check(RULES).check(JSON.readTree(json)));
        assertThat(e).as("refused: " + json).isNotNull();
        return e.nested().stream().map(n -> n.path() + ":" + n.code() + ":" + n.message()).toList();
    }

    @Test
    void transformsChangeTheStoredDocumentAtEveryDepth() throws Exception {
        JsonNode out = check(RULES).check(JSON.readTree("""
                {"name":" ab ","tags":["t"],"children":[{"name":"cd  ","tags":["u"]}]}"""));
        assertThat(out.get("name").asText()).isEqualTo("AB");
        assertThat(out.get("children").get(0).get("name").asText()).isEqualTo("CD");
        assertThat(out.get("tags").get(0).asText()).as("a list is not transformed").isEqualTo("t");
    }

    @Test
    void validatorsReportTheirPathCodeAndMessage() throws Exception {
        assertThat(problems("""
                {"name":"abcde","price":10,"tags":[],
                 "children":[{"name":"a","tags":["t"]},{"name":"b","tags":["t"],"price":0,
                              "children":[{"name":"toolong","tags":["t"]}]},{"name":"c","tags":["t"]}]}"""))
                .containsExactlyInAnyOrder(
                        ".name:too_long:must have at most 4 characters, got 5",
                        ".price:too_large:must be at most 9.99",
                        ".tags:too_short:must have at least 1 item, got 0",
                        ".children[1].price:too_small:must be greater than 0",
                        ".children[1].children[0].name:too_long:must have at most 4 characters, got 7",
                        ".children:too_long:must have at most 2 items, got 3");
    }

    @Test
    void aTypesRulesReadItsValuesIncludingDatesListsAndNow() throws Exception {
        assertThat(problems("""
                {"name":"a","tags":["x"],"at":"2026-12-08T00:00:00Z","until":"2026-12-01T00:00:00Z",
                 "children":[{"name":"b","tags":["t"],"at":"2026-01-01T00:00:00Z","until":"2025-01-01T00:00:00+01:00"}]}"""))
                .containsExactlyInAnyOrder(
                        ".until:rule_failed:until comes after at",
                        ":rule_failed:not in the future",
                        ":rule_failed:an x has a price",
                        ".children[0].until:rule_failed:until comes after at");
        JsonNode ok = check(RULES).check(JSON.readTree("""
                {"name":"a","tags":["x"],"price":1.5,"at":"2026-01-01T00:00:00Z","until":"2026-02-01T00:00:00Z"}"""));
        assertThat(ok.get("price").decimalValue()).isEqualByComparingTo("1.5");
    }

    @Test
    void withoutRulesTheSameDocumentsPass() throws Exception {
        JsonNode out = check(DataRules.NONE).check(JSON.readTree("""
                {"name":" abcdef ","tags":[],"at":"2030-01-01T00:00:00Z","children":[{"tags":[],"name":"a"},{"tags":[],"name":"b"},{"tags":[],"name":"c"}]}"""));
        assertThat(out.get("name").asText()).isEqualTo(" abcdef ");
    }

    @Test
    void rulesInsideAnInlineEmbedApplyToo() throws Exception {
        String text = """
                model Contact {
                  id    Int @id
                  extra embed {
                    note  String @trim @length(2)
                    flags embed {
                      level Int @gte(1)
                    }[]
                  }?
                }
                """;
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        Schema schema = result.schema().orElseThrow(() -> new AssertionError(result.errors()));
        DocumentCheck check = DocumentCheck.of(schema, schema.model("Contact").orElseThrow().field("extra").orElseThrow(),
                SchemaPolicy.of(result).data(), d -> Optional.empty(), Clock.systemUTC());
        InvalidValue e = catchThrowableOfType(InvalidValue.class, () -> check.check(JSON.readTree("""
                {"note":" a ","flags":[{"level":1},{"level":0}]}""")));
        assertThat(e).isNotNull();
        assertThat(e.nested()).extracting(n -> n.path() + ":" + n.code()).containsExactly(".note:too_short", ".flags[1].level:too_small");
        assertThat(check.check(JSON.readTree("{\"note\":\" ab \",\"flags\":[]}")).get("note").asText()).isEqualTo("ab");
    }
}
