package dev.plinth.api;

import dev.plinth.api.telemetry.RequestRecord;
import dev.plinth.api.record.Caller;
import dev.plinth.auth.AuthenticationException;
import dev.plinth.auth.Principal;
import dev.plinth.auth.TokenVerifier;

import java.util.Optional;

/**
 * Turns a request's {@code Authorization} header into a {@link Caller} and decides whether an
 * anonymous caller may use a resource (issue "owner scoping"): tables without {@code user_id} are open
 * when no token key is configured, and need a token when one is, except for reads when anonymous reads
 * are allowed; owner-scoped tables always need a token (checked where the scope is computed).
 *
 * @param verifier       the token verifier, or empty when authentication is off
 * @param anonymousReads true to let anonymous callers read tables without {@code user_id}
 */
public record Authenticator(Optional<TokenVerifier> verifier, boolean anonymousReads) {

    private static final String BEARER = "bearer ";

    /**
     * Authenticates a request.
     *
     * @param authorization the {@code Authorization} header, or null
     * @return the caller; anonymous without a header
     * @throws ProblemException 401 for a header that is not a valid bearer token (also when no key is configured)
     */
    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Caller.ANONYMOUS;
        }
        if (authorization.length() < BEARER.length()
                || !authorization.substring(0, BEARER.length()).equalsIgnoreCase(BEARER)) {
            throw ApiProblem.UNAUTHENTICATED.with("the Authorization header must be \"Bearer <token>\"");
        }
        if (verifier.isEmpty()) {
            throw ApiProblem.UNAUTHENTICATED.with("a bearer token was sent, but no token key is configured"
                    + " (set PLINTH_JWT_SECRET, --jwt-public-key, --jwks-file or --jwks-url)");
        }
        try {
            Principal p = verifier.get().verify(authorization.substring(BEARER.length()).strip());
            return Caller.of(p.subject(), p.claims());
        } catch (AuthenticationException e) {
            throw ApiProblem.UNAUTHENTICATED.with(e.getMessage());
        }
    }

    /**
     * Authenticates a request by its {@code Authorization} header, as {@link #authenticate(String)} does,
     * and records the principal's subject for the access log.
     *
     * @param ctx the request
     * @return the caller
     * @throws ProblemException 401 as {@link #authenticate(String)}
     */
    public Caller authenticate(io.javalin.http.Context ctx) {
        Caller caller = authenticate(ctx.header("Authorization"));
        caller.subject().ifPresent(RequestRecord.of(ctx)::subject);
        return caller;
    }

    /**
     * Checks that a caller may use a resource without owner scoping.
     *
     * @param caller the caller
     * @param read   true for GET
     * @throws ProblemException 401 when a token is required and absent
     */
    public void requireAccess(Caller caller, boolean read) {
        if (verifier.isPresent() && !caller.authenticated() && !(read && anonymousReads)) {
            throw ApiProblem.UNAUTHENTICATED.with("send Authorization: Bearer <token>");
        }
    }
}
