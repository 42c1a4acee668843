package dev.plinth.api.record;

import java.util.Map;
import java.util.Optional;

/**
 * Who is calling: the verified token's subject and claims, or nobody.
 *
 * @param subject the {@code sub} claim of a verified bearer token, or empty for an anonymous caller
 * @param claims  the token's claims (empty when anonymous)
 */
public record Caller(Optional<String> subject, Map<String, Object> claims) {

    /** The caller without a token. */
    public static final Caller ANONYMOUS = new Caller(Optional.empty(), Map.of());

    public Caller {
        claims = Map.copyOf(claims);
    }

    /**
     * Creates an authenticated caller.
     *
     * @param subject the token's subject
     * @param claims  the token's claims
     * @return the caller
     */
    public static Caller of(String subject, Map<String, Object> claims) {
        return new Caller(Optional.of(subject), claims);
    }

    /** Returns true when a token was verified. */
    public boolean authenticated() {
        return subject.isPresent();
    }
}
