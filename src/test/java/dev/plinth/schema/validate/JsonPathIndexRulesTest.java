package dev.plinth.schema.validate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.IndexField;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @@index([meta.plan])} as the validator and resolver see it: a path inside a Json field is an
 * index field with its path and a default name spelling the path; misuse is an error at its line and column.
 */
class JsonPathIndexRulesTest {

    private static String schema(String provider, String fields, String attribute) {
        return """
                datasource db {
                  provider = "%s"
                  url      = "x"
                }
                model Account {
                  id   Int    @id
                  name String
                  %s
                  %s
                }
                """.formatted(provider, fields, attribute);
    }

    private static List<String> errors(String text) {
        return SchemaLoader.parse("schema.prisma", text).errors().stream()
                .map(d -> d.span().line() + ":" + d.span().column() + ": " + d.message()).toList();
    }

    @Test
    void aPathIndexResolvesWithItsPathAndName() {
        for (String provider : List.of("sqlite", "postgresql")) {
            SchemaResult r = SchemaLoader.parse("schema.prisma", schema(provider, "meta Json?",
                    "@@index([meta.limits.seats(sort: Desc), name])"));
            assertThat(r.errors()).as(provider).isEmpty();
            Index index = r.schema().orElseThrow().model("Account").orElseThrow().indexes().stream()
                    .filter(i -> i.kind() == Index.Kind.NORMAL).findFirst().orElseThrow();
            assertThat(index.constraintName()).isEqualTo("Account_meta_limits_seats_name_idx");
            IndexField f = index.fields().getFirst();
            assertThat(f.fieldName()).isEqualTo("meta");
            assertThat(f.columnName()).isEqualTo("meta");
            assertThat(f.jsonPath()).contains("limits.seats");
            assertThat(index.fields().get(1).jsonPath()).isEqualTo(Optional.empty());
        }
    }

    @Test
    void misusesAreErrorsAtTheirPlace() {
        assertThat(errors(schema("sqlite", "meta Json?", "@@index([metaa.plan])")))
                .containsExactly("9:12: Error validating model \"Account\": The index definition refers to the unknown fields: metaa.plan.");
        assertThat(errors(schema("sqlite", "meta String?", "@@index([meta.plan])")))
                .singleElement().asString().startsWith("9:12: ").contains("needs a Json field").contains("String");
        assertThat(errors(schema("postgresql", "meta Json[]", "@@index([meta.plan])")))
                .singleElement().asString().contains("Json[]");
        assertThat(errors(schema("sqlite", "meta Json?", "@@unique([meta.plan])")))
                .singleElement().asString().contains("@@index only");
        assertThat(errors(schema("postgresql", "meta Json?", "@@index([meta.plan], type: Gin)")))
                .singleElement().asString().contains("B-tree").contains("JsonbPathOps");
        assertThat(errors(schema("postgresql", "meta Json? @db.Json", "@@index([meta.plan])")))
                .singleElement().asString().contains("jsonb");
        assertThat(errors(schema("postgresql", "meta Json?", "@@index([meta.plan(ops: JsonbPathOps)])")))
                .singleElement().asString().contains("`sort` only");
    }

    @Test
    void aWholeJsonFieldIndexIsUnchanged() {
        assertThat(errors(schema("postgresql", "meta Json?", "@@index([meta(ops: JsonbPathOps)], type: Gin)"))).isEmpty();
    }
}
