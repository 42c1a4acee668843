package dev.plinth.api;

import dev.plinth.api.HostileRequest.Expect;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.plinth.api.RawHttpClient.rawByte;

/**
 * The generators of the hostile-input suite, one per family of attack, over the schema in
 * {@code src/test/resources/hostile/schema.prisma}. Each builds structured requests (a filter grammar,
 * JSON bodies field by field, tokens claim by claim) and salts them with what parsers get wrong:
 * malformed percent-escapes, lone surrogates, NUL, huge exponents, very long text, unknown names,
 * nested groups, duplicated keys, odd methods, paths, headers and versions.
 *
 * <p>Rows are named by placeholders that {@link HostileFixture} fills when the request is sent
 * ({@code {company}}, {@code {referenced}} a company a contact still references under Restrict,
 * {@code {contact}}, {@code {note}}, {@code {project1}} of organization 1, {@code {project2}} and
 * {@code {task2}} of organization 2, {@code {unique}} a fresh number), and callers by their token
 * ({@code {alice}} of organization 1, {@code {bob}} of organization 2).
 */
final class HostileRequests {

    private HostileRequests() {
    }

    static final String ALICE = "{alice}";
    static final String BOB = "{bob}";

    /** Fields of each resource, as a body or a filter names them. */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "companies", List.of("id", "name", "website"),
            "contacts", List.of("id", "name", "email", "status", "company_id", "score", "created_at", "updated_at", "user_id", "deleted_at"),
            "notes", List.of("id", "title", "pinned", "views", "rating", "big", "price", "due", "meta", "blob", "tags", "priority", "updatedAt"),
            "projects", List.of("id", "organization_id", "name"),
            "tasks", List.of("id", "organization_id", "project_id", "title", "done"));

    /** Names no resource has, and names that look like others. */
    private static final List<String> UNKNOWN_NAMES = List.of("nickname", "", " name", "NAME", "name ", "__proto__",
            "constructor", "a.b", "company.name", "company.bogus", "contacts.name", "id__in__in", "x".repeat(200),
            "naïve", "😀", "_expected_updated_at", "organization_id", "user_id");

    /** A collection path and a single-row path of each resource, with the resource's name. */
    private static final List<List<String>> ROUTES = List.of(
            List.of("companies", "/api/companies", "/api/companies/{company}"),
            List.of("contacts", "/api/contacts", "/api/contacts/{contact}"),
            List.of("notes", "/api/notes", "/api/notes/{note}"),
            List.of("projects", "/api/projects", "/api/projects/{project2}"),
            List.of("tasks", "/api/tasks", "/api/tasks/{task2}"),
            List.of("contacts", "/api/companies/{company}/contacts", "/api/contacts/{contact}"));

    /** Malformed percent-escapes, and escapes of bytes that are not UTF-8 (RFC 3986 section 2.1, RFC 3629). */
    static final List<String> BAD_ESCAPES = List.of("%zz", "%", "%4", "%G1", "%%", "%ED%A0%80", "%C3", "%FF", "%C0%AF",
            "%F4%90%80%80", "%E2%82", "%u0041", "%C3%28", "%ED%BF%BF");

    /** Texts that are valid but hostile: quoting, grammar characters, scripts, controls, injections. */
    private static final List<String> TEXTS = List.of("", " ", "a", "Acme", "O'Brien", "\"quoted\"", "back\\slash",
            "semi;colon", "100%", "%25", "comma,separated", "(paren)", ")", "or=(a=b)", "*", "acm*", "-exclusion",
            "NEAR(a b)", "a OR b", "^start", "col:val", "null", "true", "0", "-1", "1e999999999", "NaN", "Infinity",
            "2026-13-45", "2026-01-01", "2026-01-01T00:00:00+14:00", "😀", "e\u0301", "\u202Eevil", "zero\u200Bwidth",
            "中文", "tab\tnew\nline\r", "\u0001\u001F\u007F", "'; DROP TABLE \"Company\"; --", "' OR '1'='1", "_%", "\\%",
            "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "../../etc/passwd", "a".repeat(300), "ü".repeat(1500),
            "\uFFFE\uFFFF", "\uFEFFbom");

    /** Number literals: edges of Int, BigInt and double, exact decimals, and exponents near and past int range. */
    private static final List<String> NUMBERS = List.of("0", "-1", "1", "7", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1.5", "-0.0", "0.1", "1e308", "1e309",
            "-1e309", "1e-400", "1e999999999", "123456789012345678901234567890.123456789", "1E2", "0e0", "4.9e-324",
            "1" + "0".repeat(60));

    /** Exponents beyond int range (issue 11 item 3). */
    static final List<String> HUGE_EXPONENTS = List.of("1e9999999999", "1e2147483648", "-1E+99999999999", "1e-2147483649",
            "0.5e2147483648", "1E99999999999999999999");

    /** Bodies that are not JSON, or not the JSON a route takes. */
    private static final List<String> MALFORMED = List.of("", " ", "{", "}", "{\"name\":", "{\"name\":\"a\",}", "{'name':'a'}",
            "{\"name\":\"a\"} trailing", "\uFEFF{\"name\":\"a\"}", "{\"name\":NaN}", "{\"name\":Infinity}",
            "{\"name\":\"a\" /* c */}", "[".repeat(2000), "{\"a\":".repeat(1500), "[".repeat(1200) + "]".repeat(1200),
            "{\"name\":\"\\x41\"}", "{\"name\":\"\\u12\"}", "{\"name\":01}", "{\"name\":-}", "{\"name\":.5}", "{\"name\":1.}",
            "{\"name\":+1}", "{\"name\":\"" + rawByte(0xFF) + "\"}", "{\"name\":\"" + rawByte(0xED) + rawByte(0xA0) + rawByte(0x80) + "\"}",
            "{\"name\":\"" + rawByte(0xC0) + rawByte(0xAF) + "\"}", "null", "true", "42", "\"text\"", "[]", "[null]", "{}",
            "{\"\":1}", "{\"name\":\"a\",\"name\":\"b\"}");

    // ---- building blocks -------------------------------------------------------------------------

    private static Arbitrary<String> caller() {
        return Arbitraries.frequency(Tuple.of(7, ALICE), Tuple.of(2, BOB), Tuple.of(1, ""));
    }

    /** Valid but hostile text: the fixed list, printable ASCII, and wider Unicode (no lone surrogates, no NUL). */
    static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(TEXTS)),
                Tuple.of(2, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0001', '\u024F').withCharRange('\u3040', '\u30FF')
                        .withCharRange('\uE000', '\uF6FF').ofMaxLength(20)));
    }

    /** Returns the JSON string literal of {@code s}, escaping what RFC 8259 section 7 requires. */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Returns {@code s} percent-encoded as a query component (RFC 3986 section 2.1, UTF-8). */
    static String encoded(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Arbitrary<String> number() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(NUMBERS)),
                Tuple.of(2, Arbitraries.integers().map(String::valueOf)),
                Tuple.of(1, Arbitraries.doubles().map(String::valueOf)));
    }

    /** Any JSON value, nested up to {@code depth} levels. */
    static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> leaf = Arbitraries.frequencyOf(
                Tuple.of(4, text().map(HostileRequests::jsonString)),
                Tuple.of(3, number()),
                Tuple.of(2, Arbitraries.of("true", "false", "null")),
                Tuple.of(1, Arbitraries.of("\"a\\u0000b\"", "\"\\u0000\"")));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> array = jsonValue(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(Arbitraries.of(UNKNOWN_NAMES).map(HostileRequests::jsonString), jsonValue(depth - 1))
                .as((k, v) -> k + ":" + v).list().ofMaxSize(4).map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.frequencyOf(Tuple.of(6, leaf), Tuple.of(1, array), Tuple.of(1, object));
    }

    /** A plausible value for a field of the schema, or any JSON value. */
    private static Arbitrary<String> fieldValue(String field) {
        Arbitrary<String> typed = switch (field) {
            case "email" -> Arbitraries.of("\"e{unique}@hostile.test\"", "\"not-an-email\"", "\"\"");
            case "name", "title", "website" -> Arbitraries.oneOf(Arbitraries.just("\"n{unique}\""), text().map(HostileRequests::jsonString));
            case "status" -> Arbitraries.of("\"lead\"", "\"won\"", "\"vip\"", "\"LEAD\"", "\"\"");
            case "priority" -> Arbitraries.of("\"low\"", "\"HIGH\"", "\"NORMAL\"", "\"urgent\"");
            case "company_id" -> Arbitraries.of("{company}", "{referenced}", "999999999", "-1", "null", "\"{company}\"");
            case "project_id" -> Arbitraries.of("{project2}", "999999999", "null", "\"{project2}\"");
            case "score", "views", "organization_id" -> number();
            case "rating", "price", "big" -> number();
            case "pinned", "done" -> Arbitraries.of("true", "false", "1", "\"true\"", "null");
            case "due", "created_at", "updated_at", "updatedAt", "deleted_at" -> Arbitraries.of("\"2026-01-01\"",
                    "\"2026-02-30T00:00:00Z\"", "\"2026-01-01T00:00:00.123456789+14:00\"", "\"+999999999-12-31T23:59:59Z\"",
                    "\"-000001-01-01T00:00:00Z\"", "1767225600000", "\"yesterday\"", "null");
            case "meta" -> jsonValue(3);
            case "blob" -> Arbitraries.of("\"aGVsbG8=\"", "\"aGVsbG8\"", "\"not base64!\"", "\"====\"", "\"-_-_\"", "[1,2]");
            case "tags" -> text().map(HostileRequests::jsonString).list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]");
            case "user_id" -> Arbitraries.of("\"mallory\"", "null", "42");
            default -> jsonValue(1);
        };
        return Arbitraries.frequencyOf(Tuple.of(4, typed), Tuple.of(1, jsonValue(2)));
    }

    /** A JSON object for a resource: its fields (without its key), server fields, unknown names, relations; keys may repeat. */
    private static Arbitrary<String> object(String resource) {
        List<String> fields = FIELDS.get(resource).stream().filter(f -> !f.equals("id")).toList();
        Arbitrary<String> pair = Arbitraries.frequencyOf(
                        Tuple.of(8, Arbitraries.of(fields)),
                        Tuple.of(1, Arbitraries.of(UNKNOWN_NAMES)),
                        Tuple.of(1, Arbitraries.of("company", "contacts", "tasks", "project")))
                .flatMap(k -> fieldValue(k).map(v -> jsonString(k) + ":" + v));
        return pair.list().ofMaxSize(7).map(l -> "{" + String.join(",", l) + "}");
    }

    /** A body for a write on a resource: mostly objects, also arrays of them, malformed text and bare values. */
    private static Arbitrary<String> body(String resource) {
        return Arbitraries.frequencyOf(
                Tuple.of(8, object(resource)),
                Tuple.of(2, object(resource).list().ofMinSize(1).ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")),
                Tuple.of(2, Arbitraries.of(MALFORMED)),
                Tuple.of(1, jsonValue(2)));
    }

    // ---- query strings ---------------------------------------------------------------------------

    private static final List<String> LOOKUPS = List.of("", "", "", "__eq", "__ne", "__gt", "__gte", "__lt", "__lte", "__in",
            "__nin", "__contains", "__icontains", "__startswith", "__endswith", "__isnull", "__bogus", "__", "__in__in", "__GT");

    private static Arbitrary<String> column(String resource) {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(FIELDS.get(resource))), Tuple.of(1, Arbitraries.of(UNKNOWN_NAMES)));
    }

    private static Arbitrary<String> filterValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, text()),
                Tuple.of(3, number()),
                Tuple.of(1, Arbitraries.of("true", "false", "null", "lead,won", "\"Smith, J\",Doe", "\"unterminated,x",
                        "{company}", "{referenced}", "2026-01-01", "a,".repeat(600))));
    }

    /** {@code column[__lookup]=value}, the value percent-encoded. */
    private static Arbitrary<String> condition(String resource) {
        return Combinators.combine(column(resource), Arbitraries.of(LOOKUPS), filterValue())
                .as((c, l, v) -> encoded(c) + l + "=" + encoded(v));
    }

    /** An {@code or=(…)}, {@code and=(…)} or {@code not=(…)} group, nested up to {@code depth} (past the limit of 8 too). */
    private static Arbitrary<String> group(String resource, int depth) {
        Arbitrary<String> inner = Combinators.combine(column(resource), Arbitraries.of(LOOKUPS), filterValue())
                .as((c, l, v) -> encoded(c) + l + "=" + encoded(v).replace("%2C", ","));
        Arbitrary<String> item = depth == 0 ? inner
                : Arbitraries.frequencyOf(Tuple.of(3, inner), Tuple.of(1, group(resource, depth - 1)));
        return Combinators.combine(Arbitraries.of("or", "and", "not", "OR", "xor"), item.list().ofMaxSize(4),
                        Arbitraries.of("(", "(", "(", "[", ""), Arbitraries.of(")", ")", ")", "", "))"))
                .as((op, items, open, close) -> op + "=" + open + String.join(",", items) + close);
    }

    private static Arbitrary<String> reserved(String resource) {
        return Arbitraries.oneOf(
                Arbitraries.of("1", "2", "0", "-1", "abc", "99999999999999999999", "1.5", "").map(v -> "page=" + v),
                Arbitraries.of("1", "50", "10000", "10001", "all", "0", "-1", "ALL", "1e2", "").map(v -> "per_page=" + v),
                Arbitraries.of("1", "10000", "10001", "0", "-5", "x").map(v -> "limit=" + v),
                Arbitraries.of("abc", "", "eyJ9", "A".repeat(600), "%2B%2F%3D", "e30.e30").map(v -> "cursor=" + v),
                Arbitraries.of("true", "false", "yes", "1", "").map(v -> "count=" + v),
                text().map(v -> "q=" + encoded(v)),
                Arbitraries.of("id,name", "", "bogus", "id,,name", "*", "id,id", "company").map(v -> "select=" + v),
                Arbitraries.of("company", "contacts", "company.contacts", "bogus", "company,company", "contacts.company.contacts",
                        "tasks", "project").map(v -> "include=" + v),
                Arbitraries.of("true", "x").map(v -> "labels=" + v),
                column(resource).flatMap(c -> Arbitraries.of("", "-", ":asc", ":desc", ":sideways", "--").map(s ->
                        s.equals("-") || s.equals("--") ? s + c : c + s)).map(v -> "orderBy=" + encoded(v)),
                Arbitraries.of("-score", "score:asc,score:desc", ",", "company.name", "").map(v -> "orderBy=" + v),
                Arbitraries.of("true", "1", "no").map(v -> "with_deleted=" + v));
    }

    /** A query string of conditions, groups, reserved words and junk; parameters may repeat. */
    private static Arbitrary<String> query(String resource) {
        Arbitrary<String> param = Arbitraries.frequencyOf(
                Tuple.of(6, condition(resource)),
                Tuple.of(2, group(resource, 10)),
                Tuple.of(3, reserved(resource)),
                Tuple.of(1, Arbitraries.of("", "=", "==", "a=b=c", "name", ";", "name[]=x", "name%5B%5D=x", "&", "%20=1",
                        "%3D=%3D", "name=%00x", "score__gt=1e9999999999")));
        return param.list().ofMaxSize(6).map(l -> String.join("&", l));
    }

    /** A small valid-looking write body for each resource, for collection writes. */
    private static String smallBody(String resource) {
        return switch (resource) {
            case "companies" -> "{\"website\":\"w\"}";
            case "contacts" -> "{\"score\":1}";
            case "notes" -> "{\"views\":1}";
            case "projects" -> "{\"name\":\"p\"}";
            default -> "{\"done\":true}";
        };
    }

    // ---- the families ----------------------------------------------------------------------------

    /** List and collection-write requests with generated filters, groups, reserved words and junk. */
    static Arbitrary<HostileRequest> queries() {
        return Combinators.combine(Arbitraries.of(ROUTES), Arbitraries.frequency(Tuple.of(15, "GET"), Tuple.of(2, "PATCH"),
                        Tuple.of(3, "DELETE")), caller(), Arbitraries.integers().between(0, 9))
                .flatAs((route, method, who, single) -> query(route.get(0)).map(q -> {
                    String path = single == 0 && method.equals("GET") ? route.get(2) : route.get(1);
                    return HostileRequest.of("query", Expect.INVARIANTS_ONLY, Set.of(), method, path + "?" + q, who,
                            method.equals("PATCH") ? smallBody(route.get(0)) : null);
                }));
    }

    /** Query strings and path keys that cannot be decoded exactly: must be 400, and nothing runs (item 1). */
    static Arbitrary<HostileRequest> malformedEscapes() {
        Arbitrary<String> bad = Arbitraries.of(BAD_ESCAPES);
        Arbitrary<String> inQuery = Combinators.combine(Arbitraries.of(ROUTES), bad, Arbitraries.integers().between(0, 3),
                        Arbitraries.of("status=lead", "id__gt=0", "score__gte=0", "per_page=5", "count=true", "name__startswith=n"))
                .as((route, escape, where, other) -> {
                    String param = switch (where) {
                        case 0 -> "name=Target" + escape;
                        case 1 -> "na" + escape + "me=x";
                        case 2 -> escape;
                        default -> "or=(name=" + escape + ",id__gt=0)";
                    };
                    return route.get(1) + "?" + (where % 2 == 0 ? param + "&" + other : other + "&" + param);
                });
        Arbitrary<String> inKey = Combinators.combine(Arbitraries.of("/api/companies/", "/api/contacts/", "/api/notes/",
                "/api/companies/{company}/contacts?id=", "/api/tasks/1"), bad).as((p, e) -> p + e);
        return Combinators.combine(Arbitraries.oneOf(inQuery, inKey), Arbitraries.of("GET", "GET", "DELETE", "PATCH"), caller())
                .as((target, method, who) -> HostileRequest.of("malformed-escape", Expect.BAD_REQUEST, Set.of(1), method, target, who,
                        method.equals("PATCH") ? "{\"website\":\"w\",\"score\":1,\"views\":1,\"done\":true}" : null));
    }

    /** Collection DELETEs of companies a contact still references under Restrict, direct and in a batch (item 2). */
    static Arbitrary<HostileRequest> restrictedDeletes() {
        Arbitrary<String> filter = Arbitraries.of("name={referencedName}", "id={referenced}", "id__in={referenced},{company}",
                "name__startswith=Ref-", "or=(id={referenced},name=nothing)");
        return Combinators.combine(filter, Arbitraries.of(true, false), caller()).as((f, batch, who) -> batch
                ? HostileRequest.of("restricted-delete", Expect.CLIENT_ERROR, Set.of(2), "POST", "/api/batch", who,
                "[{\"method\":\"DELETE\",\"path\":\"/api/companies?" + f + "\"}]")
                : HostileRequest.of("restricted-delete", Expect.CLIENT_ERROR, Set.of(2), "DELETE", "/api/companies?" + f, who, null));
    }

    /** Creates and updates with generated bodies: wrong types, unknown and server fields, duplicated keys, nesting. */
    static Arbitrary<HostileRequest> bodies() {
        return Combinators.combine(Arbitraries.of(ROUTES), Arbitraries.of("POST", "POST", "PATCH", "PATCH", "PATCH-MANY"), caller())
                .flatAs((route, method, who) -> body(route.get(0)).map(b -> switch (method) {
                    case "POST" -> HostileRequest.of("body", Expect.INVARIANTS_ONLY, Set.of(), "POST", route.get(1), who, b);
                    case "PATCH" -> HostileRequest.of("body", Expect.INVARIANTS_ONLY, Set.of(), "PATCH", route.get(2), who, b);
                    default -> HostileRequest.of("body", Expect.INVARIANTS_ONLY, Set.of(), "PATCH",
                            route.get(1) + "?id=" + route.get(2).substring(route.get(2).lastIndexOf('/') + 1), who, b);
                }));
    }

    /** Writes of one field to a value a valid body cannot hold; each family fills it differently. */
    private static Arbitrary<HostileRequest> fieldWrites(String family, Expect expect, Set<Integer> items,
                                                         List<String> resources, Arbitrary<String> value) {
        Arbitrary<List<String>> routes = Arbitraries.of(ROUTES.stream().filter(r -> resources.contains(r.get(0))).toList());
        return Combinators.combine(routes, Arbitraries.of(true, false), value).flatAs((route, create, v) -> {
            List<String> fields = FIELDS.get(route.get(0)).stream().filter(f -> !f.equals("id")).toList();
            return Arbitraries.of(fields).map(field -> {
                String rest = switch (route.get(0)) {
                    case "companies" -> "\"name\":\"c{unique}\"";
                    case "contacts" -> "\"name\":\"c{unique}\",\"email\":\"c{unique}@hostile.test\"";
                    case "notes" -> "\"title\":\"t{unique}\"";
                    case "projects" -> "\"name\":\"p{unique}\"";
                    default -> "\"title\":\"t{unique}\",\"project_id\":{project2}";
                };
                String body = "{" + (create ? rest + "," : "") + jsonString(field) + ":" + v + "}";
                return HostileRequest.of(family, expect, items, create ? "POST" : "PATCH", create ? route.get(1) : route.get(2),
                        route.get(0).equals("tasks") || route.get(0).equals("projects") ? BOB : ALICE, body);
            });
        });
    }

    /** Number literals whose exponent is beyond int range, in every field (item 3). */
    static Arbitrary<HostileRequest> hugeExponents() {
        return fieldWrites("huge-exponent", Expect.CLIENT_ERROR, Set.of(3), List.copyOf(FIELDS.keySet()),
                Arbitraries.of(HUGE_EXPONENTS)).filter(r -> !writesServerField(r));
    }

    /** Fields the server maintains and ignores in bodies (docs/api.md, "Column conventions"): a value there may be dropped unread. */
    private static final List<String> SERVER_FIELDS = List.of("created_at", "updated_at", "updatedAt", "deleted_at", "user_id",
            "organization_id");

    private static boolean writesServerField(HostileRequest r) {
        return SERVER_FIELDS.stream().anyMatch(f -> r.body().contains("\"" + f + "\":"));
    }

    /** Fields that are not text, or that the server maintains and ignores in bodies (docs/api.md, "Column conventions"). */
    private static final List<String> NOT_TEXT = List.of("score", "views", "rating", "big", "price", "pinned", "done", "company_id",
            "project_id", "organization_id", "created_at", "updated_at", "updatedAt", "deleted_at", "user_id", "status", "priority",
            "due", "blob");

    /** Strings holding a lone surrogate escape, in text fields and inside Json (item 6). */
    static Arbitrary<HostileRequest> loneSurrogates() {
        Arbitrary<String> value = Combinators.combine(Arbitraries.of("\\ud800", "\\udfff", "\\ud83d", "\\ude00", "\\ude00\\ud83d",
                        "\\uDBFF"), Arbitraries.of("", "a", "😀"), Arbitraries.of(true, false))
                .as((s, around, json) -> json ? "{\"k\":\"" + around + s + "\"}" : "\"" + around + s + around + "\"");
        return fieldWrites("lone-surrogate", Expect.CLIENT_ERROR, Set.of(6), List.of("companies", "contacts", "notes", "tasks"), value)
                .filter(r -> !r.body().matches(".*\"(" + String.join("|", NOT_TEXT) + ")\":.*"));
    }

    /** NUL characters in strings (item 5). */
    static Arbitrary<HostileRequest> nulCharacters() {
        return Combinators.combine(Arbitraries.of("\"a\\u0000b\"", "\"\\u0000\"", "\"x\\u0000\""),
                        Arbitraries.of(List.of("companies", "name"), List.of("companies", "website"), List.of("contacts", "name"),
                                List.of("contacts", "email"), List.of("notes", "title"), List.of("tasks", "title")),
                        Arbitraries.of(true, false))
                .as((v, target, create) -> {
                    String resource = target.get(0);
                    String path = ROUTES.stream().filter(r -> r.get(0).equals(resource)).findFirst().orElseThrow().get(create ? 1 : 2);
                    String rest = switch (resource) {
                        case "companies" -> "\"name\":\"c{unique}\",";
                        case "contacts" -> "\"name\":\"c{unique}\",\"email\":\"c{unique}@hostile.test\",";
                        case "notes" -> "\"title\":\"t{unique}\",";
                        default -> "\"title\":\"t{unique}\",\"project_id\":{project2},";
                    };
                    return HostileRequest.of("nul", Expect.CLIENT_ERROR, Set.of(5), create ? "POST" : "PATCH", path,
                            resource.equals("tasks") ? BOB : ALICE, "{" + (create ? rest : "") + jsonString(target.get(1)) + ":" + v + "}");
                });
    }

    /**
     * 8,000-character values of unique (indexed) text columns, far above what a PostgreSQL btree entry holds (2704 bytes):
     * both databases must answer the same 422 (item 5). Long text in columns that are not indexed is
     * served as it is, and must not fail.
     */
    static Arbitrary<HostileRequest> longValues() {
        // Random letters: PostgreSQL compresses an index entry before it checks the size, so a repeated
        // character would fit; these do not (about 4.7 bits a character).
        Arbitrary<String> long8000 = Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofLength(8000),
                Arbitraries.strings().withCharRange('\u00c0', '\u024f').ofLength(8000),
                Arbitraries.strings().withCharRange('\u4e00', '\u9fff').ofLength(8000));
        return Combinators.combine(long8000, Arbitraries.of("company-name", "contact-email", "company-website", "contact-name",
                        "note-title"), Arbitraries.of(true, false))
                .as((s, where, create) -> {
                    String value = jsonString("{unique}" + s);
                    return switch (where) {
                        case "company-name" -> HostileRequest.of("long-value", Expect.CLIENT_ERROR, Set.of(5), create ? "POST" : "PATCH",
                                create ? "/api/companies" : "/api/companies/{company}", ALICE, "{\"name\":" + value + "}");
                        case "contact-email" -> HostileRequest.of("long-value", Expect.CLIENT_ERROR, Set.of(5), create ? "POST" : "PATCH",
                                create ? "/api/contacts" : "/api/contacts/{contact}", ALICE, "{\"name\":\"L\",\"email\":" + value + "}");
                        case "company-website" -> HostileRequest.of("long-value", Expect.INVARIANTS_ONLY, Set.of(), create ? "POST" : "PATCH",
                                create ? "/api/companies" : "/api/companies/{company}", ALICE,
                                "{" + (create ? "\"name\":\"w{unique}\"," : "") + "\"website\":" + value + "}");
                        case "contact-name" -> HostileRequest.of("long-value", Expect.INVARIANTS_ONLY, Set.of(), create ? "POST" : "PATCH",
                                create ? "/api/contacts" : "/api/contacts/{contact}", ALICE,
                                "{\"name\":" + value + (create ? ",\"email\":\"l{unique}@hostile.test\"" : "") + "}");
                        default -> HostileRequest.of("long-value", Expect.INVARIANTS_ONLY, Set.of(), create ? "POST" : "PATCH",
                                create ? "/api/notes" : "/api/notes/{note}", ALICE, "{\"title\":" + value + "}");
                    };
                });
    }

    /** A key in a PATCH body that differs from the row's, or a client-chosen key on create where the key has a default (item 10). */
    static Arbitrary<HostileRequest> keyChanges() {
        Arbitrary<HostileRequest> patch = Combinators.combine(Arbitraries.of(
                                List.of("/api/companies/{company}", "\"name\":\"k{unique}\""),
                                List.of("/api/contacts/{contact}", "\"score\":2"),
                                List.of("/api/tasks/{task2}", "\"done\":true"),
                                List.of("/api/projects/{project2}", "\"name\":\"k{unique}\"")),
                        Arbitraries.integers().between(1_000_000, 2_000_000), Arbitraries.of(true, false))
                .as((route, key, also) -> HostileRequest.of("key-change", Expect.CLIENT_ERROR, Set.of(10), "PATCH", route.get(0),
                        route.get(0).contains("{contact}") || route.get(0).contains("{company}") ? ALICE : BOB,
                        "{\"id\":" + key + (also ? "," + route.get(1) : "") + "}"));
        Arbitrary<HostileRequest> note = Arbitraries.of("\"00000000-0000-4000-8000-000000000001\"", "\"{unique}\"")
                .map(key -> HostileRequest.of("key-change", Expect.CLIENT_ERROR, Set.of(10), "PATCH", "/api/notes/{note}", ALICE,
                        "{\"id\":" + key + ",\"views\":3}"));
        Arbitrary<HostileRequest> create = Arbitraries.integers().between(3_000_000, 4_000_000)
                .map(key -> HostileRequest.of("key-change", Expect.CLIENT_ERROR, Set.of(10), "POST", "/api/companies", ALICE,
                        "{\"id\":" + key + ",\"name\":\"k{unique}\"}"));
        Arbitrary<HostileRequest> same = Arbitraries.of("/api/companies/{company}", "/api/contacts/{contact}")
                .map(path -> HostileRequest.of("key-change", Expect.INVARIANTS_ONLY, Set.of(), "PATCH", path, ALICE,
                        "{\"id\":" + path.substring(path.lastIndexOf('/') + 1) + "}"));
        return Arbitraries.frequencyOf(Tuple.of(4, patch), Tuple.of(1, note), Tuple.of(2, create), Tuple.of(1, same));
    }

    /** Foreign keys of organization 2's rows aimed at organization 1's project (item 11). */
    static Arbitrary<HostileRequest> crossTenantReferences() {
        Arbitrary<HostileRequest> create = Arbitraries.of("{project1}", "\"{project1}\"")
                .map(p -> HostileRequest.of("cross-tenant", p.startsWith("\"") ? Expect.CLIENT_ERROR : Expect.CLIENT_ERROR,
                        Set.of(11), "POST", "/api/tasks", BOB, "{\"title\":\"x{unique}\",\"project_id\":" + p + "}"));
        Arbitrary<HostileRequest> update = Arbitraries.of("/api/tasks/{task2}", "/api/tasks?id={task2}", "/api/tasks?title__startswith=T")
                .map(path -> HostileRequest.of("cross-tenant", Expect.CLIENT_ERROR, Set.of(11), "PATCH", path, BOB,
                        "{\"project_id\":{project1}}"));
        Arbitrary<HostileRequest> batch = Arbitraries.just(HostileRequest.of("cross-tenant", Expect.CLIENT_ERROR, Set.of(11), "POST",
                "/api/batch", BOB, "[{\"method\":\"POST\",\"path\":\"/api/tasks\",\"body\":{\"title\":\"b{unique}\",\"project_id\":{project1}}}]"));
        Arbitrary<HostileRequest> nested = Arbitraries.just(HostileRequest.of("cross-tenant", Expect.CLIENT_ERROR, Set.of(11), "POST",
                "/api/projects/{project1}/tasks", BOB, "{\"title\":\"n{unique}\"}"));
        Arbitrary<HostileRequest> own = Arbitraries.just(HostileRequest.of("cross-tenant", Expect.INVARIANTS_ONLY, Set.of(), "POST",
                "/api/tasks", BOB, "{\"title\":\"o{unique}\",\"project_id\":{project2}}"));
        return Arbitraries.frequencyOf(Tuple.of(3, create), Tuple.of(3, update), Tuple.of(1, batch), Tuple.of(1, nested), Tuple.of(1, own));
    }

    /** A token and the issue items it is built to hit. */
    record BadToken(String header, Set<Integer> items) {
    }

    /** Authorization headers that must not verify: broken encodings, bad signatures, unusable claims. */
    static Arbitrary<BadToken> badTokens() {
        long past = 1_600_000_000L;
        long future = 4_000_000_000L;
        String none = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String alice = "{\"sub\":\"alice\",\"org_id\":1,\"exp\":" + future + "}";
        List<BadToken> fixed = new ArrayList<>(List.of(
                new BadToken("Bearer", Set.of()), new BadToken("Bearer ", Set.of()), new BadToken("Bearer abc", Set.of()),
                new BadToken("Bearer a.b", Set.of()), new BadToken("Bearer a.b.c.d", Set.of()), new BadToken("Basic dXNlcjpwYXNz", Set.of()),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, alice) + "x", Set.of()),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":\"alice\",\"exp\":" + past + "}"), Set.of()),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":\"alice\",\"nbf\":" + future + ",\"exp\":" + future + "}"), Set.of()),
                new BadToken("Bearer " + HostileTokens.segment(none) + "." + HostileTokens.segment(alice) + ".", Set.of()),
                new BadToken("Bearer " + HostileTokens.signed(none, alice), Set.of()),
                new BadToken("Bearer " + HostileTokens.signed("{\"alg\":\"HS512\"}", alice), Set.of()),
                new BadToken("Bearer " + HostileTokens.signed("{\"alg\":\"RS256\"}", alice), Set.of()),
                new BadToken("Bearer " + HostileTokens.signed("{}", alice), Set.of()),
                new BadToken("Bearer " + HostileTokens.signed("not json", alice), Set.of()),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "hello"), Set.of()),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "[1]"), Set.of()),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":\"" + "a".repeat(20_000) + "\",\"exp\":1}"), Set.of()),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":null,\"exp\":" + future + "}"), Set.of(4)),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":\"alice\",\"exp\":null}"), Set.of(4)),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":\"alice\",\"exp\":\"2099-01-01\"}"), Set.of(4)),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":\"alice\",\"exp\":" + future + ",\"nbf\":null}"), Set.of(4)),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":42,\"exp\":" + future + "}"), Set.of(4)),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":{\"a\":1},\"exp\":" + future + "}"), Set.of(4)),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":\"al" + rawByte(0xFF) + "ice\",\"exp\":" + future + "}"), Set.of(4)),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":\"a\\u0000b\",\"exp\":" + future + "}"), Set.of(5)),
                new BadToken("Bearer " + HostileTokens.signed(HostileTokens.HS256, "{\"sub\":\"\\ud800\",\"exp\":" + future + "}"), Set.of(4, 6))));
        String signed = HostileTokens.signed(HostileTokens.HS256, alice);
        String signature = signed.substring(signed.lastIndexOf('.') + 1);
        String input = signed.substring(0, signed.lastIndexOf('.'));
        String standard = java.util.Base64.getEncoder().encodeToString(HostileTokens.hmac(input));
        fixed.add(new BadToken("Bearer " + input + "." + standard, Set.of(4)));
        fixed.add(new BadToken("Bearer " + input + "." + signature + "=", Set.of(4)));
        String payload = java.util.Base64.getEncoder().encodeToString(alice.getBytes(StandardCharsets.UTF_8));
        String paddedInput = HostileTokens.segment(HostileTokens.HS256) + "." + payload;
        fixed.add(new BadToken("Bearer " + paddedInput + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(HostileTokens.hmac(paddedInput)), Set.of(4)));
        return Arbitraries.of(fixed);
    }

    /** Every kind of route with a token that must not verify: exactly 401 (item 4 for claims and encodings). */
    static Arbitrary<HostileRequest> badTokenRequests() {
        Arbitrary<List<String>> route = Arbitraries.of(
                List.of("GET", "/api/companies"), List.of("GET", "/api/contacts/{contact}"), List.of("GET", "/api/projects"),
                List.of("POST", "/api/companies", "{\"name\":\"t{unique}\"}"), List.of("PATCH", "/api/notes/{note}", "{\"views\":1}"),
                List.of("DELETE", "/api/tasks/{task2}"), List.of("DELETE", "/api/contacts?score__gte=0"),
                List.of("POST", "/api/batch", "[{\"method\":\"POST\",\"path\":\"/api/companies\",\"body\":{\"name\":\"b{unique}\"}}]"));
        return Combinators.combine(route, badTokens()).as((r, token) -> new HostileRequest("bad-token", Expect.UNAUTHENTICATED,
                token.items(), r.get(0), r.get(1), "HTTP/1.1", r.size() > 2
                ? List.of(new RawHttpClient.Header("Authorization", token.header()), new RawHttpClient.Header("Content-Type", "application/json"))
                : List.of(new RawHttpClient.Header("Authorization", token.header())), r.size() > 2 ? r.get(2) : null));
    }

    /** Paths of every shape: dot segments, doubled slashes, wrong keys, very long, absolute form, wrong case. */
    static Arbitrary<String> oddPath() {
        return Arbitraries.of("/api/companies/..", "/api/../api/companies", "/api/companies/%2e%2e", "/api/companies/{company}/../{company}",
                "//api//companies", "/api/companies/", "/api/companies/{company}/", "/api/companies/{company}/contacts/{contact}",
                "/api/companies/{company}/bogus", "/api/companies/1,2", "/api/companies/-1", "/api/companies/0", "/api/companies/2147483648",
                "/api/companies/1e3", "/api/companies/%201", "/api/notes/" + "n".repeat(3000), "/api/" + "a".repeat(5000),
                "/api/companies/" + "9".repeat(40_000), "/API/COMPANIES", "/api/Companies", "/api", "/", "/api/companies;jsessionid=1",
                "/api/companies%2F1", "/api/companies/%2F", "/api/companies/{company}/restore", "/api/contacts/{contact}/restore",
                "/api/room_bookings/1,2", "/api/notes/not-a-uuid", "/api/notes/00000000-0000-0000-0000-000000000000",
                "/api/contacts/{contact}?with_deleted=true&include=company", "/api/contacts/{contact}?bogus=1",
                "http://127.0.0.1/api/companies", "/api/companies/{company}/contacts?orderBy=-score", "/api/%F0%9F%98%80",
                "/api/companies/" + rawByte(0xFF), "/api/companies/\u00e9", "/api/companies/a b", "/api/batch/1", "/api/batch?x=1");
    }

    /** Odd paths under the usual methods (item 1 where a key cannot be decoded). */
    static Arbitrary<HostileRequest> oddPaths() {
        return Combinators.combine(Arbitraries.oneOf(oddPath(), Arbitraries.of(BAD_ESCAPES).map(e -> "/api/companies/" + e)),
                        Arbitraries.of("GET", "GET", "POST", "PATCH", "DELETE"), caller())
                .as((path, method, who) -> {
                    boolean undecodable = BAD_ESCAPES.stream().anyMatch(path::endsWith) && path.startsWith("/api/companies/%");
                    return HostileRequest.of("path", undecodable ? Expect.BAD_REQUEST : Expect.INVARIANTS_ONLY,
                            undecodable ? Set.of(1) : Set.of(), method, path, who,
                            method.equals("POST") || method.equals("PATCH") ? "{\"name\":\"p{unique}\"}" : null);
                });
    }

    /** Methods Plinth does not route, and odd spellings of those it does. */
    static Arbitrary<HostileRequest> oddMethods() {
        return Combinators.combine(Arbitraries.of("OPTIONS", "TRACE", "PUT", "CONNECT", "PROPFIND", "PURGE", "get", "Get", "FOO",
                                "X".repeat(300), "PATCH", "DELETE"),
                        Arbitraries.oneOf(Arbitraries.of("/api/companies", "/api/companies/{company}", "/api/contacts/{contact}",
                                "/api/notes/{note}", "/api/batch", "/api/projects/{project2}/tasks", "*"), oddPath()),
                        caller(), Arbitraries.of(true, false))
                .as((method, path, who, withBody) -> HostileRequest.of("method", Expect.INVARIANTS_ONLY, Set.of(), method, path, who,
                        withBody ? "{\"name\":\"m{unique}\"}" : null));
    }

    /** HEAD on GET routes with every kind of caller: the same status as GET, no body (item 8). */
    static Arbitrary<HostileRequest> heads() {
        Arbitrary<String> path = Arbitraries.of("/api/companies", "/api/companies/{company}", "/api/companies/999999999",
                "/api/contacts", "/api/contacts/{contact}", "/api/contacts/999999999", "/api/contacts?per_page=all",
                "/api/contacts?nickname=x", "/api/notes/{note}", "/api/notes/not-a-uuid", "/api/tasks/{task2}",
                "/api/companies/{company}/contacts", "/api/nothing", "/api/companies?name=%zz");
        return Combinators.combine(path, Arbitraries.of(ALICE, BOB, "", "junk")).as((p, who) -> new HostileRequest("head",
                Expect.SAME_AS_GET, Set.of(8), "HEAD", p, "HTTP/1.1",
                who.isEmpty() ? List.of() : List.of(new RawHttpClient.Header("Authorization", "Bearer " + who)), null));
    }

    /** A base request and one header mutation: media types, preconditions, sizes, framing, encodings, folding. */
    static Arbitrary<HostileRequest> oddHeaders() {
        Arbitrary<List<String>> base = Arbitraries.of(List.of("POST", "/api/companies", "{\"name\":\"h{unique}\"}"),
                List.of("GET", "/api/contacts"), List.of("PATCH", "/api/contacts/{contact}", "{\"score\":3}"),
                List.of("DELETE", "/api/companies/{company}"));
        Arbitrary<List<RawHttpClient.Header>> mutation = Arbitraries.oneOf(
                Arbitraries.of("text/plain", "application/json; charset=utf-8", "application/json; charset=latin1",
                        "application/json; charset=utf-16", "APPLICATION/JSON", "application/problem+json",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", ";;;", "application/json, text/plain",
                        "application/json; charset=\"" + rawByte(0xFF) + "\"").map(t -> List.of(h("Content-Type", t))),
                Arbitraries.of("text/html", "application/xml", "*/*;q=0", "junk").map(a -> List.of(h("Accept", a))),
                Arbitraries.of("junk", "\"\"", "*", "W/\"x\"", "\"x\", \"y\"", "\"" + "e".repeat(5000) + "\"").map(v -> List.of(h("If-Match", v))),
                Arbitraries.of(List.of(h("X-Big", "b".repeat(40_000))), List.of(h("If-None-Match", "*")),
                        List.of(h("X-HTTP-Method-Override", "DELETE")), List.of(h("Content-Encoding", "gzip")),
                        List.of(h("Content-Length", "-1")), List.of(h("Content-Length", "abc")),
                        List.of(h("Content-Length", "5"), h("Transfer-Encoding", "chunked")),
                        List.of(h("Transfer-Encoding", "gzip, chunked")), List.of(h("X-Raw", "a" + rawByte(0xFF) + rawByte(0x00) + "b")),
                        List.of(h("X-Fold", "a\r\n b")), List.of(h("Bad Header", "x")), List.of(h("Authorization", "Bearer {bob}")),
                        List.of(h("Host", "evil.example")), List.of(h("Cookie", "a=" + "c".repeat(2000))), List.of(h("Expect", "100-continue")),
                        List.of(h("Content-Type", "application/json"), h("Content-Type", "text/plain"))),
                Arbitraries.integers().between(100, 300).map(n -> {
                    List<RawHttpClient.Header> many = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        many.add(h("X-Many-" + i, "v"));
                    }
                    return many;
                }));
        return Combinators.combine(base, mutation).as((b, m) -> {
            List<RawHttpClient.Header> headers = new ArrayList<>();
            headers.add(h("Authorization", "Bearer {alice}"));
            if (b.size() > 2 && m.stream().noneMatch(x -> x.name().equals("Content-Type"))) {
                headers.add(h("Content-Type", "application/json"));
            }
            headers.addAll(m);
            return new HostileRequest("header", Expect.INVARIANTS_ONLY, Set.of(), b.get(0), b.get(1), "HTTP/1.1", headers,
                    b.size() > 2 ? b.get(2) : null);
        });
    }

    private static RawHttpClient.Header h(String name, String value) {
        return new RawHttpClient.Header(name, value);
    }

    /** Request lines with other HTTP versions or none: the answer's body must state the status line's status (item 7). */
    static Arbitrary<HostileRequest> requestLines() {
        return Combinators.combine(Arbitraries.of("HTTP/0.9", "", "HTTP/9.9", "HTTP/2.0", "HTTP/1.2", "HTTP/1.10", "HTTP/1.1 extra",
                                "http/1.1", "HTTP/1", "HTTP/", "HTTPS/1.1", "HTTP/1.1", "HTTP/1.0"),
                        Arbitraries.of("/api/companies", "/api/contacts/{contact}", "/api/nothing"))
                .as((version, path) -> new HostileRequest("request-line", Expect.INVARIANTS_ONLY, Set.of(), "GET", path, version,
                        List.of(h("Authorization", "Bearer {alice}")), null));
    }

    /** Batch bodies of generated operations: hostile paths, methods and bodies, and shapes that are not batches. */
    static Arbitrary<HostileRequest> batches() {
        Arbitrary<String> path = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(ROUTES).flatMap(r -> Arbitraries.of(r.get(1), r.get(2)))),
                Tuple.of(3, Arbitraries.of(ROUTES).flatMap(r -> query(r.get(0)).map(q -> r.get(1) + "?" + q))),
                Tuple.of(2, oddPath()),
                Tuple.of(1, Arbitraries.of("", "api/companies", "/api/batch", "https://127.0.0.1/api/companies", "/api/companies?name")));
        Arbitrary<String> op = Combinators.combine(Arbitraries.of("POST", "PATCH", "DELETE", "GET", "PUT", "HEAD", "post", "", "TRACE"),
                        path, Arbitraries.of(ROUTES).flatMap(r -> body(r.get(0))), Arbitraries.integers().between(0, 5))
                .as((m, p, b, extra) -> "{\"method\":" + jsonString(m) + ",\"path\":" + jsonString(p)
                        + (extra == 0 || m.equals("GET") || m.equals("DELETE") ? "" : ",\"body\":" + (b.isBlank() ? "null" : b))
                        + (extra == 1 ? ",\"if_match\":\"junk\"" : "") + (extra == 2 ? ",\"path\":\"/api/companies\"" : "") + "}");
        Arbitrary<String> malformed = Combinators.combine(Arbitraries.of("/api/companies?name=", "/api/companies/",
                "/api/contacts?status=lead&email="), Arbitraries.of(BAD_ESCAPES), Arbitraries.of("DELETE", "PATCH", "GET"))
                .as((p, e, m) -> "{\"method\":\"" + m + "\",\"path\":" + jsonString(p + e) + (m.equals("PATCH") ? ",\"body\":{\"score\":1}" : "") + "}");
        Arbitrary<HostileRequest> good = Combinators.combine(op.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, true, false), caller())
                .as((ops, bare, who) -> HostileRequest.of("batch", Expect.INVARIANTS_ONLY, Set.of(), "POST", "/api/batch", who,
                        bare ? "[" + String.join(",", ops) + "]" : "{\"operations\":[" + String.join(",", ops) + "]}"));
        Arbitrary<HostileRequest> undecodable = Combinators.combine(op.list().ofMaxSize(2), malformed, caller())
                .as((ops, bad, who) -> {
                    List<String> all = new ArrayList<>(ops);
                    all.add(bad);
                    return HostileRequest.of("batch", Expect.CLIENT_ERROR, Set.of(1), "POST", "/api/batch", who, "[" + String.join(",", all) + "]");
                });
        Arbitrary<HostileRequest> shapes = Arbitraries.of("{}", "[]", "[1]", "[null]", "{\"operations\":5}", "[[]]",
                        "[" + "{\"method\":\"GET\",\"path\":\"/api/companies\"},".repeat(1000) + "{\"method\":\"GET\",\"path\":\"/api/companies\"}]",
                        "[{\"method\":\"POST\",\"path\":\"/api/batch\",\"body\":[{\"method\":\"GET\",\"path\":\"/api/companies\"}]}]",
                        "[{\"path\":\"/api/companies\"}]", "[{\"method\":\"GET\"}]", "[{\"method\":\"GET\",\"path\":5}]")
                .map(b -> HostileRequest.of("batch", Expect.INVARIANTS_ONLY, Set.of(), "POST", "/api/batch", ALICE, b));
        return Arbitraries.frequencyOf(Tuple.of(6, good), Tuple.of(2, undecodable), Tuple.of(1, shapes));
    }
}
