package dev.plinth.auth;

/**
 * A bearer token that cannot be accepted: malformed, badly signed, of an algorithm not configured,
 * expired, not yet valid, or without a subject. The message says which, for the {@code 401} problem
 * body; it never contains the token or key material.
 */
public final class AuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message why the token was refused, fit to show the caller
     */
    public AuthenticationException(String message) {
        super(message);
    }
}
