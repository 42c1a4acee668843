package dev.plinth.api.access;

/**
 * The token claims the tenant conventions read (docs/access-rules.md); configurable with
 * {@code plinth serve --org-claim/--teams-claim}.
 *
 * @param organization the claim holding the caller's organization, compared with {@code organization_id}
 * @param teams        the claim holding the caller's teams (an array), compared with {@code team_id}
 */
public record ClaimNames(String organization, String teams) {

    /** {@code org_id} and {@code team_ids}. */
    public static final ClaimNames DEFAULT = new ClaimNames("org_id", "team_ids");
}
