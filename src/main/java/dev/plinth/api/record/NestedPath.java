package dev.plinth.api.record;

import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;

import java.util.List;

/**
 * Field paths into a nested write body ({@code posts[1].title}, {@code author.connect.id}): how a problem
 * met by one nested row is told to the client, so it points at the object that caused it
 * (docs/api.md, "Nested writes").
 */
final class NestedPath {

    private NestedPath() {
    }

    /**
     * Joins a path and a member name or index.
     *
     * @param path  the path so far, empty at the root
     * @param field a member name, or an index written {@code [i]}
     * @return the joined path
     */
    static String join(String path, String field) {
        if (path.isEmpty()) {
            return field;
        }
        return field.isEmpty() ? path : field.startsWith("[") ? path + field : path + "." + field;
    }

    /**
     * Moves a problem to a nested object: each field error's path is prefixed; a problem without field
     * errors (a create rule, a missing token) gains one naming the object, so the client still sees where.
     * An access rule's refusal of a nested row ({@code 403}) becomes {@code 422 validation_failed} with the
     * field code {@code forbidden}: the request as such is allowed, a part of its body is not.
     *
     * @param p    the problem met by the nested object
     * @param path the object's path; empty at the root (the problem is returned unchanged)
     * @return the problem at {@code path}
     */
    static ProblemException at(ProblemException p, String path) {
        if (path.isEmpty()) {
            return p;
        }
        List<FieldError> errors = p.errors().isEmpty()
                ? List.of(new FieldError(path, p.problem().code(), p.detail()))
                : p.errors().stream().map(e -> new FieldError(join(path, e.field()), e.code(), e.message())).toList();
        // the caller may make the request; what its body nests is refused: a 422 pointing into the body, its
        // field code still forbidden (docs/api.md, "Nested writes")
        ApiProblem problem = p.problem() == ApiProblem.FORBIDDEN ? ApiProblem.VALIDATION_FAILED : p.problem();
        ProblemException moved = new ProblemException(problem, path + ": " + p.detail(), errors, p.currentRow());
        return p.databaseError().map(moved::withDatabaseError).orElse(moved);
    }
}
