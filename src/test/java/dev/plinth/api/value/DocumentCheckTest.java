package dev.plinth.api.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Schema;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link DocumentCheck} alone: a type's rules applied to documents, every problem with its path. */
class DocumentCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = SchemaLoader.parse("schema.prisma", """
            enum Size {
              S
              L @map("large")
            }
            type Node {
              name     String
              size     Size     @default(L)
              count    Int?
              big      BigInt?
              price    Decimal?
              raw      Json?
              blob     Bytes?
              at       DateTime @default(now())
              tags     String[] @default(["a", "b"])
              children Node[]
              parent   Node?
            }
            model Tree {
              id   Int  @id
              root Node
            }
            """).schema().orElseThrow();

    private static DocumentCheck check() {
        return DocumentCheck.of(SCHEMA, SCHEMA.model("Tree").orElseThrow().field("root").orElseThrow(),
                d -> Optional.empty(), Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
    }

    private static List<String> problems(String json) throws Exception {
        InvalidValue e = catchThrowableOfType(InvalidValue.class, () -> check().check(JSON.readTree(json)));
        assertThat(e).as("refused: " + json).isNotNull();
        return e.nested().stream().map(n -> n.path() + ":" + n.code()).toList();
    }

    @Test
    void completesARecursiveDocumentWithItsDefaults() throws Exception {
        JsonNode out = check().check(JSON.readTree("""
                {"name":"root","children":[{"name":"leaf","size":"S","raw":{"any":[1]},"blob":"AAE="}],"price":12.50}
                """));
        assertThat(out.get("size").asText()).isEqualTo("large");
        assertThat(out.get("at").asText()).isEqualTo("2026-12-07T10:00:00.000Z");
        assertThat(out.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(out.get("children").get(0).get("size").asText()).isEqualTo("S");
        assertThat(out.get("children").get(0).get("raw").toString()).isEqualTo("{\"any\":[1]}");
        assertThat(out.has("parent")).isFalse();
    }

    @Test
    void reportsEveryProblemWithItsPath() throws Exception {
        assertThat(problems("""
                {"count":3000000000,"big":"x","size":"L","blob":"not base64!","children":[{"name":1},null],
                 "parent":{"name":"p","parent":{"tags":[null]}},"at":"soon"}
                """)).containsExactlyInAnyOrder(".count:out_of_range", ".big:invalid_type", ".size:invalid_enum_value",
                ".blob:invalid_value", ".children[0].name:invalid_type", ".children[1]:not_null",
                ".parent.parent.tags[0]:not_null", ".parent.parent.name:required", ".at:invalid_value", ".name:required");
        assertThat(problems("[]")).containsExactly(":invalid_type");
    }

    @Test
    void refusesAFieldThatIsNotComposite() {
        assertThatThrownBy(() -> DocumentCheck.of(SCHEMA, SCHEMA.model("Tree").orElseThrow().field("id").orElseThrow(),
                d -> Optional.empty(), Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }
}
