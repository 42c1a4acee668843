package dev.plinth.api.orphan;

import dev.plinth.api.ApiProblem;
import dev.plinth.api.record.Caller;

import java.util.Collection;
import java.util.List;

/**
 * The role a caller needs to read orphaned tables: carried by the verified token's {@code role} claim (a
 * string) or {@code roles} claim (an array), the claims access rules read as {@code auth().role}
 * (docs/access-rules.md).
 *
 * @param name the role, e.g. {@code admin}
 */
record AdminRole(String name) {

    /**
     * Checks a caller.
     *
     * @param caller the authenticated (or anonymous) caller
     * @throws dev.plinth.api.ProblemException 401 without a token, 403 when the token lacks the role
     */
    void require(Caller caller) {
        if (!caller.authenticated()) {
            throw ApiProblem.UNAUTHENTICATED.with("orphaned tables are served to admins only: send Authorization: Bearer <token>"
                    + " with the role '" + name + "'");
        }
        if (!roles(caller).contains(name)) {
            throw ApiProblem.FORBIDDEN.with("orphaned tables are served to admins only: the token's role or roles claim"
                    + " must hold '" + name + "'");
        }
    }

    private static List<String> roles(Caller caller) {
        return java.util.stream.Stream.of("role", "roles").flatMap(claim -> {
            Object value = caller.claims().get(claim);
            if (value instanceof Collection<?> values) {
                return values.stream().filter(v -> v instanceof String).map(v -> (String) v);
            }
            return value instanceof String s ? java.util.stream.Stream.of(s) : java.util.stream.Stream.empty();
        }).toList();
    }
}
