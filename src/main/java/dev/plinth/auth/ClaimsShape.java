package dev.plinth.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks what nimbus-jose-jwt lets through in a verified token's claims: a registered claim given as
 * JSON {@code null} (nimbus reads {@code "exp": null} as "never expires" and {@code "sub": null} as a
 * present subject), and text Plinth cannot store or compare — a NUL character (PostgreSQL text cannot
 * hold U+0000) or a lone surrogate (not a Unicode scalar value, RFC 8259 §8.2).
 */
final class ClaimsShape {

    /** The registered claims (RFC 7519 §4.1); none may be null where present. */
    private static final List<String> REGISTERED = List.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");
    /** The NumericDate claims (RFC 7519 §2: a JSON number of seconds since the epoch). */
    private static final List<String> NUMERIC_DATES = List.of("exp", "nbf", "iat");

    private ClaimsShape() {
    }

    /**
     * Checks a token's claims as they appeared in its payload.
     *
     * @param claims the payload's JSON object, JSON {@code null} values kept
     * @throws AuthenticationException when {@code sub} is not a string, a registered claim is null, a
     *                                 NumericDate claim is not a number, or a claim name or text value
     *                                 holds U+0000 or a lone surrogate
     */
    static void check(Map<String, Object> claims) throws AuthenticationException {
        for (String name : REGISTERED) {
            if (claims.containsKey(name) && claims.get(name) == null) {
                throw new AuthenticationException("the token's \"" + name + "\" claim is null (RFC 7519 §4.1)");
            }
        }
        for (String name : NUMERIC_DATES) {
            if (claims.containsKey(name) && !(claims.get(name) instanceof Number)) {
                throw new AuthenticationException("the token's \"" + name
                        + "\" claim is not a NumericDate (a number of seconds, RFC 7519 §2)");
            }
        }
        if (!(claims.get("sub") instanceof String)) {
            throw new AuthenticationException("the token's \"sub\" claim must be a string (RFC 7519 §4.1.2)");
        }
        for (String name : claims.keySet()) {
            requireStorableText("a claim name", name);
        }
        // The names are clean now, so a message may quote them.
        for (Map.Entry<String, Object> claim : claims.entrySet()) {
            requireStorableValue("the token's \"" + claim.getKey() + "\" claim", claim.getValue());
        }
    }

    private static void requireStorableValue(String what, Object value) throws AuthenticationException {
        if (value instanceof String text) {
            requireStorableText(what, text);
        } else if (value instanceof Collection<?> values) {
            for (Object element : values) {
                requireStorableValue(what, element);
            }
        } else if (value instanceof Map<?, ?> members) {
            for (Map.Entry<?, ?> member : members.entrySet()) {
                requireStorableValue(what, member.getKey());
                requireStorableValue(what, member.getValue());
            }
        }
    }

    private static void requireStorableText(String what, String text) throws AuthenticationException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw new AuthenticationException(what + " contains a NUL character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new AuthenticationException(what + " contains a lone surrogate"
                        + " (not Unicode text, RFC 8259 §8.2)");
            }
        }
    }
}
