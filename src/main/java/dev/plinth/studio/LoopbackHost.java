package dev.plinth.studio;

import dev.plinth.api.ApiProblem;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The development sign-in answers only requests addressed by a loopback name. The server listening on
 * loopback is not enough: a web page on another origin whose name an attacker re-points to 127.0.0.1 (DNS
 * rebinding) reaches it with its own {@code Host}, and the browser then lets that page read the answer. So the
 * {@code Host} header must literally be {@code localhost}, {@code 127.x.x.x} or {@code [::1]} (never resolved:
 * resolving is what the attack controls). And a page of another site the browser sends straight to the server
 * (allowed by a development {@code --cors-origin *}) names itself in {@code Origin} (RFC 6454 section 7, sent
 * with every cross-origin request and every POST): an {@code Origin} other than a loopback one is refused too.
 */
final class LoopbackHost {

    private static final String NAME = "(?:localhost|127(?:\\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}|\\[::1\\])(?::[0-9]{1,5})?";
    private static final Pattern LOOPBACK = Pattern.compile(NAME);
    private static final Pattern LOOPBACK_ORIGIN = Pattern.compile("https?://" + NAME);

    private LoopbackHost() {
    }

    /**
     * Checks a request's {@code Host}.
     *
     * @param ctx the request
     * @throws dev.plinth.api.ProblemException 404 when the {@code Host} is not a loopback name, or an {@code Origin}
     *                                         is given that is not a loopback origin
     */
    static void require(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !LOOPBACK.matcher(host.toLowerCase(Locale.ROOT)).matches()) {
            throw ApiProblem.NOT_FOUND.with("the development sign-in answers requests addressed to localhost, 127.0.0.1"
                    + " or [::1] only");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !LOOPBACK_ORIGIN.matcher(origin.toLowerCase(Locale.ROOT)).matches()) {
            throw ApiProblem.NOT_FOUND.with("the development sign-in answers pages served from localhost, 127.0.0.1"
                    + " or [::1] only, not " + origin);
        }
    }
}
