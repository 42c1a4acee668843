package dev.plinth.studio;

import dev.plinth.auth.LoopbackAddress;
import dev.plinth.auth.TokenIssuer;

import java.util.Optional;

/**
 * Whether and how a server serves Plinth Studio (docs/studio.md, "Turning the Studio on and off, signing in").
 *
 * @param enabled true to serve {@code /studio}, its files and {@code /studio/api/…}; false answers all of them
 *                404 ({@code plinth serve --studio}/{@code --no-studio}, {@code PLINTH_STUDIO}; by default on
 *                exactly when the server listens on loopback only, {@link #onByDefault})
 * @param signIn  the development sign-in's signer: present only when the server holds an HS256 secret
 *                ({@code PLINTH_JWT_SECRET}); the server offers the sign-in only when it also listens on
 *                loopback ({@link #signInOffered})
 * @param source  the schema file as the server read it, answered by {@code GET /studio/api/schema}; empty
 *                when the server was given a parsed schema only (that endpoint then answers 404)
 */
public record StudioSettings(boolean enabled, Optional<TokenIssuer> signIn, Optional<SchemaSource> source) {

    /** The Studio served, without development sign-in or schema text: what a server built in code gets. */
    public static final StudioSettings DEFAULT = new StudioSettings(true, Optional.empty(), Optional.empty());

    /** No Studio. */
    public static final StudioSettings OFF = new StudioSettings(false, Optional.empty(), Optional.empty());

    /**
     * The schema file a server serves.
     *
     * @param file its file name, without directories (e.g. {@code schema.prisma}): the client needs no
     *             more, and the server's directory layout is not its business
     * @param text its text, as read
     */
    public record SchemaSource(String file, String text) {
    }

    /**
     * The rule when neither {@code --studio} nor {@code --no-studio} (nor {@code PLINTH_STUDIO}) is given:
     * on when the server listens on a loopback interface only ({@code 127.0.0.1}, {@code ::1},
     * {@code localhost}), where only this machine's users reach it; off on any other interface, where an
     * admin page is something to opt into (issue 17).
     *
     * @param host the interface the server listens on
     * @return true when the Studio is on by default
     */
    public static boolean onByDefault(String host) {
        return LoopbackAddress.is(host);
    }

    /**
     * Returns the Studio's address for the start-up lines.
     *
     * @param host the interface the server listens on; a wildcard ({@code 0.0.0.0}, {@code ::}) is shown as
     *             {@code localhost}, an address the reader can open on this machine
     * @param port the port
     * @return e.g. {@code http://127.0.0.1:8080/studio}
     */
    public static String url(String host, int port) {
        String shown = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "localhost"
                : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port + StudioPage.PATH;
    }

    /**
     * Tells whether the development sign-in is offered: the Studio is on, the server holds an HS256 secret,
     * and it listens on loopback only — so a token for any subject is minted only for someone already on
     * this machine, never over another interface.
     *
     * @param host the interface the server listens on
     * @return true when {@code /studio/api/sign-in} answers
     */
    public boolean signInOffered(String host) {
        return enabled && signIn.isPresent() && LoopbackAddress.is(host);
    }

    /**
     * Returns these settings with the schema file's text.
     *
     * @param file the file name
     * @param text its text
     * @return the settings
     */
    public StudioSettings withSource(String file, String text) {
        return new StudioSettings(enabled, signIn, Optional.of(new SchemaSource(file, text)));
    }

    /**
     * Returns these settings with a development sign-in signing with {@code issuer}.
     *
     * @param issuer the HS256 signer of the server's secret
     * @return the settings
     */
    public StudioSettings withSignIn(TokenIssuer issuer) {
        return new StudioSettings(enabled, Optional.of(issuer), source);
    }
}
