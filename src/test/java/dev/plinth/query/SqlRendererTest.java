package dev.plinth.query;

import static dev.plinth.query.CrmSchema.CONTACT;
import static dev.plinth.query.CrmSchema.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.NativeType;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Span;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlRendererTest {

    static final QueryParser PARSER = new QueryParser(QueryParserTest.CURSORS);

    static ListQuery parse(String query) {
        return PARSER.parse(CONTACT, SCHEMA, QueryParams.of(query));
    }

    static String after(String order, Object... values) {
        String cursor = QueryParserTest.CURSORS.encode(parse(order + "&limit=5"), Arrays.asList(values));
        return order + "&limit=5&cursor=" + cursor;
    }

    static Field field(String column) {
        return CrmSchema.column(CONTACT, column);
    }

    @Nested
    class Sqlite {
        final SqlRenderer r = new SqlRenderer(SQLDialect.SQLITE, SCHEMA);

        @Test
        void aPageWithFiltersGroupsAndScope() {
            SelectSql s = r.select(parse("select=id,full_name&or=(status=lead,and=(full_name__icontains=50%25_off!,"
                    + "company_id__isnull=true))&active=false&created_at__gte=2026-01-01&page=3&per_page=20&orderBy=-score"),
                    List.of(new ScopePredicate.Equals(field("user_id"), "u1")));
            assertThat(s.statement().sql()).isEqualTo("SELECT `id`, `full_name` FROM `Contact` WHERE ((`status` = ? OR"
                    + " (lower(`full_name`) LIKE lower(?) ESCAPE '!' AND `company_id` IS NULL)) AND `active` = ? AND"
                    + " `created_at` >= ? AND `user_id` = ? AND `deleted_at` IS NULL)"
                    + " ORDER BY `score` DESC NULLS FIRST, `id` ASC LIMIT ? OFFSET ?");
            assertThat(s.statement().binds()).containsExactly("lead", "%50!%!_off!!%", 0, "2026-01-01T00:00:00.000Z",
                    "u1", 20, 40L);
            assertThat(s.shownColumns()).isEqualTo(2);
            assertThat(s.cursorColumns()).isEmpty();
            assertThat(s.fetchLimit()).isEqualTo(20);
        }

        @Test
        void caseSensitiveTextLookupsUseGlobWithItsWildcardsEscaped() {
            RenderedSql s = r.count(parse("full_name__contains=a*b?c[d]&full_name__startswith=x_&full_name__endswith=%25"), List.of());
            assertThat(s.sql()).isEqualTo("SELECT count(*) FROM `Contact` WHERE ((`full_name` GLOB ?) AND"
                    + " (`full_name` GLOB ?) AND (`full_name` GLOB ?) AND `deleted_at` IS NULL)");
            assertThat(s.binds()).containsExactly("*a[*]b[?]c[[]d]*", "x_*", "*%");
        }

        @Test
        void keysetFirstAndNextPages() {
            SelectSql first = r.select(parse("select=full_name&orderBy=-created_at&limit=5"), List.of());
            assertThat(first.statement().sql()).isEqualTo("SELECT `full_name`, `created_at`, `id` FROM `Contact`"
                    + " WHERE `deleted_at` IS NULL ORDER BY `created_at` DESC, `id` ASC LIMIT ?");
            assertThat(first.cursorColumns()).containsExactly(2, 3);
            assertThat(first.shownColumns()).isEqualTo(1);
            assertThat(first.fetchLimit()).isEqualTo(6);
            assertThat(first.statement().binds()).containsExactly(6);

            SelectSql uniform = r.select(parse(after("orderBy=-created_at,-id", "2026-01-02T03:04:05.678Z", 9)), List.of());
            assertThat(uniform.statement().sql()).contains("WHERE (`deleted_at` IS NULL AND (`created_at`, `id`) < (?, ?))");
            assertThat(uniform.statement().binds()).containsExactly("2026-01-02T03:04:05.678Z", 9, 6);

            // mixed directions: the OR of the keyset, and a bound on the required first key an index can seek on
            SelectSql mixed = r.select(parse(after("orderBy=-created_at", "2026-01-02T03:04:05.678Z", 9)), List.of());
            assertThat(mixed.statement().sql()).contains("WHERE (`deleted_at` IS NULL AND `created_at` <= ? AND"
                    + " (`created_at` < ? OR (`created_at` = ? AND `id` > ?)))");
            assertThat(mixed.statement().binds()).containsExactly("2026-01-02T03:04:05.678Z", "2026-01-02T03:04:05.678Z",
                    "2026-01-02T03:04:05.678Z", 9, 6);
        }

        @Test
        void aPageReadNotIndexedAndABoundedCountOfItsMatches() {
            ListQuery q = parse("status=won&per_page=20");
            SelectSql walk = r.select(q, List.of(), true);
            assertThat(walk.statement().sql()).contains("FROM `Contact` NOT INDEXED WHERE (`status` = ? AND `deleted_at` IS NULL)"
                    + " ORDER BY `id` ASC LIMIT ? OFFSET ?");
            assertThat(walk.statement().binds()).containsExactly("won", 20, 0L);
            assertThat(r.select(q, List.of(), false).statement().sql()).doesNotContain("NOT INDEXED");
            RenderedSql probe = r.countUpTo(q, List.of(), 900);
            assertThat(probe.sql()).isEqualTo("SELECT count(*) FROM (SELECT 1 AS `plinth_one` FROM `Contact`"
                    + " WHERE (`status` = ? AND `deleted_at` IS NULL) LIMIT ?) AS `plinth_matches`");
            assertThat(probe.binds()).containsExactly("won", 900);
        }

        @Test
        void keysetAfterNullsAndOnNullableColumns() {
            SelectSql ascNull = r.select(parse(after("orderBy=score", null, 4)), List.of());
            assertThat(ascNull.statement().sql()).contains("WHERE (`deleted_at` IS NULL AND `score` IS NULL AND `id` > ?)");
            assertThat(ascNull.statement().binds()).containsExactly(4, 6);
            SelectSql asc = r.select(parse(after("orderBy=score", 1.5, 4)), List.of());
            assertThat(asc.statement().sql()).contains("(`score` > ? OR `score` IS NULL OR (`score` = ? AND `id` > ?))");
            SelectSql descNull = r.select(parse(after("orderBy=-score", null, 4)), List.of());
            assertThat(descNull.statement().sql()).contains("(`score` IS NOT NULL OR (`score` IS NULL AND `id` > ?))");
            SelectSql desc = r.select(parse(after("orderBy=-score", 1.5, 4)), List.of());
            assertThat(desc.statement().sql()).contains("(`score` < ? OR (`score` = ? AND `id` > ?))");
        }

        @Test
        void listsArePaddedToAPowerOfTwo() {
            assertThat(r.count(parse("id__in=1,2,3"), List.of()).binds()).containsExactly(1, 2, 3, 3);
            assertThat(r.count(parse("id__in=1,2,3,4"), List.of()).binds()).containsExactly(1, 2, 3, 4);
            assertThat(r.count(parse("id__nin=1,2,3,4,5"), List.of()).binds()).hasSize(8);
            assertThat(r.count(parse("id__in=7"), List.of()).sql()).contains("`id` IN (?)");
        }

        @Test
        void withDeletedDropsTheSoftDeleteCondition() {
            assertThat(r.count(parse("with_deleted=true"), List.of()).sql()).isEqualTo("SELECT count(*) FROM `Contact`");
            assertThat(r.count(parse("with_deleted=true"), List.of(new ScopePredicate.IsNull(field("company_id")))).sql())
                    .isEqualTo("SELECT count(*) FROM `Contact` WHERE `company_id` IS NULL");
        }

        @Test
        void updateAndDelete() {
            Map<Field, Object> set = new LinkedHashMap<>();
            set.put(field("active"), true);
            set.put(field("deleted_at"), Instant.parse("2026-05-06T07:08:09Z"));
            set.put(field("page"), null);
            RenderedSql u = r.update(parse("status=won"), set, List.of(new ScopePredicate.Equals(field("user_id"), "u9")));
            assertThat(u.sql()).isEqualTo("UPDATE `Contact` SET `active` = ?, `deleted_at` = ?, `page` = NULL"
                    + " WHERE (`status` = ? AND `user_id` = ? AND `deleted_at` IS NULL)");
            assertThat(u.binds()).containsExactly(1, "2026-05-06T07:08:09.000Z", "won", "u9");
            RenderedSql d = r.delete(parse("status__in=won,lost_deal"), List.of());
            assertThat(d.sql()).isEqualTo("DELETE FROM `Contact` WHERE (`status` IN (?, ?) AND `deleted_at` IS NULL)");
            assertThatThrownBy(() -> r.update(parse("status=won"), Map.of(), List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void epochMillisDateTimes() {
            SqlRenderer millis = new SqlRenderer(SQLDialect.SQLITE, SCHEMA, (model, f) -> f.columnName().equals("created_at"));
            assertThat(millis.count(parse("created_at__lt=1970-01-01T00:00:01.5Z"), List.of()).binds()).containsExactly(1500L);
        }
    }

    @Nested
    class Postgres {
        final SqlRenderer r = new SqlRenderer(SQLDialect.POSTGRES, SCHEMA);

        @Test
        void aPageWithFiltersGroupsAndScope() {
            SelectSql s = r.select(parse("select=id,full_name&or=(status=lead,and=(full_name__icontains=50%25_off!,"
                    + "company_id__isnull=true))&active=false&created_at__gte=2026-01-01&page=3&per_page=20&orderBy=-score"),
                    List.of(new ScopePredicate.Equals(field("user_id"), "u1")));
            assertThat(s.statement().sql()).isEqualTo("SELECT \"id\", \"full_name\" FROM \"Contact\" WHERE ((\"status\" ="
                    + " ?::\"contact_status\" OR (\"full_name\" ILIKE ? ESCAPE '!' AND \"company_id\" IS NULL)) AND"
                    + " \"active\" = ? AND \"created_at\" >= ? AND \"user_id\" = ? AND \"deleted_at\" IS NULL)"
                    + " ORDER BY \"score\" DESC, \"id\" ASC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
            // OFFSET comes before FETCH in the text, so its bind does too.
            assertThat(s.statement().binds()).containsExactly("lead", "%50!%!_off!!%", false,
                    LocalDateTime.parse("2026-01-01T00:00:00"), "u1", 40L, 20);
        }

        @Test
        void caseSensitiveTextLookupsUseLikeAndUuidColumnsAreCast() {
            RenderedSql s = r.count(parse("full_name__contains=a%25b&ref=0a0a0a0a-0000-0000-0000-000000000000"
                    + "&ref__startswith=0a&status__in=won,lost_deal"), List.of());
            assertThat(s.sql()).isEqualTo("SELECT count(*) FROM \"Contact\" WHERE (\"full_name\" LIKE ? ESCAPE '!' AND"
                    + " \"ref\" = ?::uuid AND \"ref\"::text LIKE ? ESCAPE '!' AND \"status\" IN (?::\"contact_status\","
                    + " ?::\"contact_status\") AND \"deleted_at\" IS NULL)");
            assertThat(s.binds()).containsExactly("%a!%b%", "0a0a0a0a-0000-0000-0000-000000000000", "0a%", "won", "lost_deal");
        }

        @Test
        void nullsAreLargestByDefaultSoNoNullsClause() {
            assertThat(r.select(parse("orderBy=-email,score"), List.of()).statement().sql())
                    .endsWith("ORDER BY \"email\" DESC, \"score\" ASC, \"id\" ASC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        }

        @Test
        void updateCastsEnumsAndJson() {
            Map<Field, Object> set = new LinkedHashMap<>();
            set.put(field("status"), "won");
            set.put(field("data"), "{\"a\":1}");
            set.put(field("deleted_at"), Instant.parse("2026-05-06T07:08:09Z"));
            RenderedSql u = r.update(parse("id=3"), set, List.of());
            assertThat(u.sql()).isEqualTo("UPDATE \"Contact\" SET \"status\" = ?::\"contact_status\", \"data\" = ?::jsonb,"
                    + " \"deleted_at\" = ? WHERE (\"id\" = ? AND \"deleted_at\" IS NULL)");
            assertThat(u.binds()).containsExactly("won", "{\"a\":1}", LocalDateTime.parse("2026-05-06T07:08:09"), 3);
        }

        @Test
        void schemaQualifiedTablesAndEnums() {
            Model billing = new Model(CONTACT.name(), CONTACT.tableName(), Optional.of("billing"), false, false,
                    CONTACT.fields(), CONTACT.primaryKey(), CONTACT.indexes(), Optional.empty(), Span.NONE);
            ListQuery q = PARSER.parse(billing, SCHEMA, QueryParams.of("status=won"));
            assertThat(r.count(q, List.of()).sql()).isEqualTo("SELECT count(*) FROM \"billing\".\"Contact\" WHERE"
                    + " (\"status\" = ?::\"billing\".\"contact_status\" AND \"deleted_at\" IS NULL)");
        }
    }

    @Test
    void postgresDateTimeBindsFollowTheNativeType() {
        JdbcBinding pg = new JdbcBinding(false, DateTimeStorage.ISO_TEXT);
        Instant t = Instant.parse("2026-03-04T05:06:07.089Z");
        assertThat(pg.toJdbc(t, CONTACT, dateTime(Optional.empty()), ColumnKind.DATETIME))
                .isEqualTo(LocalDateTime.parse("2026-03-04T05:06:07.089"));
        assertThat(pg.toJdbc(t, CONTACT, dateTime(Optional.of(new NativeType("Timestamptz", List.of("3")))), ColumnKind.DATETIME))
                .isEqualTo(OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 89_000_000, ZoneOffset.UTC));
        assertThat(pg.toJdbc(t, CONTACT, dateTime(Optional.of(new NativeType("Date", List.of()))), ColumnKind.DATETIME))
                .isEqualTo(LocalDate.parse("2026-03-04"));
        JdbcBinding sqlite = new JdbcBinding(true, DateTimeStorage.ISO_TEXT);
        assertThat(sqlite.toJdbc(Instant.parse("2026-03-04T05:06:07Z"), CONTACT, dateTime(Optional.empty()), ColumnKind.DATETIME))
                .isEqualTo("2026-03-04T05:06:07.000Z");
        assertThat(sqlite.toJdbc(false, CONTACT, field("active"), ColumnKind.BOOLEAN)).isEqualTo(0);
    }

    @Test
    void postgresCastsForTypesTheDriverCannotBindAsText() {
        JdbcBinding pg = new JdbcBinding(false, DateTimeStorage.ISO_TEXT);
        assertThat(pg.postgresCast(typed(ScalarType.DECIMAL, "Money"), ColumnKind.DECIMAL)).contains("money");
        assertThat(pg.postgresCast(typed(ScalarType.STRING, "Inet"), ColumnKind.STRING)).contains("inet");
        assertThat(pg.postgresCast(typed(ScalarType.STRING, "Citext"), ColumnKind.STRING)).contains("citext");
        assertThat(pg.postgresCast(typed(ScalarType.JSON, "Json"), ColumnKind.JSON)).contains("json");
        assertThat(pg.postgresCast(typed(ScalarType.JSON, "JsonB"), ColumnKind.JSON)).contains("jsonb");
        assertThat(pg.postgresCast(typed(ScalarType.STRING, "VarChar"), ColumnKind.STRING)).isEmpty();
        assertThat(new JdbcBinding(true, DateTimeStorage.ISO_TEXT)
                .postgresCast(typed(ScalarType.STRING, "Uuid"), ColumnKind.STRING)).isEmpty();
    }

    static Field typed(ScalarType type, String nativeName) {
        return new Field("x", "x", new FieldType.Scalar(type), false, false, Optional.empty(), false, false, false,
                false, Optional.of(new NativeType(nativeName, List.of())), Optional.empty(), Optional.empty(), Span.NONE);
    }

    static Field dateTime(Optional<NativeType> nativeType) {
        return new Field("at", "at", new FieldType.Scalar(ScalarType.DATETIME), false, false, Optional.empty(), false,
                false, false, false, nativeType, Optional.empty(), Optional.empty(), Span.NONE);
    }

    @Test
    void sqlIsRenderedOncePerShape() {
        SqlRenderer r = new SqlRenderer(SQLDialect.POSTGRES, SCHEMA);
        RenderedSql a = r.select(parse("status=lead&score__gt=1&orderBy=-created_at&page=2"), List.of()).statement();
        int shapes = r.cachedShapes();
        RenderedSql b = r.select(parse("status=won&score__gt=7.5&orderBy=-created_at&page=9&per_page=3"), List.of()).statement();
        assertThat(b.sql()).isSameAs(a.sql());
        assertThat(b.binds()).containsExactly("won", 7.5, 24L, 3);
        assertThat(r.cachedShapes()).isEqualTo(shapes);
        r.select(parse("status=won&score__gt=7.5&orderBy=created_at"), List.of());
        r.select(parse("email__isnull=true"), List.of());
        assertThat(r.select(parse("email__isnull=false"), List.of()).statement().sql()).contains("\"email\" IS NOT NULL");
        r.select(parse("id__in=1,2,3"), List.of());
        assertThat(r.cachedShapes()).isEqualTo(shapes + 4);
        r.select(parse("id__in=4,5,6,7"), List.of());
        assertThat(r.cachedShapes()).isEqualTo(shapes + 4);
    }

    @Test
    void fullTextSearchesTheFts5TableWithQuotedTermsOnly() {
        SqlRenderer r = new SqlRenderer(SQLDialect.SQLITE, SCHEMA);
        ListQuery q = PARSER.parse(CrmSchema.COMPANY, SCHEMA, QueryParams.of("q=" + java.net.URLEncoder.encode(
                "NEAR(acme \"big co\" -x or y*", java.nio.charset.StandardCharsets.UTF_8)));
        RenderedSql sql = r.select(q, List.of()).statement();
        // jOOQ quotes SQLite identifiers with backticks, which SQLite accepts.
        assertThat(sql.sql()).contains("JOIN (SELECT rowid AS `plinth_fts_rowid`, bm25(`Company_fts`)")
                .contains("ORDER BY `plinth_fts`.`plinth_fts_rank` ASC, `id` ASC");
        assertThat(sql.binds().getFirst()).isEqualTo("((\"near acme\" AND \"big co\") NOT \"x\") OR (\"y\"*)");
        RenderedSql count = r.count(q, List.of());
        assertThat(count.sql()).contains("rowid IN (SELECT rowid FROM `Company_fts` WHERE `Company_fts` MATCH ?)");
    }

    @Test
    void fullTextOnPostgresUsesTheIndexedExpression() {
        SqlRenderer r = new SqlRenderer(SQLDialect.POSTGRES, SCHEMA);
        ListQuery q = PARSER.parse(CrmSchema.COMPANY, SCHEMA, QueryParams.of("q=acme%20-x%20y*&orderBy=name"));
        RenderedSql sql = r.select(q, List.of()).statement();
        assertThat(sql.sql()).contains(dev.plinth.sql.FullTextIndex.postgresVector(List.of("\"name\"")) + " @@ ")
                .contains("websearch_to_tsquery('simple'::regconfig").contains("(!!websearch_to_tsquery")
                .contains("to_tsquery('simple'::regconfig").doesNotContain("ts_rank");
        assertThat(sql.binds()).containsSubsequence("\"acme\"", "\"x\"", "'y':*");
    }

    @Test
    void onlySqliteAndPostgres() {
        assertThatThrownBy(() -> new SqlRenderer(SQLDialect.MYSQL, SCHEMA)).isInstanceOf(IllegalArgumentException.class);
    }
}
