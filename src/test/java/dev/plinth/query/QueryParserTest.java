package dev.plinth.query;

import static dev.plinth.query.CrmSchema.COMPANY;
import static dev.plinth.query.CrmSchema.CONTACT;
import static dev.plinth.query.CrmSchema.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {

    static final CursorCodec CURSORS = new CursorCodec("a test secret of enough length".getBytes(StandardCharsets.UTF_8));
    final QueryParser parser = new QueryParser(CURSORS);

    ListQuery parse(String query) {
        return parse(CONTACT, query);
    }

    ListQuery parse(Model model, String query) {
        return parser.parse(model, SCHEMA, QueryParams.of(query));
    }

    QueryError error(String query) {
        return error(CONTACT, query);
    }

    QueryError error(Model model, String query) {
        return catchThrowableOfType(QueryException.class, () -> parse(model, query)).error();
    }

    Filter.Comparison only(String query) {
        List<Filter> parts = ((Filter.All) parse(query).filter()).parts();
        assertThat(parts).hasSize(1);
        return (Filter.Comparison) parts.getFirst();
    }

    @Nested
    class Lookups {

        @Test
        void bareColumnIsEqualityOnTheDatabaseColumnName() {
            Filter.Comparison c = only("full_name=Acme");
            assertThat(c.field().name()).isEqualTo("fullName");
            assertThat(c.operator()).isEqualTo(Operator.EQ);
            assertThat(c.values()).containsExactly("Acme");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "full_name__eq=a|EQ|a",
            "full_name__ne=a|NE|a",
            "full_name__gt=a|GT|a",
            "full_name__gte=a|GTE|a",
            "full_name__lt=a|LT|a",
            "full_name__lte=a|LTE|a",
            "full_name__contains=a%25_|CONTAINS|a%_",
            "full_name__icontains=AcMe|ICONTAINS|AcMe",
            "full_name__startswith=Ac|STARTSWITH|Ac",
            "full_name__endswith=me|ENDSWITH|me",
            "email__isnull=true|ISNULL|true",
            "email__isnull=false|ISNULL|false",
        })
        void everyLookupOnAStringColumn(String query, Operator op, String value) {
            Filter.Comparison c = only(query);
            assertThat(c.operator()).isEqualTo(op);
            assertThat(c.values()).containsExactly(op == Operator.ISNULL ? (Object) Boolean.valueOf(value) : value);
        }

        @Test
        void listLookups() {
            assertThat(only("status__in=lead,won").values()).containsExactly("lead", "won");
            assertThat(only("status__nin=(lead,won)").operator()).isEqualTo(Operator.NIN);
            assertThat(only("status__nin=(lead,won)").values()).containsExactly("lead", "won");
            assertThat(only("id__in=3").values()).containsExactly(3);
        }

        @Test
        void quotedListValuesHoldCommasAndEscapedQuotes() {
            assertThat(only("full_name__in=\"Smith, J\",Doe").values()).containsExactly("Smith, J", "Doe");
            assertThat(only("full_name__in=\"say \\\"hi\\\"\",\"back\\\\slash\"").values())
                    .containsExactly("say \"hi\"", "back\\slash");
            assertThat(only("full_name__in=a,,b").values()).containsExactly("a", "", "b");
            assertThat(only("full_name__in=\"(x)\"").values()).containsExactly("(x)");
            assertThat(only("status__in=lead, won").values()).containsExactly("lead", "won");
            assertThat(only("full_name__in=\" a \" , b").values()).containsExactly(" a ", "b");
        }

        @Test
        void aWhollyQuotedScalarIsUnquotedAndOtherTextIsLiteral() {
            assertThat(only("full_name=\"Smith, J\"").values()).containsExactly("Smith, J");
            assertThat(only("full_name=O\"Brien").values()).containsExactly("O\"Brien");
            assertThat(only("full_name=a,b").values()).containsExactly("a,b");
            assertThat(error("full_name=\"a\"b\"").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
        }

        @Test
        void badListQuoting() {
            assertThat(error("full_name__in=\"open,b").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(error("full_name__in=a\"b").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(error("full_name__in=\"a\"b").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(error("full_name__in=").message()).contains("at least one value");
        }

        @Test
        void repeatedFiltersAreAnded() {
            assertThat(((Filter.All) parse("status=lead&status=won").filter()).parts()).hasSize(2);
        }

        @Test
        void unknownColumnListsTheServedColumns() {
            QueryError e = error("fullName=x");
            assertThat(e.code()).isEqualTo(QueryError.Code.UNKNOWN_COLUMN);
            assertThat(e.parameter()).isEqualTo("fullName");
            assertThat(e.validValues()).containsExactly("id", "full_name", "email", "status", "score", "amount",
                    "views", "active", "created_at", "page", "data", "avatar", "company_id", "user_id", "deleted_at",
                    "tags", "ref");
            assertThat(e.message()).contains("fullName", "full_name, email");
        }

        @Test
        void otherApisSpellingsArePointedToPlinths() {
            QueryError e = error("order_by=id");
            assertThat(e.code()).isEqualTo(QueryError.Code.UNKNOWN_COLUMN);
            assertThat(e.message()).contains("did you mean 'orderBy'");
            assertThat(error("pageSize=3").message()).contains("'per_page'");
        }

        @Test
        void fieldsThatAreNotServedColumnsAreUnknown() {
            for (String key : List.of("secret=x", "legacy__isnull=true", "company=1", "company__isnull=true", "nope__gt=1")) {
                QueryError e = error(key);
                assertThat(e.code()).as(key).isEqualTo(QueryError.Code.UNKNOWN_COLUMN);
                assertThat(e.validValues()).doesNotContain("secret", "legacy", "company");
            }
        }

        @Test
        void unknownLookupAndLookupsThatDoNotApply() {
            QueryError unknown = error("full_name__like=x");
            assertThat(unknown.code()).isEqualTo(QueryError.Code.INVALID_PARAMETER);
            assertThat(unknown.parameter()).isEqualTo("full_name__like");
            assertThat(unknown.message()).contains("__like");
            for (String key : List.of("active__gt=true", "status__contains=le", "id__icontains=1", "data=x",
                    "avatar__eq=x", "tags__in=a", "created_at__startswith=2026")) {
                QueryError e = error(key);
                assertThat(e.code()).as(key).isEqualTo(QueryError.Code.INVALID_PARAMETER);
                assertThat(e.validValues()).as(key).contains("isnull");
            }
            // on a Json field __contains is containment (docs/query.md, "Json fields"): its value is a JSON document
            assertThat(error("data__contains=x").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(only("data__isnull=true").operator()).isEqualTo(Operator.ISNULL);
            assertThat(only("avatar__isnull=false").operator()).isEqualTo(Operator.ISNULL);
            assertThat(only("tags__isnull=false").operator()).isEqualTo(Operator.ISNULL);
        }
    }

    @Nested
    class TypedValues {

        @Test
        void numbers() {
            assertThat(only("id=42").values()).containsExactly(42);
            assertThat(only("id__gt=-7").values()).containsExactly(-7);
            assertThat(only("views__gte=9007199254740993").values()).containsExactly(9007199254740993L);
            assertThat(only("score__lt=1e3").values()).containsExactly(1000.0);
            assertThat(only("score__lt=.5").values()).containsExactly(0.5);
            assertThat(only("amount=12.50").values()).containsExactly(new BigDecimal("12.50"));
            assertThat(only("amount=0.1000000000000000000000001").values())
                    .containsExactly(new BigDecimal("0.1000000000000000000000001"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "id=4.2", "id=abc", "id=2147483648", "id=", "views=9223372036854775808", "score=NaN", "score=Infinity",
            "score=1.5d", "score=0x10", "score=1e400", "amount=1,5", "amount=12.", "active=yes", "active=1",
            "created_at=2026-13-01", "created_at=yesterday", "created_at__gt=2026-02-30", "status=lost", "status=LEAD",
            "email__isnull=maybe", "ref=abc", "ref__in=0a0a0a0a-0000-0000-0000-00000000000g", "full_name=a%00b",
            "full_name__contains=%00", "amount=1e999999", "amount=1e-2000", "created_at=%2B10000-01-01T00:00:00Z",
        })
        void aValueThatDoesNotParseNamesTheParameter(String query) {
            String parameter = query.substring(0, query.indexOf('='));
            if (query.equals("amount=12.")) {
                assertThat(only(query).values()).containsExactly(new BigDecimal("12"));
                return;
            }
            QueryError e = error(query);
            assertThat(e.code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(e.parameter()).isEqualTo(parameter);
            assertThat(e.message()).startsWith("'" + parameter + "'");
        }

        @Test
        void uuidColumnsTakeUuids() {
            assertThat(only("ref=0A0A0A0A-0000-0000-0000-000000000000").values()).containsExactly("0A0A0A0A-0000-0000-0000-000000000000");
            assertThat(only("ref__startswith=0a").values()).containsExactly("0a");
        }

        @Test
        void booleans() {
            assertThat(only("active=true").values()).containsExactly(true);
            assertThat(only("active__ne=FALSE").values()).containsExactly(false);
        }

        @Test
        void dateTimesAreUtcInstants() {
            assertThat(only("created_at__gte=2026-01-01").values()).containsExactly(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(only("created_at=2026-01-01T10:00:00Z").values()).containsExactly(Instant.parse("2026-01-01T10:00:00Z"));
            assertThat(only("created_at=2026-01-01T10:00:00.123Z").values())
                    .containsExactly(Instant.parse("2026-01-01T10:00:00.123Z"));
            assertThat(only("created_at=2026-01-01T10:00:00%2B02:00").values())
                    .containsExactly(Instant.parse("2026-01-01T08:00:00Z"));
            // An unencoded '+' arrives as a space.
            assertThat(only("created_at=2026-01-01T10:00:00+02:00").values())
                    .containsExactly(Instant.parse("2026-01-01T08:00:00Z"));
            assertThat(only("created_at=2026-01-01T10:00").values()).containsExactly(Instant.parse("2026-01-01T10:00:00Z"));
            assertThat(only("created_at=2026-01-01+10:00:00").values()).containsExactly(Instant.parse("2026-01-01T10:00:00Z"));
        }

        @Test
        void enumValuesAreTheirDatabaseNames() {
            assertThat(only("status=lost_deal").values()).containsExactly("lost_deal");
            QueryError e = error("status=lost");
            assertThat(e.validValues()).containsExactly("lead", "won", "lost_deal");
            assertThat(e.message()).contains("lead, won, lost_deal");
            assertThat(error("status__in=lead,nope").parameter()).isEqualTo("status__in");
        }
    }

    @Nested
    class Groups {

        @Test
        void nestedGroups() {
            ListQuery q = parse("or=(status=lead,and=(full_name__icontains=acme,company_id__isnull=true))");
            Filter.Any any = (Filter.Any) ((Filter.All) q.filter()).parts().getFirst();
            assertThat(any.parts()).hasSize(2);
            Filter.Comparison first = (Filter.Comparison) any.parts().get(0);
            assertThat(first.values()).containsExactly("lead");
            Filter.All and = (Filter.All) any.parts().get(1);
            assertThat(and.parts()).extracting(p -> ((Filter.Comparison) p).operator())
                    .containsExactly(Operator.ICONTAINS, Operator.ISNULL);
        }

        @Test
        void notNegatesTheConjunctionOfItsItems() {
            Filter f = ((Filter.All) parse("not=(status=lead,score__gt=2)").filter()).parts().getFirst();
            assertThat(f).isInstanceOf(Filter.Not.class);
            assertThat(((Filter.Not) f).part()).isInstanceOf(Filter.All.class);
            Filter single = ((Filter.All) parse("not=(status=lead)").filter()).parts().getFirst();
            assertThat(((Filter.Not) single).part()).isInstanceOf(Filter.Comparison.class);
        }

        @Test
        void listsAndQuotedValuesInsideGroups() {
            Filter.Any any = (Filter.Any) ((Filter.All) parse(
                    "or=(status__in=(lead,won),full_name=\"a, (b)\",full_name__in=(\"x,y\",z),id__in=5)").filter()).parts().getFirst();
            assertThat(any.parts()).extracting(p -> ((Filter.Comparison) p).values()).containsExactly(
                    List.of("lead", "won"), List.of("a, (b)"), List.of("x,y", "z"), List.of(5));
        }

        @Test
        void spacesAroundItemsAreDropped() {
            Filter.Any any = (Filter.Any) ((Filter.All) parse("or=( status = lead , full_name=\" x \" ,"
                    + " and=( id=1 ) )").filter()).parts().getFirst();
            assertThat(any.parts()).hasSize(3);
            assertThat(((Filter.Comparison) any.parts().get(0)).values()).containsExactly("lead");
            assertThat(((Filter.Comparison) any.parts().get(1)).values()).containsExactly(" x ");
        }

        @Test
        void groupsAreAndedWithTheOtherParameters() {
            List<Filter> parts = ((Filter.All) parse("active=true&or=(status=lead,status=won)&or=(id=1,id=2)").filter()).parts();
            assertThat(parts).hasSize(3);
            assertThat(parts.get(1)).isInstanceOf(Filter.Any.class);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "or=status=lead|parentheses",
            "or=()|empty group",
            "or=(status=lead|not closed",
            "or=(status)|key=value",
            "or=(status=lead)x|after the closing",
            "or=(full_name=a(b))|must be quoted",
            "or=(full_name=a\"b)|quoted",
            "or=(status=lead,)|key=value",
            "or=(full_name=(a))|parenthesized list",
            "or=(and=lead)|takes a group",
        })
        void malformedGroups(String query, String message) {
            QueryError e = error(query);
            assertThat(e.code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(e.message()).contains(message);
        }

        @Test
        void groupsNameColumnsAndOnlyColumns() {
            assertThat(error("or=(nope=1,id=2)").code()).isEqualTo(QueryError.Code.UNKNOWN_COLUMN);
            assertThat(error("or=(page=1,id=2)").code()).isEqualTo(QueryError.Code.INVALID_PARAMETER);
            assertThat(error("and=(id=1,score=x)").parameter()).isEqualTo("score");
        }

        @Test
        void nestingAndSizeAreBounded() {
            String deep = "or=(".repeat(9) + "id=1" + ")".repeat(9);
            assertThat(error(deep).message()).contains("deeper than 8");
            String eight = "or=(" + "and=(".repeat(7) + "id=1" + ")".repeat(8);
            assertThat(parse(eight).hasFilter()).isTrue();
            String many = "or=(" + String.join(",", java.util.Collections.nCopies(101, "id=1")) + ")";
            assertThat(error(many).message()).contains("more than 100");
            String longList = "id__in=" + String.join(",", java.util.Collections.nCopies(501, "1"));
            assertThat(error(longList).message()).contains("more than 500");
            String half = String.join(",", java.util.Collections.nCopies(300, "1"));
            assertThat(error("id__in=" + half + "&page__in=" + half).parameter()).isEqualTo("page__in");
        }
    }

    @Nested
    class ReservedWords {

        @Test
        void bareReservedWordsAreParametersAndLookupsAddressColumns() {
            ListQuery q = parse("page=3&page__eq=7");
            assertThat(q.pagination()).isEqualTo(new Pagination.Offset(3, 50));
            Filter.Comparison c = (Filter.Comparison) ((Filter.All) q.filter()).parts().getFirst();
            assertThat(c.field().columnName()).isEqualTo("page");
            assertThat(c.values()).containsExactly(7);
        }

        @Test
        void reservedParametersAreGivenOnce() {
            for (String p : List.of("page", "per_page", "limit", "orderBy", "select", "count")) {
                QueryError e = error(p + "=1&" + p + "=2");
                assertThat(e.code()).isEqualTo(QueryError.Code.INVALID_PARAMETER);
                assertThat(e.parameter()).isEqualTo(p);
            }
        }
    }

    @Nested
    class Order {

        @Test
        void termsThenThePrimaryKey() {
            assertThat(parse("orderBy=created_at:desc,id:asc").orderShape()).isEqualTo("created_at:desc,id:asc");
            assertThat(parse("orderBy=-created_at").orderShape()).isEqualTo("created_at:desc,id:asc");
            assertThat(parse("orderBy=full_name,-id").orderShape()).isEqualTo("full_name:asc,id:desc");
            assertThat(parse("orderBy=score:DESC, email").orderShape()).isEqualTo("score:desc,email:asc,id:asc");
            assertThat(parse("").orderShape()).isEqualTo("id:asc");
            assertThat(parse(CrmSchema.TAG, "orderBy=-label").orderShape()).isEqualTo("label:desc,code:asc");
            assertThat(parse(CrmSchema.SUMMARY, "").order()).isEmpty();
        }

        @Test
        void badOrders() {
            assertThat(error("orderBy=nope").code()).isEqualTo(QueryError.Code.UNKNOWN_COLUMN);
            assertThat(error("orderBy=nope").parameter()).isEqualTo("orderBy");
            assertThat(error("orderBy=data").code()).isEqualTo(QueryError.Code.INVALID_PARAMETER);
            assertThat(error("orderBy=id:up").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(error("orderBy=id,id:desc").message()).contains("twice");
            assertThat(error("orderBy=").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(error("orderBy=id,").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
        }
    }

    @Nested
    class Pages {

        @Test
        void offsetPages() {
            assertThat(parse("").pagination()).isEqualTo(new Pagination.Offset(1, 50));
            Pagination.Offset o = (Pagination.Offset) parse("page=3&per_page=1000").pagination();
            assertThat(o.offset()).isEqualTo(2000);
            Pagination.Offset all = (Pagination.Offset) parse("per_page=all").pagination();
            assertThat(all.all()).isTrue();
            assertThat(all.offset()).isZero();
            assertThat(error("per_page=all&page=2").parameter()).isEqualTo("page");
            for (String bad : List.of("per_page=10001", "per_page=ALL", "per_page=00x", "page=0", "page=abc", "per_page=-5")) {
                assertThat(error(bad).code()).as(bad).isEqualTo(QueryError.Code.INVALID_VALUE);
            }
        }

        @Test
        void perPageZeroReadsNoRowsAndMayCount() {
            ListQuery none = parse("per_page=0&count=true&status=won");
            assertThat(none.pagination()).isEqualTo(new Pagination.Offset(1, 0));
            assertThat(none.countOnly()).isTrue();
            assertThat(none.count()).isEqualTo(CountMode.EXACT);
            assertThat(parse("per_page=0").count()).isEqualTo(CountMode.NONE);
            assertThat(parse("per_page=1").countOnly()).isFalse();
            assertThat(parse("limit=1").countOnly()).isFalse();
            assertThat(error("per_page=-1").message()).contains("from 0 to");
            assertThat(error("limit=0").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
        }

        @Test
        void keysetPages() {
            assertThat(parse("limit=10").pagination()).isEqualTo(new Pagination.Keyset(10, Optional.empty()));
            assertThat(error("limit=10001").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(error("limit=10&page=2").parameter()).isEqualTo("page");
            assertThat(error(CrmSchema.SUMMARY, "limit=10").parameter()).isEqualTo("cursor");
        }

        @Test
        void aCursorCarriesItsOrderAndTypedValues() {
            ListQuery first = parse("orderBy=-created_at,score&limit=2");
            String cursor = CURSORS.encode(first, List.of(java.time.LocalDateTime.parse("2026-03-01T10:00:00.250"), 2.5f, 17));
            ListQuery next = parse("limit=2&cursor=" + cursor);
            assertThat(next.orderShape()).isEqualTo("created_at:desc,score:asc,id:asc");
            Pagination.Keyset k = (Pagination.Keyset) next.pagination();
            assertThat(k.after().orElseThrow().values())
                    .containsExactly(Instant.parse("2026-03-01T10:00:00.250Z"), 2.5, 17);
            assertThat(parse("orderBy=-created_at,score&cursor=" + cursor).pagination())
                    .isEqualTo(new Pagination.Keyset(50, k.after()));
            QueryError other = error("orderBy=created_at&cursor=" + cursor);
            assertThat(other.code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(other.message()).contains("created_at:desc,score:asc,id:asc");
        }

        @Test
        void nullCursorValues() {
            ListQuery first = parse("orderBy=email&limit=2");
            String cursor = CURSORS.encode(first, java.util.Arrays.asList(null, 5));
            Pagination.Keyset k = (Pagination.Keyset) parse("orderBy=email&cursor=" + cursor).pagination();
            assertThat(k.after().orElseThrow().values()).containsExactly(null, 5);
        }

        @Test
        void tamperedOrForeignCursorsAreRefused() {
            ListQuery first = parse("limit=2");
            String cursor = CURSORS.encode(first, List.of(5));
            char last = cursor.charAt(cursor.length() - 3);
            String altered = cursor.substring(0, cursor.length() - 3) + (last == 'A' ? 'B' : 'A') + cursor.substring(cursor.length() - 2);
            for (String bad : List.of(altered, "abc", "!!!", cursor.substring(1), "")) {
                QueryError e = error("cursor=" + bad);
                assertThat(e.code()).as(bad).isEqualTo(QueryError.Code.INVALID_VALUE);
                assertThat(e.parameter()).isEqualTo("cursor");
            }
            CursorCodec otherKey = new CursorCodec("another secret of enough length".getBytes(StandardCharsets.UTF_8));
            assertThat(error("cursor=" + otherKey.encode(first, List.of(5))).code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            String companyCursor = CURSORS.encode(parse(COMPANY, "limit=2"), List.of(5));
            assertThat(error("cursor=" + companyCursor).message()).contains("another resource");
        }
    }

    @Nested
    class OtherParameters {

        @Test
        void selectCountWithDeleted() {
            ListQuery q = parse("select=id,full_name,id&count=true&with_deleted=true");
            assertThat(q.selection()).extracting(Field::columnName).containsExactly("id", "full_name");
            assertThat(q.count()).isEqualTo(CountMode.EXACT);
            assertThat(q.hiddenDeletedColumn()).isEmpty();
            ListQuery plain = parse("");
            assertThat(plain.count()).isEqualTo(CountMode.NONE);
            assertThat(plain.hiddenDeletedColumn().orElseThrow().columnName()).isEqualTo("deleted_at");
            assertThat(plain.selection()).extracting(Field::columnName).doesNotContain("secret", "legacy", "company")
                    .startsWith("id", "full_name").hasSize(17);
            assertThat(parse(COMPANY, "").hiddenDeletedColumn()).isEmpty();
            assertThat(error("select=secret").code()).isEqualTo(QueryError.Code.UNKNOWN_COLUMN);
            assertThat(error("select=").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
            assertThat(error("count=yes").validValues()).containsExactly("true", "false");
            assertThat(error("with_deleted=1").parameter()).isEqualTo("with_deleted");
        }

        @Test
        void searchNeedsAFullTextIndex() {
            assertThat(error("q=acme").code()).isEqualTo(QueryError.Code.INVALID_PARAMETER);
            assertThat(error("q=acme").message()).contains("@@fulltext");
            assertThat(parse(COMPANY, "q=acme").search().map(FullTextSearch::text)).contains("acme");
        }

        @Test
        void includeNamesRelationsWithOneNestedLevel() {
            assertThat(parse("include=company").include()).containsExactly("company");
            assertThat(parse("include=company.contacts, company").include()).containsExactly("company.contacts", "company");
            QueryError unknown = error("include=owner");
            assertThat(unknown.code()).isEqualTo(QueryError.Code.INVALID_PARAMETER);
            assertThat(unknown.validValues()).containsExactly("company");
            assertThat(error("include=company.contacts.company").code()).isEqualTo(QueryError.Code.INVALID_PARAMETER);
            assertThat(error("include=company.nope").code()).isEqualTo(QueryError.Code.INVALID_PARAMETER);
            assertThat(error("include=company,company").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
        }

        @Test
        void relationFiltersParseOnTheRelatedModel() {
            Filter.All all = (Filter.All) parse("company.name__icontains=acme").filter();
            Filter.Related rel = (Filter.Related) all.parts().getFirst();
            assertThat(rel.relation()).isEqualTo("company");
            assertThat(rel.local()).extracting(f -> f.columnName()).containsExactly("company_id");
            assertThat(((Filter.Comparison) rel.inner()).operator()).isEqualTo(Operator.ICONTAINS);
            assertThat(error("company.nope=1").code()).isEqualTo(QueryError.Code.UNKNOWN_COLUMN);
            assertThat(error("company.id=abc").code()).isEqualTo(QueryError.Code.INVALID_VALUE);
        }

        @Test
        void hasFilter() {
            assertThat(parse("page=2&orderBy=id").hasFilter()).isFalse();
            assertThat(parse("status=lead").hasFilter()).isTrue();
        }
    }
}
