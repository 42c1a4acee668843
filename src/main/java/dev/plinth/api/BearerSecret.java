package dev.plinth.api;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A fixed secret that guards a route describing the server rather than its data ({@code --openapi-token}
 * for {@code GET /openapi.json}, {@code --metrics-token} for {@code GET /metrics}): the request must send
 * {@code Authorization: Bearer <secret>}. Compared in constant time ({@link MessageDigest#isEqual}), so
 * the answer's timing does not tell how much of a guess was right.
 *
 * @param secret the secret; empty when the route is open
 * @param option the command-line option that set it, named in the 401's detail
 */
record BearerSecret(Optional<String> secret, String option) {

    /**
     * Checks a request.
     *
     * @param ctx  the request
     * @param what what the route answers, for the 401's detail (e.g. "the OpenAPI document")
     * @throws ProblemException 401 {@code unauthenticated} when a secret is set and the request does not send it
     */
    void require(Context ctx, String what) {
        if (secret.isEmpty()) {
            return;
        }
        String sent = ctx.header("Authorization");
        byte[] expected = ("Bearer " + secret.get()).getBytes(StandardCharsets.UTF_8);
        if (sent == null || !MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.UTF_8))) {
            throw ApiProblem.UNAUTHENTICATED.with(what + " needs Authorization: Bearer <the " + option + ">");
        }
    }
}
