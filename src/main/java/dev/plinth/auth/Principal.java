package dev.plinth.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authenticated caller of a request: the subject of a verified bearer token and its claims.
 *
 * @param subject the token's {@code sub} claim (RFC 7519 §4.1.2), as text: the user id that owner
 *                scoping compares with {@code user_id}
 * @param claims  every claim of the token by name; values as JSON gives them (String, Number,
 *                Boolean, List, Map); {@code exp}, {@code nbf} and {@code iat} as epoch seconds (Long)
 */
public record Principal(String subject, Map<String, Object> claims) {

    public Principal {
        claims = Map.copyOf(claims);
    }

    /**
     * Returns a claim as text.
     *
     * @param name the claim name, e.g. {@code org_id}
     * @return the claim's value as text (numbers in their JSON form), or empty when absent, null or
     *         not a scalar
     */
    public Optional<String> claimText(String name) {
        Object value = claims.get(name);
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(value.toString());
        }
        return Optional.empty();
    }

    /**
     * Returns a claim as a list of texts: an array claim's scalar elements, or a scalar claim as a
     * one-element list (so {@code role: "admin"} and {@code roles: ["admin"]} read alike).
     *
     * @param name the claim name, e.g. {@code team_ids}
     * @return the values as text, empty when the claim is absent
     */
    public List<String> claimTexts(String name) {
        Object value = claims.get(name);
        if (value instanceof Collection<?> values) {
            return values.stream()
                    .filter(v -> v instanceof String || v instanceof Number || v instanceof Boolean)
                    .map(Object::toString)
                    .toList();
        }
        return claimText(name).map(List::of).orElse(List.of());
    }
}
