package dev.plinth.api.cors;

import io.javalin.http.Context;

import java.util.List;
import java.util.function.Function;

/**
 * The CORS protocol on Plinth's routes (Fetch Standard, "CORS protocol"): every answer, errors included,
 * carries the headers of {@link CorsPolicy#answerHeaders}, and {@code OPTIONS} on a served path answers
 * 204 with {@code Allow} (RFC 9110 section 9.3.7) and, for a preflight from an allowed origin, the methods
 * of that path, the request headers Plinth reads and a {@code Max-Age}.
 *
 * <p>Javalin's bundled CORS plugin echoes whatever method and headers a preflight asks for and answers a
 * disallowed origin 400; Plinth answers the methods each route really serves and leaves a disallowed
 * origin's answer without CORS headers, which is what the browser enforces.
 */
public final class CrossOrigin {

    private final CorsPolicy policy;
    private final Function<String, List<String>> methodsOf;

    /**
     * @param policy    the allowed origins
     * @param methodsOf the methods served on a request path (without OPTIONS); empty for a path not served
     */
    public CrossOrigin(CorsPolicy policy, Function<String, List<String>> methodsOf) {
        this.policy = policy;
        this.methodsOf = methodsOf;
    }

    /**
     * Adds the CORS headers every answer carries; runs before every handler, so an error answered later
     * (401, 404, any problem) carries them too.
     *
     * @param ctx the request
     */
    public void before(Context ctx) {
        policy.answerHeaders(ctx.header("Origin")).forEach(ctx::header);
    }

    /**
     * Answers {@code OPTIONS} on any path.
     *
     * @param ctx the request
     * @return false when nothing is served on the path (the caller answers 404)
     */
    public boolean options(Context ctx) {
        List<String> methods = methodsOf.apply(ctx.path());
        if (methods.isEmpty()) {
            return false;
        }
        String allowed = String.join(", ", methods) + ", OPTIONS";
        ctx.header("Allow", allowed);
        if (ctx.header("Access-Control-Request-Method") != null) {
            policy.preflightHeaders(ctx.header("Origin"), allowed).forEach(ctx::header);
        }
        ctx.status(204);
        return true;
    }
}
