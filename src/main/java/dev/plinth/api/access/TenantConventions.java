package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.ProblemException;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.WriteValues;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.ColumnRole;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.InvalidValue;
import dev.plinth.query.ColumnKind;
import dev.plinth.query.Filter;
import dev.plinth.query.Operator;
import dev.plinth.schema.model.Convention;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant conventions of tables without access rules (docs/access-rules.md): {@code organization_id}
 * scoped to the token's organization claim and {@code team_id} to its teams claim, the way
 * {@code user_id} is scoped to {@code sub}: set (or checked) on insert, not movable by updates, and
 * ANDed into every statement. They scope shared tables: not owner-scoped tables, nor a table whose
 * own key is the column.
 */
final class TenantConventions {


    private final ClaimNames claims;

    TenantConventions(ClaimNames claims) {
        this.claims = claims;
    }

    /** The rows the caller's claims reach; TRUE on tables without the columns. */
    Truth rows(Resource resource, Caller caller) {
        Truth t = Truth.TRUE;
        Optional<Column> org = column(resource, Convention.ORGANIZATION);
        if (org.isPresent()) {
            t = Truth.and(t, new Truth.Rows(new Filter.Comparison(org.get().name(), org.get().field(), kind(org.get()),
                    Operator.EQ, List.of(organization(resource, org.get(), caller)))));
        }
        Optional<Column> team = column(resource, Convention.TEAM);
        if (team.isPresent()) {
            List<Object> teams = teams(resource, team.get(), caller);
            t = Truth.and(t, teams.isEmpty() ? Truth.FALSE
                    : new Truth.Rows(new Filter.Comparison(team.get().name(), team.get().field(), kind(team.get()), Operator.IN, teams)));
        }
        return t;
    }

    /** Returns whether {@link #fillInsert} may set or check anything for this resource's rows. */
    boolean fillsInsert(Resource resource) {
        return convention(resource, Convention.ORGANIZATION).isPresent() || convention(resource, Convention.TEAM).isPresent();
    }

    /** Sets or checks the tenant columns of a body about to be inserted. */
    void fillInsert(Resource resource, Caller caller, ObjectNode out) {
        if (resource.owner().isPresent()) {
            // an owner-scoped table: the organization is recorded when the token carries one, never required
            Optional<Column> org = convention(resource, Convention.ORGANIZATION).filter(c -> plain(resource, c));
            Object claim = caller.claims().get(organizationClaim(resource));
            if (org.isPresent() && claim != null && !(claim instanceof Collection) && !(claim instanceof Map)) {
                try {
                    out.set(org.get().name(), json(queryValue(resource, org.get(), claim.toString())));
                } catch (ProblemException e) {
                    // a claim the column cannot hold leaves the body's value: the row is the caller's own anyway
                }
            }
            return;
        }
        Optional<Column> org = column(resource, Convention.ORGANIZATION);
        if (org.isPresent()) {
            out.set(org.get().name(), json(organization(resource, org.get(), caller)));
        }
        Optional<Column> team = column(resource, Convention.TEAM);
        if (team.isPresent()) {
            List<Object> teams = teams(resource, team.get(), caller);
            JsonNode given = out.get(team.get().name());
            if (given == null || given.isNull()) {
                if (teams.size() == 1) {
                    out.set(team.get().name(), json(teams.getFirst()));
                }
            } else if (teams.stream().noneMatch(t -> t.toString().equals(given.asText()))) {
                throw ApiProblem.FORBIDDEN.with(team.get().name() + " " + given.asText() + " is not one of the caller's teams (claim " + claims.teams() + ")");
            }
        }
    }

    /** Refuses an update that would move rows to another organization, or to a team not the caller's. */
    void checkUpdate(Resource resource, Caller caller, WriteValues values) {
        Optional<Column> org = column(resource, Convention.ORGANIZATION);
        if (org.isPresent() && values.has(org.get())) {
            throw ApiProblem.FORBIDDEN.with("'" + org.get().name() + "' is the caller's organization: it cannot be updated");
        }
        Optional<Column> team = column(resource, Convention.TEAM);
        if (team.isPresent() && values.has(team.get())) {
            Object to = values.get(team.get());
            if (to == null || teams(resource, team.get(), caller).stream().noneMatch(t -> t.toString().equals(to.toString()))) {
                throw ApiProblem.FORBIDDEN.with(team.get().name() + " " + to + " is not one of the caller's teams (claim " + claims.teams() + ")");
            }
        }
    }

    /**
     * The column of a convention: a plain column of that name on a table that is not owner-scoped
     * (a {@code user_id} table already shows the caller only its own rows) and of which it is not the
     * key (a {@code team} table whose id is mapped to {@code team_id} is the list of teams).
     */
    private static Optional<Column> column(Resource resource, Convention convention) {
        if (resource.owner().isPresent()) {
            return Optional.empty();
        }
        return convention(resource, convention).filter(c -> plain(resource, c));
    }

    /**
     * The served column of the field a convention names: {@code organization_id}, or in either spelling
     * ({@code organizationId}, {@code orgId}) or {@code @@tenant(field)} (docs/schema.md, "Conventions").
     */
    private static Optional<Column> convention(Resource resource, Convention convention) {
        return resource.model().conventions().field(convention).flatMap(resource.model()::field)
                .filter(f -> f.isColumn()).flatMap(f -> resource.stored(f.columnName()));
    }

    /** The claim compared with the organization column: {@code @@tenant(…, claim: "…")} or the server's. */
    private String organizationClaim(Resource resource) {
        return resource.model().conventions().organizationClaim().orElse(claims.organization());
    }

    private static boolean plain(Resource resource, Column c) {
        return c.role() == ColumnRole.PLAIN && ColumnKind.of(c.field()).isPresent() && !resource.key().contains(c);
    }

    private static ColumnKind kind(Column c) {
        return ColumnKind.of(c.field()).orElseThrow();
    }

    private Object organization(Resource resource, Column col, Caller caller) {
        if (!caller.authenticated()) {
            throw ApiProblem.UNAUTHENTICATED.with(resource.name() + " is scoped by " + col.name() + ": send Authorization: Bearer <token>");
        }
        Object claim = caller.claims().get(organizationClaim(resource));
        if (claim == null || claim instanceof Collection || claim instanceof Map) {
            throw ApiProblem.FORBIDDEN.with(resource.name() + " is scoped by " + col.name() + " and the token has no "
                    + organizationClaim(resource) + " claim");
        }
        return queryValue(resource, col, claim.toString());
    }

    private List<Object> teams(Resource resource, Column col, Caller caller) {
        if (!caller.authenticated()) {
            throw ApiProblem.UNAUTHENTICATED.with(resource.name() + " is scoped by " + col.name() + ": send Authorization: Bearer <token>");
        }
        Object claim = caller.claims().get(claims.teams());
        List<Object> raw = claim instanceof Collection<?> c ? new ArrayList<>(c) : claim == null ? List.of() : List.of(claim);
        List<Object> out = new ArrayList<>();
        for (Object v : raw) {
            if (v != null && !(v instanceof Collection) && !(v instanceof Map)) {
                try {
                    out.add(queryValue(resource, col, v.toString()));
                } catch (ProblemException e) {
                    // a team the column cannot hold matches no row
                }
            }
        }
        return out;
    }

    /** Parses claim text into the column's query type; a claim that does not fit is a 403. */
    private static Object queryValue(Resource resource, Column col, String text) {
        try {
            Object v = col.codec().parseText(text);
            if (v instanceof Long l && kind(col) == ColumnKind.INT) {
                return l.intValue();
            }
            return v;
        } catch (InvalidValue e) {
            throw ApiProblem.FORBIDDEN.with("the token's claim does not fit " + resource.name() + "." + col.name() + ": " + e.getMessage());
        }
    }

    /** A column value (see {@link ColumnKind}) as the JSON the body reader takes for it. */
    private static JsonNode json(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return JsonNodeFactory.instance.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return JsonNodeFactory.instance.numberNode(new BigDecimal(n.toString()));
        }
        return JsonNodeFactory.instance.textNode(value.toString());
    }
}
