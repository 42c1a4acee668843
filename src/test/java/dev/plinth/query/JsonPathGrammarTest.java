package dev.plinth.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The list grammar's dotted names on Json fields (docs/query.md, "Json fields"): how a name resolves
 * (a relation first, then a path inside a Json field), how values are typed, and the 400s for paths,
 * lookups and values that cannot be served.
 */
class JsonPathGrammarTest {

    static final Schema SCHEMA = load("""
            model Company {
              id       Int       @id @default(autoincrement())
              name     String
              meta     Json?
              accounts Account[]
            }
            model Account {
              id         Int      @id @default(autoincrement())
              name       String
              meta       Json?
              tags       Json[]
              company    Company? @relation(fields: [company_id], references: [id])
              company_id Int?
            }
            """);
    static final Model ACCOUNT = SCHEMA.model("Account").orElseThrow();
    final QueryParser parser = new QueryParser(new CursorCodec("a test secret of enough length".getBytes(StandardCharsets.UTF_8)));

    static Schema load(String text) {
        SchemaResult r = SchemaLoader.parse("schema.prisma", text);
        return r.schema().orElseThrow(() -> new AssertionError(r.errors()));
    }

    ListQuery parse(String query) {
        return parser.parse(ACCOUNT, SCHEMA, QueryParams.of(query));
    }

    Filter only(String query) {
        List<Filter> parts = ((Filter.All) parse(query).filter()).parts();
        assertThat(parts).hasSize(1);
        return parts.getFirst();
    }

    Filter.JsonMatch json(String query) {
        return (Filter.JsonMatch) only(query);
    }

    QueryError error(String query) {
        return catchThrowableOfType(QueryException.class, () -> parse(query)).error();
    }

    @Test
    void aDottedNameOnAJsonFieldIsAPathWithALookup() {
        Filter.JsonMatch m = json("meta.limits.seats__gte=5");
        assertThat(m.field().name()).isEqualTo("meta");
        assertThat(m.path().segments()).containsExactly("limits", "seats");
        assertThat(m.operator()).isEqualTo(Operator.GTE);
        assertThat(m.values()).containsExactly(new JsonScalar.Number(new BigDecimal("5")));
        assertThat(json("meta.tags.0=red").path().segments()).containsExactly("tags", 0);
        assertThat(json("meta.a__b=1").path().segments()).containsExactly("a__b");
        assertThat(json("meta.tags__has=red").operator()).isEqualTo(Operator.HAS);
    }

    @Test
    void aRelationIsResolvedBeforeAJsonField() {
        Filter.Related r = (Filter.Related) only("company.meta.plan=pro");
        assertThat(r.relation()).isEqualTo("company");
        Filter.JsonMatch inner = (Filter.JsonMatch) r.inner();
        assertThat(inner.field().name()).isEqualTo("meta");
        assertThat(inner.path().dotted()).isEqualTo("plan");
        assertThat(((Filter.Comparison) ((Filter.Related) only("company.name=acme")).inner()).field().name()).isEqualTo("name");
    }

    @Test
    void documentLookupsOnTheFieldItself() {
        assertThat(json("meta__has_key=plan").values()).containsExactly("plan");
        assertThat(json("meta__has_key=plan").path().isRoot()).isTrue();
        JsonNode doc = (JsonNode) json("meta__contains=" + enc("{\"plan\":\"pro\"}")).values().getFirst();
        assertThat(doc.get("plan").asText()).isEqualTo("pro");
        // __isnull on the field stays the column's own NULL test
        assertThat(only("meta__isnull=true")).isInstanceOf(Filter.Comparison.class);
        // __contains on a String stays a substring
        assertThat(((Filter.Comparison) only("name__contains=ac")).values()).containsExactly("ac");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5            | n",
            "-2.5e3       | n",
            "true         | b",
            "false        | b",
            "pro          | s",
            "05           | s",
            "'\"5\"'      | n", // the grammar's own quotes are taken off first
    })
    void valuesAreTypedAsJsonTypesThem(String value, String type) {
        JsonScalar v = (JsonScalar) json("meta.plan=" + enc(value)).values().getFirst();
        assertThat(switch (v) {
            case JsonScalar.Number n -> "n";
            case JsonScalar.Bool b -> "b";
            case JsonScalar.Text t -> "s";
        }).isEqualTo(type);
    }

    @Test
    void aQuotedJsonStringIsText() {
        assertThat(json("meta.plan=" + enc("\"\\\"5\\\"\"")).values()).containsExactly(new JsonScalar.Text("5"));
        assertThat(json("meta.plan__in=" + enc("free,5,\"\\\"5\\\"\"")).values()).containsExactly(
                new JsonScalar.Text("free"), new JsonScalar.Number(new BigDecimal("5")), new JsonScalar.Text("5"));
    }

    @Test
    void orderByAPathAndItsCursorShape() {
        ListQuery q = parse("orderBy=meta.score:desc&limit=5");
        assertThat(q.order().getFirst().path().orElseThrow().dotted()).isEqualTo("score");
        assertThat(q.order().getFirst().descending()).isTrue();
        assertThat(q.orderShape()).isEqualTo("meta.score:desc,id:asc");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "meta.1abc=5                | meta.1abc",
            "meta..x=1                  | meta..x",
            "meta.a-b=1                 | meta.a-b",
            "meta.=1                    | meta.",
            "meta.plan__startswith=p    | meta.plan__startswith",
            "meta.plan__icontains=p     | meta.plan__icontains",
            "name.x=1                   | name.x",
            "tags.x=1                   | tags.x",
            "orderBy=meta.a-b           | meta.a-b",
            "orderBy=meta.00            | meta.00",
    })
    void badPathsAreA400NamingThePath(String query, String named) {
        QueryError e = error(query);
        assertThat(e.code()).isIn(QueryError.Code.INVALID_PARAMETER, QueryError.Code.INVALID_VALUE);
        assertThat(e.message()).contains(named);
    }

    @Test
    void badValuesAreA400() {
        assertThat(error("meta.plan=null").message()).contains("__isnull");
        assertThat(error("meta.score__gt=true").message()).contains("not booleans");
        assertThat(error("meta__contains=" + enc("{nope")).message()).contains("not JSON");
        assertThat(error("meta.score__gt=1e400").message()).contains("out of range");
        assertThat(error("meta__gt=1").code()).isEqualTo(QueryError.Code.INVALID_PARAMETER);
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            deep.append("{\"a\":");
        }
        deep.append('1').append("}".repeat(10));
        assertThat(error("meta__contains=" + enc(deep.toString())).message()).contains("nests deeper");
    }

    @Test
    void pathSqlTexts() {
        JsonPath p = JsonPath.parse("meta", "limits.seats", "x");
        assertThat(p.sqlitePath()).isEqualTo("$.limits.seats");
        assertThat(p.postgresChain(true)).isEqualTo("->'limits'->>'seats'");
        assertThat(JsonPath.parse("meta", "tags.0", "x").sqlitePath()).isEqualTo("$.tags[0]");
        assertThat(JsonSql.sqliteIndexExpression("\"meta\"", p)).isEqualTo(
                dev.plinth.sql.JsonPathIndex.expression(dev.plinth.sql.DatabaseKind.SQLITE, "meta", "limits.seats"));
        assertThat("(" + JsonSql.postgresIndexExpression("\"meta\"", false, p) + ")").isEqualTo(
                dev.plinth.sql.JsonPathIndex.expression(dev.plinth.sql.DatabaseKind.POSTGRESQL, "meta", "limits.seats"));
        assertThat(dev.plinth.sql.JsonPathIndex.readPostgres("((meta -> 'limits'::text) ->> 'seats'::text)").orElseThrow())
                .containsExactly("meta", "limits.seats");
        assertThat(dev.plinth.sql.JsonPathIndex.readPostgres("(\"Meta Data\" ->> 'plan'::text)").orElseThrow())
                .containsExactly("Meta Data", "plan");
        assertThat(dev.plinth.sql.JsonPathIndex.readPostgres("lower(name)")).isEmpty();
        assertThat(dev.plinth.sql.JsonPathIndex.readPostgres("(meta -> 'plan'::text)")).isEmpty();
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
