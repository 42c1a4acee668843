package dev.plinth.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.Authenticator;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.RequestBody;
import dev.plinth.api.record.Caller;
import dev.plinth.api.store.Database;
import dev.plinth.auth.TokenIssuer;
import dev.plinth.migrate.MigrationHistory;
import dev.plinth.sql.DatabaseKind;
import io.javalin.http.Context;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Studio's two server endpoints besides the public API (issue 17: "no Studio-only data endpoints beyond
 * one for the schema text and migration history … and the development sign-in"; docs/studio.md):
 *
 * <ul>
 *   <li>{@code GET /studio/api/schema}: {@code {"file","text","provider","migrations":[…]}}, behind the API's
 *       authentication (401 without a valid token when the server verifies tokens);</li>
 *   <li>{@code GET /studio/api/sign-in}: {@code {"available":true}}, and {@code POST /studio/api/sign-in}
 *       {@code {"sub":"alice","claims":{…}}}: {@code {"token","expires_at"}}, a 12-hour HS256 token — both
 *       registered only when {@link StudioSettings#signInOffered} holds, so 404 otherwise.</li>
 * </ul>
 */
public final class StudioApi {

    /** The schema and migration history. */
    public static final String SCHEMA = StudioPage.PATH + "/api/schema";
    /** The development sign-in. */
    public static final String SIGN_IN = StudioPage.PATH + "/api/sign-in";
    /** How long a development token is valid: a working day, so a token typed in the morning lasts. */
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
    /** The longest subject accepted. */
    static final int MAX_SUBJECT = 200;
    /** Claims the sign-in sets itself (RFC 7519 section 4.1): a body naming them would be ambiguous. */
    private static final Set<String> RESERVED_CLAIMS = Set.of("sub", "exp", "iat");
    private static final Set<String> BODY_FIELDS = Set.of("sub", "claims");

    private final StudioSettings settings;
    private final Database database;
    private final Authenticator authenticator;
    private final RequestBody bodies;
    private final ObjectMapper mapper;

    /**
     * @param settings      the Studio's settings (schema text, sign-in signer)
     * @param database      the served database, whose migration history is answered
     * @param authenticator the API's authentication
     * @param bodies        reads request bodies as the API does (415, 413, 400 {@code malformed_json})
     * @param mapper        writes the answers
     */
    public StudioApi(StudioSettings settings, Database database, Authenticator authenticator, RequestBody bodies,
                     ObjectMapper mapper) {
        this.settings = settings;
        this.database = database;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.mapper = mapper;
    }

    /**
     * {@code GET /studio/api/schema}: the schema file as the server read it and the migration history,
     * oldest first ({@link MigrationHistory#entries}).
     *
     * @param ctx the request
     * @throws ProblemException 401 when the server verifies tokens and the request has no valid one; 404 when
     *                          the server was not given the schema's text
     * @throws SQLException     when the history cannot be read
     */
    public void schema(Context ctx) throws SQLException {
        Caller caller = authenticator.authenticate(ctx);
        if (authenticator.verifier().isPresent() && !caller.authenticated()) {
            // the schema names every table, rule and claim: as much a secret as the data, even with anonymous reads
            throw ApiProblem.UNAUTHENTICATED.with("the schema is served to signed-in callers: send Authorization: Bearer <token>");
        }
        StudioSettings.SchemaSource source = settings.source().orElseThrow(() ->
                ApiProblem.NOT_FOUND.with("this server was started without its schema file's text"));
        List<MigrationHistory.Entry> entries = database.read(c -> new MigrationHistory(database.kind().dialect()).entries(c));
        ObjectNode body = mapper.createObjectNode();
        body.put("file", source.file());
        body.put("text", source.text());
        body.put("provider", database.kind() == DatabaseKind.SQLITE ? "sqlite" : "postgresql");
        ArrayNode migrations = body.putArray("migrations");
        for (MigrationHistory.Entry e : entries) {
            ObjectNode m = migrations.addObject();
            m.put("id", e.id());
            m.put("applied_at", e.appliedAt().toString());
            m.put("name", e.migrationName().orElse(null));
            m.put("checksum", e.checksum());
            m.put("sql", e.sql());
        }
        answer(ctx, 200, body);
    }

    /**
     * {@code GET /studio/api/sign-in}: {@code {"available":true}} (the route exists only when it is).
     *
     * @param ctx the request
     * @throws ProblemException 404 when the request was not addressed to a loopback name ({@link LoopbackHost})
     */
    public void signInAvailable(Context ctx) {
        LoopbackHost.require(ctx);
        answer(ctx, 200, mapper.createObjectNode().put("available", true));
    }

    /**
     * {@code POST /studio/api/sign-in}: issues a token for the subject and claims in the body.
     *
     * @param ctx the request, with {@code {"sub":"alice","claims":{"role":"admin"}}} ({@code claims} optional)
     * @throws ProblemException 404 as {@link #signInAvailable}; 415, 413, 400 {@code malformed_json} as the API's
     *                          bodies; 422 {@code validation_failed} with an error per field
     */
    public void signIn(Context ctx) {
        LoopbackHost.require(ctx);
        TokenIssuer issuer = settings.signIn().orElseThrow(() -> ApiProblem.NOT_FOUND.with("no development sign-in"));
        SignInRequest request = SignInRequest.of(bodies.read(ctx), mapper);
        String token = issuer.issue(request.subject(), request.claims(), TOKEN_LIFETIME);
        Instant expires;
        try {
            // the token's own exp, so the answer states exactly what the API will enforce (whole seconds)
            expires = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("the issued token cannot be read back", e);
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("token", token);
        body.put("expires_at", expires.toString());
        ctx.header("Cache-Control", "no-store");
        answer(ctx, 200, body);
    }

    private void answer(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer", e);
        }
    }

    /**
     * A checked sign-in body.
     *
     * @param subject the {@code sub} claim
     * @param claims  the further claims
     */
    record SignInRequest(String subject, Map<String, Object> claims) {

        /**
         * Checks a body.
         *
         * @param body   the parsed JSON
         * @param mapper converts the claims to plain values
         * @return the request
         * @throws ProblemException 422 {@code validation_failed} naming every wrong field
         */
        static SignInRequest of(JsonNode body, ObjectMapper mapper) {
            if (!body.isObject()) {
                throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "the body must be a JSON object {\"sub\":…, \"claims\":{…}}",
                        List.of(new FieldError("", "invalid_type", "expected an object")));
            }
            List<FieldError> errors = new ArrayList<>();
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!BODY_FIELDS.contains(name)) {
                    errors.add(new FieldError(name, "unknown_field", "the sign-in takes sub and claims only"));
                }
            }
            JsonNode sub = body.get("sub");
            if (sub == null || sub.isNull()) {
                errors.add(new FieldError("sub", "required", "is required: the subject (user id) the token is for"));
            } else if (!sub.isTextual()) {
                errors.add(new FieldError("sub", "invalid_type", "expected a string"));
            } else if (sub.textValue().isBlank()) {
                errors.add(new FieldError("sub", "invalid_value", "must not be empty"));
            } else if (sub.textValue().codePointCount(0, sub.textValue().length()) > MAX_SUBJECT) {
                errors.add(new FieldError("sub", "value_too_long", "at most " + MAX_SUBJECT + " characters"));
            }
            JsonNode claims = body.get("claims");
            Map<String, Object> values = new LinkedHashMap<>();
            if (claims != null && !claims.isNull()) {
                if (!claims.isObject()) {
                    errors.add(new FieldError("claims", "invalid_type", "expected an object of claims, e.g. {\"role\":\"admin\"}"));
                } else {
                    for (Iterator<Map.Entry<String, JsonNode>> it = claims.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> claim = it.next();
                        if (RESERVED_CLAIMS.contains(claim.getKey())) {
                            errors.add(new FieldError("claims." + claim.getKey(), "reserved_claim",
                                    "is set by the sign-in (sub from the field sub; iat and exp from the 12-hour lifetime)"));
                        } else {
                            values.put(claim.getKey(), mapper.convertValue(claim.getValue(), Object.class));
                        }
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "the sign-in body has " + errors.size() + " error"
                        + (errors.size() == 1 ? "" : "s"), errors);
            }
            return new SignInRequest(sub.textValue(), values);
        }
    }
}
