package dev.plinth.openapi;

/**
 * Who may call the API the document describes, which decides its security requirements
 * (docs/api.md, "Authentication and owner scoping").
 *
 * @param tokens         true when a token key is configured: tables without {@code user_id} need a bearer token
 * @param anonymousReads true when anonymous GETs are let through ({@code --anonymous-reads})
 */
public record Access(boolean tokens, boolean anonymousReads) {

    /** A server with a token key and no anonymous reads: what {@code plinth openapi} describes by default. */
    public static final Access TOKENS = new Access(true, false);
}
