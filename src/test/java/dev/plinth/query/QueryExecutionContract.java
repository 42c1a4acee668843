package dev.plinth.query;

import static dev.plinth.query.CrmSchema.CONTACT;
import static dev.plinth.query.CrmSchema.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.schema.model.Field;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs rendered SQL against a real database holding a hand-made {@code Contact} table, and checks
 * the rows against the same filters evaluated in Java; keyset pages against offset pages for every
 * order, also with rows inserted between pages. Subclasses supply SQLite or PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QueryExecutionContract {

    /** A row of the test table, as inserted. */
    record Row(int id, String fullName, String email, String status, Double score, BigDecimal amount, Long views,
            boolean active, Instant createdAt, Integer page, Integer companyId, String userId, Instant deletedAt,
            String ref, String data) {
    }

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String[] NAMES = {"Acme Corp", "acme labs", "ACME", "Beta 50% off", "under_score", "under-score",
        "star*name", "Zed", "O'Brien", "Smith, J", "Doe", "bracket[x]"};

    final QueryParser parser = new QueryParser(QueryParserTest.CURSORS);
    final List<Row> rows = new ArrayList<>();
    SqlRenderer renderer;
    Connection connection;

    abstract SQLDialect dialect();

    abstract Connection open() throws SQLException;

    /** Creates {@code Company} and {@code Contact} as Plinth (or Prisma) would for this database. */
    abstract void createTables(Connection c) throws SQLException;

    /** An INSERT of every column of {@link Row}, with the casts this database needs. */
    abstract String insertSql();

    @BeforeAll
    void setUp() throws SQLException {
        renderer = new SqlRenderer(dialect(), SCHEMA);
        connection = open();
        createTables(connection);
        for (int i = 1; i <= 48; i++) {
            rows.add(insert(row(i)));
        }
    }

    @AfterAll
    void closeConnection() throws SQLException {
        connection.close();
    }

    static Row row(int i) {
        return new Row(i, NAMES[i % NAMES.length], i % 4 == 0 ? null : "u" + i + "@x.io",
                List.of("lead", "won", "lost_deal", "lead").get(i % 4),
                i % 5 == 0 ? null : (i % 7) * 0.5,
                i % 6 == 0 ? null : new BigDecimal((i % 4) + ".50"),
                i % 3 == 0 ? null : i * 1_000_000_000L,
                i % 3 != 1,
                T0.plus(Duration.ofHours(12L * (i % 10))).plusMillis((i % 2) * 123L),
                i % 4 == 0 ? null : i % 5,
                i % 3 == 0 ? null : (i % 2) + 1,
                i % 2 == 0 ? "u1" : "u2",
                i % 9 == 8 ? T0.plus(Duration.ofDays(30)) : null,
                i % 5 == 0 ? null : UUID.nameUUIDFromBytes(("r" + i).getBytes(StandardCharsets.UTF_8)).toString(),
                i % 2 == 0 ? "{\"k\": 1}" : null);
    }

    Row insert(Row r) throws SQLException {
        JdbcBinding b = new JdbcBinding(dialect() == SQLDialect.SQLITE, DateTimeStorage.ISO_TEXT);
        try (PreparedStatement ps = connection.prepareStatement(insertSql())) {
            Object[] values = {r.id, r.fullName, r.email, r.status, r.score, r.amount, r.views,
                b.toJdbc(r.active, CONTACT, column("active"), ColumnKind.BOOLEAN),
                b.toJdbc(r.createdAt, CONTACT, column("created_at"), ColumnKind.DATETIME), r.page, r.companyId, r.userId,
                b.toJdbc(r.deletedAt, CONTACT, column("deleted_at"), ColumnKind.DATETIME), r.ref, r.data};
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
        return r;
    }

    static Field column(String name) {
        return CrmSchema.column(CONTACT, name);
    }

    ListQuery parse(String query) {
        return parser.parse(CONTACT, SCHEMA, QueryParams.of(query));
    }

    /** Runs a rendered SELECT; returns each row's values of the given 1-based columns (the id first). */
    List<List<Object>> run(RenderedSql sql, List<Integer> columns) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql.sql())) {
            for (int i = 0; i < sql.binds().size(); i++) {
                ps.setObject(i + 1, sql.binds().get(i));
            }
            List<List<Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> values = new ArrayList<>();
                    for (int c : columns) {
                        values.add(rs.getObject(c));
                    }
                    out.add(values);
                }
            }
            return out;
        }
    }

    long scalar(RenderedSql sql) throws SQLException {
        List<List<Object>> r = run(sql, List.of(1));
        return ((Number) r.getFirst().getFirst()).longValue();
    }

    List<Integer> ids(String query) throws SQLException {
        SelectSql select = renderer.select(parse(query + "&per_page=1000"), List.of());
        return run(select.statement(), List.of(1)).stream().map(v -> ((Number) v.getFirst()).intValue()).toList();
    }

    static Object[][] filters() {
        Instant jan3noon = Instant.parse("2026-01-03T12:00:00Z");
        Row sample = row(7);
        return new Object[][] {
            {"full_name=Acme Corp", (Predicate<Row>) r -> r.fullName.equals("Acme Corp")},
            {"full_name__eq=%22Smith, J%22", (Predicate<Row>) r -> r.fullName.equals("Smith, J")},
            {"full_name__ne=Acme Corp", (Predicate<Row>) r -> !r.fullName.equals("Acme Corp")},
            {"full_name__in=%22Smith, J%22,Doe", (Predicate<Row>) r -> r.fullName.equals("Smith, J") || r.fullName.equals("Doe")},
            {"full_name__contains=cme", (Predicate<Row>) r -> r.fullName.contains("cme")},
            {"full_name__icontains=aCmE", (Predicate<Row>) r -> r.fullName.toLowerCase().contains("acme")},
            {"full_name__startswith=Ac", (Predicate<Row>) r -> r.fullName.startsWith("Ac")},
            {"full_name__startswith=ac", (Predicate<Row>) r -> r.fullName.startsWith("ac")},
            {"full_name__endswith=Corp", (Predicate<Row>) r -> r.fullName.endsWith("Corp")},
            {"full_name__contains=%25", (Predicate<Row>) r -> r.fullName.contains("%")},
            {"full_name__contains=_", (Predicate<Row>) r -> r.fullName.contains("_")},
            {"full_name__icontains=_S", (Predicate<Row>) r -> r.fullName.toLowerCase().contains("_s")},
            {"full_name__contains=*", (Predicate<Row>) r -> r.fullName.contains("*")},
            {"full_name__contains=[x", (Predicate<Row>) r -> r.fullName.contains("[x")},
            {"full_name__endswith=!", (Predicate<Row>) r -> r.fullName.endsWith("!")},
            {"full_name__gt=O", (Predicate<Row>) null},
            {"status=lead", (Predicate<Row>) r -> r.status.equals("lead")},
            {"status__ne=lead", (Predicate<Row>) r -> !r.status.equals("lead")},
            {"status__in=won,lost_deal", (Predicate<Row>) r -> !r.status.equals("lead")},
            {"status__nin=lost_deal", (Predicate<Row>) r -> !r.status.equals("lost_deal")},
            {"score__gt=1.5", (Predicate<Row>) r -> r.score != null && r.score > 1.5},
            {"score__lte=1.5", (Predicate<Row>) r -> r.score != null && r.score <= 1.5},
            {"score__ne=1.5", (Predicate<Row>) r -> r.score != null && r.score != 1.5},
            {"amount=2.5", (Predicate<Row>) r -> r.amount != null && r.amount.compareTo(new BigDecimal("2.5")) == 0},
            {"amount__gte=1.500", (Predicate<Row>) r -> r.amount != null && r.amount.compareTo(new BigDecimal("1.5")) >= 0},
            {"views__gte=20000000000", (Predicate<Row>) r -> r.views != null && r.views >= 20_000_000_000L},
            {"views__in=5000000000,7000000000", (Predicate<Row>) r -> r.views != null && (r.views == 5_000_000_000L || r.views == 7_000_000_000L)},
            {"active=false", (Predicate<Row>) r -> !r.active},
            {"active__ne=false", (Predicate<Row>) r -> r.active},
            {"created_at__gte=2026-01-03", (Predicate<Row>) r -> !r.createdAt.isBefore(Instant.parse("2026-01-03T00:00:00Z"))},
            {"created_at__lt=2026-01-03T12:00:00Z", (Predicate<Row>) r -> r.createdAt.isBefore(jan3noon)},
            {"created_at=" + sample.createdAt(), (Predicate<Row>) r -> r.createdAt.equals(sample.createdAt())},
            {"created_at__gt=2026-01-03T14:00:00%2B02:00", (Predicate<Row>) r -> r.createdAt.isAfter(jan3noon)},
            {"email__isnull=true", (Predicate<Row>) r -> r.email == null},
            {"email__isnull=false", (Predicate<Row>) r -> r.email != null},
            {"data__isnull=false", (Predicate<Row>) r -> r.data != null},
            {"page__eq=3", (Predicate<Row>) r -> Objects.equals(r.page, 3)},
            {"page=1&page__gte=3", (Predicate<Row>) r -> r.page != null && r.page >= 3},
            {"id__in=1,2,3", (Predicate<Row>) r -> r.id <= 3},
            {"id__nin=(1,2,3,4,5)", (Predicate<Row>) r -> r.id > 5},
            {"ref=" + sample.ref(), (Predicate<Row>) r -> Objects.equals(r.ref, sample.ref())},
            {"ref__startswith=" + sample.ref().substring(0, 6), (Predicate<Row>) r -> r.ref != null && r.ref.startsWith(sample.ref().substring(0, 6))},
            {"or=(status=lead,and=(full_name__icontains=acme,company_id__isnull=true))",
                (Predicate<Row>) r -> r.status.equals("lead") || (r.fullName.toLowerCase().contains("acme") && r.companyId == null)},
            {"not=(status=lead)", (Predicate<Row>) r -> !r.status.equals("lead")},
            {"not=(status=lead,active=true)", (Predicate<Row>) r -> !(r.status.equals("lead") && r.active)},
            {"or=(score__gt=2,score__isnull=true)&active=true", (Predicate<Row>) r -> (r.score == null || r.score > 2) && r.active},
            {"or=(full_name__in=(%22Smith, J%22,Zed),views__isnull=true)",
                (Predicate<Row>) r -> r.fullName.equals("Smith, J") || r.fullName.equals("Zed") || r.views == null},
            {"with_deleted=true", (Predicate<Row>) r -> true},
            {"with_deleted=true&deleted_at__isnull=false", (Predicate<Row>) r -> r.deletedAt != null},
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void filtersMatchTheJavaOracle(String query, Predicate<Row> oracle) throws SQLException {
        if (oracle == null) {
            // Text order is the database's collation: check only that the filter runs and is consistent with count.
            assertThat(ids(query)).hasSize((int) scalar(renderer.count(parse(query), List.of())));
            return;
        }
        boolean withDeleted = query.contains("with_deleted=true");
        List<Integer> expected = rows.stream()
                .filter(r -> withDeleted || r.deletedAt == null)
                .filter(oracle)
                .map(Row::id)
                .toList();
        assertThat(ids(query)).as(query).containsExactlyElementsOf(expected);
        assertThat(scalar(renderer.count(parse(query), List.of()))).isEqualTo(expected.size());
    }

    @Test
    void scopeIsAndedIn() throws SQLException {
        ScopePredicate owner = new ScopePredicate.Equals(column("user_id"), "u1");
        SelectSql select = renderer.select(parse("status=lead&per_page=1000"), List.of(owner));
        List<Integer> ids = run(select.statement(), List.of(1)).stream().map(v -> ((Number) v.getFirst()).intValue()).toList();
        assertThat(ids).isEqualTo(rows.stream().filter(r -> r.deletedAt == null && r.status.equals("lead")
                && r.userId.equals("u1")).map(Row::id).toList());
        assertThat(ids).isNotEmpty();
    }

    @Test
    void selectReturnsTheChosenColumns() throws SQLException {
        SelectSql select = renderer.select(parse("select=full_name,id&id=3"), List.of());
        assertThat(select.shownColumns()).isEqualTo(2);
        assertThat(run(select.statement(), List.of(1, 2))).containsExactly(List.of(row(3).fullName(), 3));
    }

    static List<String> orders() {
        return List.of("", "orderBy=full_name", "orderBy=-full_name", "orderBy=score", "orderBy=-score",
                "orderBy=email:desc,score", "orderBy=-created_at", "orderBy=created_at", "orderBy=status,-score",
                "orderBy=amount,-views", "orderBy=-active,page", "orderBy=company_id:desc,email:asc",
                "orderBy=-id", "orderBy=user_id,-page,score:desc", "orderBy=ref", "orderBy=page,-amount,created_at:desc");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("orders")
    void keysetPagesEqualOffsetPages(String order) throws SQLException {
        for (String filter : List.of("", "&or=(status=lead,score__isnull=true)")) {
            List<Integer> offset = offsetWalk(order + filter, 7);
            List<Integer> keyset = keysetWalk(order + filter, 7, null);
            assertThat(keyset).as(order + filter).isEqualTo(offset);
            assertThat(offset).doesNotHaveDuplicates();
            List<Integer> all = ids(order + filter);
            assertThat(offset).isEqualTo(all);
        }
        Comparator<Row> oracle = comparator(parse(order).order());
        if (oracle != null) {
            List<Integer> expected = rows.stream().filter(r -> r.deletedAt == null).sorted(oracle).map(Row::id).toList();
            assertThat(offsetWalk(order, 7)).as("order " + order).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("orders")
    void keysetPagesAreStableUnderInserts(String order) throws SQLException {
        List<Integer> before = offsetWalk(order, 1000);
        List<Integer> inserted = new ArrayList<>();
        List<Integer> walked = keysetWalk(order, 5, page -> {
            // Between pages, add rows that sort anywhere: before, inside and after the walked part.
            for (int k = 0; k < 3; k++) {
                int id = 1000 + page * 10 + k;
                Row r = row(id);
                try {
                    insert(new Row(id, r.fullName, r.email == null ? null : "n" + id + "@x.io", r.status, r.score,
                            r.amount, r.views, r.active, r.createdAt, r.page, r.companyId, r.userId, null, r.ref == null
                            ? null : UUID.randomUUID().toString(), r.data));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                inserted.add(id);
            }
        });
        try {
            List<Integer> after = offsetWalk(order, 1000);
            assertThat(walked).as("no row twice").doesNotHaveDuplicates();
            assertThat(walked).as("every row that existed is seen").containsAll(before);
            // The walk is the final order restricted to what it saw: no row was seen out of order.
            assertThat(walked).isEqualTo(after.stream().filter(walked::contains).toList());
        } finally {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM \"Contact\" WHERE \"id\" >= 1000")) {
                ps.executeUpdate();
            }
        }
    }

    @Test
    void countIsTheTrueTotal() throws SQLException {
        assertThat(scalar(renderer.count(parse("per_page=1"), List.of())))
                .isEqualTo(rows.stream().filter(r -> r.deletedAt == null).count());
    }

    @Test
    void updateAndDeleteTouchExactlyTheFilteredScopedRows() throws SQLException {
        ScopePredicate owner = new ScopePredicate.Equals(column("user_id"), "u2");
        ListQuery q = parse("status=won&full_name__icontains=acme");
        Predicate<Row> hit = r -> r.deletedAt == null && r.status.equals("won")
                && r.fullName.toLowerCase().contains("acme") && r.userId.equals("u2");
        long expected = rows.stream().filter(hit).count();
        assertThat(expected).isPositive();
        connection.setAutoCommit(false);
        try {
            Map<Field, Object> set = new LinkedHashMap<>();
            set.put(column("page"), 99);
            set.put(column("status"), "lost_deal");
            set.put(column("deleted_at"), Instant.parse("2026-02-01T00:00:00Z"));
            set.put(column("email"), null);
            assertThat(execute(renderer.update(q, set, List.of(owner)))).isEqualTo(expected);
            assertThat(ids("with_deleted=true&page__eq=99&status=lost_deal&deleted_at=2026-02-01&email__isnull=true"))
                    .containsExactlyElementsOf(rows.stream().filter(hit).map(Row::id).toList());
            connection.rollback();
            assertThat(execute(renderer.delete(q, List.of(owner)))).isEqualTo(expected);
            assertThat(ids("status=won&full_name__icontains=acme&user_id=u2")).isEmpty();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        assertThat(ids("status=won&full_name__icontains=acme&user_id=u2")).hasSize((int) expected);
    }

    long execute(RenderedSql sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql.sql())) {
            for (int i = 0; i < sql.binds().size(); i++) {
                ps.setObject(i + 1, sql.binds().get(i));
            }
            return ps.executeUpdate();
        }
    }

    List<Integer> offsetWalk(String query, int perPage) throws SQLException {
        List<Integer> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            SelectSql s = renderer.select(parse(query + "&page=" + page + "&per_page=" + perPage), List.of());
            List<List<Object>> rowsOfPage = run(s.statement(), List.of(1));
            rowsOfPage.forEach(r -> out.add(((Number) r.getFirst()).intValue()));
            if (rowsOfPage.size() < perPage) {
                return out;
            }
        }
    }

    /** Walks every keyset page; {@code between} runs after each page with the page number. */
    List<Integer> keysetWalk(String query, int limit, java.util.function.IntConsumer between) throws SQLException {
        List<Integer> out = new ArrayList<>();
        String cursor = null;
        for (int page = 1; page < 200; page++) {
            ListQuery q = parse(query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            SelectSql s = renderer.select(q, List.of());
            assertThat(s.fetchLimit()).isEqualTo(limit + 1);
            List<Integer> columns = new ArrayList<>(List.of(1));
            columns.addAll(s.cursorColumns());
            List<List<Object>> fetched = run(s.statement(), columns);
            List<List<Object>> shown = fetched.subList(0, Math.min(limit, fetched.size()));
            shown.forEach(r -> out.add(((Number) r.getFirst()).intValue()));
            if (fetched.size() <= limit) {
                return out;
            }
            List<Object> last = shown.getLast();
            cursor = QueryParserTest.CURSORS.encode(q, last.subList(1, last.size()));
            if (between != null) {
                between.accept(page);
            }
        }
        throw new AssertionError("keyset walk did not end");
    }

    /** The order in Java for orders over non-text columns (text order is the database's collation), else null. */
    static Comparator<Row> comparator(List<OrderTerm> order) {
        Comparator<Row> c = null;
        for (OrderTerm t : order) {
            Function<Row, Comparable<?>> key = switch (t.field().columnName()) {
                case "id" -> Row::id;
                case "score" -> Row::score;
                case "amount" -> Row::amount;
                case "views" -> Row::views;
                case "active" -> Row::active;
                case "created_at" -> Row::createdAt;
                case "page" -> Row::page;
                case "company_id" -> Row::companyId;
                default -> null;
            };
            if (key == null) {
                return null;
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            Comparator<Row> term = Comparator.comparing((Function) key, Comparator.nullsLast(Comparator.naturalOrder()));
            if (t.descending()) {
                term = term.reversed();
            }
            c = c == null ? term : c.thenComparing(term);
        }
        return c;
    }
}
