package dev.plinth.query;

import static dev.plinth.query.CrmSchema.COMPANY;
import static dev.plinth.query.CrmSchema.CONTACT;
import static dev.plinth.query.CrmSchema.SCHEMA;
import static dev.plinth.query.SqlRendererTest.PARSER;
import static dev.plinth.query.SqlRendererTest.after;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SqlRenderer}'s shape cache: a request whose shape was rendered before builds no jOOQ model
 * (it walks its statement for the key and the binds only), and what it gets is exactly what a fresh
 * rendering of the same request gives.
 */
class SqlRendererShapeCacheTest {

    /** Two requests of one shape: same statement text, other values. */
    record SameShape(Model model, String first, String second) {
        @Override
        public String toString() {
            return model.name() + "?" + first;
        }
    }

    static final List<SameShape> SHAPES = List.of(
            contact("", "with_deleted=false"),
            contact("page=3&per_page=20", "page=1&per_page=7"),
            contact("with_deleted=true&page=2", "with_deleted=true&page=5"),
            // every operator
            contact("status=lead", "status=lost_deal"),
            contact("full_name__ne=a", "full_name__ne=b"),
            contact("score__gt=1&score__gte=2", "score__gt=3.5&score__gte=-1"),
            contact("created_at__lt=2026-01-01&page__lte=3", "created_at__lt=2025-05-06T07:08:09.123Z&page__lte=9"),
            contact("id__in=1,2,3", "id__in=7,8,9,10"),
            contact("id__nin=1,2,3,4,5", "id__nin=9,8,7,6,5,4"),
            contact("status__in=won,lead", "status__in=lost_deal,won"),
            contact("email__isnull=true&company_id__isnull=false", "email__isnull=true&company_id__isnull=false"),
            contact("full_name__contains=a*b?c[d]&full_name__startswith=x_", "full_name__contains=50%25&full_name__startswith=!"),
            contact("full_name__endswith=%25&full_name__icontains=50%25_off!", "full_name__endswith=z&full_name__icontains=Ab"),
            contact("ref=0a0a0a0a-0000-0000-0000-000000000000&ref__startswith=0a",
                    "ref=1b1b1b1b-0000-0000-0000-000000000000&ref__startswith=1"),
            contact("active=true&amount=1.5&views=12", "active=false&amount=-2.25&views=9000000000"),
            // groups
            contact("or=(status=lead,and=(full_name__icontains=x,company_id__isnull=true))&active=false",
                    "or=(status=won,and=(full_name__icontains=y,company_id__isnull=true))&active=true"),
            contact("not=(status=won,score__gt=3)", "not=(status=lead,score__gt=-3)"),
            // relation filters
            contact("company.name__icontains=acme", "company.name__icontains=bob"),
            contact("or=(company.id=3,email__isnull=true)&orderBy=-score", "or=(company.id=4,email__isnull=true)&orderBy=-score"),
            // order and keyset pages, with and without NULLs in the cursor
            contact("select=full_name&orderBy=-created_at&limit=5", "select=full_name&orderBy=-created_at&limit=9"),
            contact(after("orderBy=-created_at,-id", "2026-01-02T03:04:05.678Z", 9),
                    after("orderBy=-created_at,-id", "2025-11-12T13:14:15.000Z", 2)),
            contact(after("orderBy=-created_at", "2026-01-02T03:04:05.678Z", 9), after("orderBy=-created_at", "2024-01-01T00:00:00Z", 1)),
            contact(after("orderBy=score", null, 4), after("orderBy=score", null, 8)),
            contact(after("orderBy=score", 1.5, 4), after("orderBy=score", -7.0, 1)),
            contact(after("orderBy=-score", null, 4), after("orderBy=-score", null, 11)),
            contact(after("orderBy=-score", 1.5, 4), after("orderBy=-score", 0.25, 3)),
            contact(after("orderBy=email,-score", "a@x", null, 4), after("orderBy=email,-score", "b@y", null, 5)),
            contact(after("orderBy=email,-score", null, 2.5, 4), after("orderBy=email,-score", null, 0.5, 6)),
            contact(after("orderBy=-email,score", null, null, 4) + "&status=won",
                    after("orderBy=-email,score", null, null, 6) + "&status=lead"),
            // full-text search: in the WHERE, and ranked by relevance
            company("q=acme&orderBy=name", "q=bob&orderBy=name"),
            company("q=acme%20-x%20y*%20or%20%22big%20co%22&orderBy=name", "q=foo%20-bar%20baz*%20or%20%22small%20co%22&orderBy=name"),
            company("q=acme", "q=bob"),
            company("q=acme%20-x&limit=5", "q=bob%20-y&limit=3"));

    static SameShape contact(String first, String second) {
        return new SameShape(CONTACT, first, second);
    }

    static SameShape company(String first, String second) {
        return new SameShape(COMPANY, first, second);
    }

    /** Each statement the renderer caches; {@code n} varies the values that are not in the query string. */
    interface Statement {
        Object render(SqlRenderer r, ListQuery q, int n);
    }

    static final Map<String, Statement> STATEMENTS = statements();

    static Map<String, Statement> statements() {
        Map<String, Statement> s = new LinkedHashMap<>();
        s.put("select", (r, q, n) -> r.select(q, scope(q.model(), n)));
        s.put("count", (r, q, n) -> r.count(q, scope(q.model(), n)));
        s.put("update", (r, q, n) -> r.update(q, set(q.model(), n), scope(q.model(), n)));
        s.put("delete", (r, q, n) -> r.delete(q, scope(q.model(), n)));
        s.put("condition", (r, q, n) -> r.condition(q.model(), q.filter()));
        s.put("perparent", (r, q, n) -> r.selectPerParent(q, scope(q.model(), n), List.of(column(q.model(), "id")), 2 + n));
        s.put("linked", (r, q, n) -> {
            Field id = column(q.model(), "id");
            List<String> parents = n == 0 ? List.of("1", "2", "3") : List.of("40", "50", "60", "70");
            return r.selectLinked(q, scope(q.model(), n), "_Link", "A", "B", id, id, parents, 3 + n);
        });
        return s;
    }

    /** Owner scoping and an IS NULL on Contact; a key on Company. */
    static List<ScopePredicate> scope(Model model, int n) {
        if (model == CONTACT) {
            return List.of(new ScopePredicate.Equals(column(CONTACT, "user_id"), "u" + n),
                    new ScopePredicate.IsNull(column(CONTACT, "page")));
        }
        return List.of(new ScopePredicate.Equals(column(model, "id"), 100 + n));
    }

    /** A SET with a NULL, an enum and a DateTime on Contact; text on Company. */
    static Map<Field, Object> set(Model model, int n) {
        Map<Field, Object> set = new LinkedHashMap<>();
        if (model == CONTACT) {
            set.put(column(CONTACT, "active"), n == 0);
            set.put(column(CONTACT, "score"), null);
            set.put(column(CONTACT, "status"), n == 0 ? "won" : "lead");
            set.put(column(CONTACT, "deleted_at"), Instant.ofEpochSecond(1_700_000_000L + n));
        } else {
            set.put(column(model, "name"), "name " + n);
        }
        return set;
    }

    static Field column(Model model, String name) {
        return CrmSchema.column(model, name);
    }

    static ListQuery parse(Model model, String query) {
        return PARSER.parse(model, SCHEMA, QueryParams.of(query));
    }

    static Stream<Arguments> cases() {
        return Stream.of(SQLDialect.SQLITE, SQLDialect.POSTGRES).flatMap(d -> STATEMENTS.keySet().stream()
                .flatMap(statement -> SHAPES.stream().map(shape -> Arguments.of(d, statement, shape))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void aCachedShapeGivesWhatAFreshRenderingGivesWithoutBuildingJooq(SQLDialect dialect, String statement, SameShape shape) {
        Statement s = STATEMENTS.get(statement);
        SqlRenderer warm = new SqlRenderer(dialect, SCHEMA);
        Object first = s.render(warm, parse(shape.model(), shape.first()), 0);
        assertThat(warm.renders()).isEqualTo(1);
        assertThat(warm.cachedShapes()).isEqualTo(1);

        Object cached = s.render(warm, parse(shape.model(), shape.second()), 1);
        assertThat(warm.renders()).as("a repeated shape builds no jOOQ model").isEqualTo(1);
        assertThat(warm.cachedShapes()).isEqualTo(1);
        assertThat(sql(cached)).as("one shape, one text").isSameAs(sql(first));

        SqlRenderer fresh = new SqlRenderer(dialect, SCHEMA);
        assertThat(cached).isEqualTo(s.render(fresh, parse(shape.model(), shape.second()), 1));
        assertThat(fresh.renders()).isEqualTo(1);
    }

    static String sql(Object rendered) {
        return rendered instanceof SelectSql select ? select.statement().sql() : ((RenderedSql) rendered).sql();
    }

    @Test
    void anotherShapeRendersAgain() {
        SqlRenderer r = new SqlRenderer(SQLDialect.POSTGRES, SCHEMA);
        r.count(parse(CONTACT, "status=won"), List.of());
        r.count(parse(CONTACT, "status=lead"), List.of());
        assertThat(r.renders()).isEqualTo(1);
        r.count(parse(CONTACT, "status__ne=won"), List.of());
        r.select(parse(CONTACT, "status=won"), List.of());
        r.count(parse(CONTACT, "email__isnull=false"), List.of());
        r.count(parse(CONTACT, "email__isnull=true"), List.of());
        r.count(parse(CONTACT, "id__in=1,2,3,4,5"), List.of());
        r.count(parse(CONTACT, "status=won&with_deleted=true"), List.of());
        r.count(parse(CONTACT, "status=won"), List.of(new ScopePredicate.IsNull(column(CONTACT, "page"))));
        r.select(parse(CONTACT, after("orderBy=score", null, 4)), List.of());
        r.select(parse(CONTACT, after("orderBy=score", 1.5, 4)), List.of());
        assertThat(r.renders()).isEqualTo(10);
        assertThat(r.cachedShapes()).isEqualTo(10);
    }

    @Test
    void aCachedShapeStillRefusesWhatItRefused() {
        SqlRenderer r = new SqlRenderer(SQLDialect.SQLITE, SCHEMA);
        ListQuery q = parse(CONTACT, "status=won");
        Field id = column(CONTACT, "id");
        r.selectLinked(q, List.of(), "_Link", "A", "B", id, id, List.of("1"), 3);
        assertThatThrownBy(() -> r.selectLinked(q, List.of(), "_Link", "A", "B", id, id, List.of("x"), 3))
                .isInstanceOf(QueryException.class);
        r.count(q, List.of());
        assertThatThrownBy(() -> r.count(q, List.of(new ScopePredicate.Equals(column(CONTACT, "legacy"), "x"))))
                .hasMessageContaining("not served");
        assertThat(r.renders()).isEqualTo(2);
    }

    @Test
    void aKeyWalkThatDisagreesWithTheRenderingIsRefused() {
        SqlRenderer.requireSameShape("count|7:Contact|where", List.of(1, "a"), "count|7:Contact|where", List.of(1, "a"));
        SqlRenderer.requireSameShape("k", List.of(new byte[] {1, 2}), "k", List.of(new byte[] {1, 2}));
        assertThatThrownBy(() -> SqlRenderer.requireSameShape("k?", List.of(1), "k??", List.of(1, 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("k??");
        assertThatThrownBy(() -> SqlRenderer.requireSameShape("k?", List.of(1), "k?", List.of(2)))
                .isInstanceOf(IllegalStateException.class);
    }
}
