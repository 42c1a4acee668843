package dev.plinth.schema.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A column convention: a role a field plays beyond holding what clients send (docs/schema.md,
 * "Conventions"). Recognised by the column name {@link #column()} (today's rule), by any spelling of
 * {@link #spellings()} when the schema asks for it ({@code conventions = "any_spelling"}), or named by
 * an attribute ({@code @@owner}, {@code @@softDelete}, {@code @@tenant}).
 */
public enum Convention {
    /** The owner, compared with the token's subject: {@code user_id}, or {@code userId}, {@code ownerId} (Quickback's owner column). */
    OWNER("user_id", "owner", List.of("userid", "ownerid")),
    /** Set to now on insert. */
    CREATED_AT("created_at", "timestamps", List.of("createdat")),
    /** Set to now on insert and update: {@code updatedAt} or Quickback's {@code modifiedAt}. */
    UPDATED_AT("updated_at", "timestamps", List.of("updatedat", "modifiedat")),
    /** Marks a soft-deleted row when not NULL. */
    DELETED_AT("deleted_at", "softDelete", List.of("deletedat")),
    /** The caller who created the row. */
    CREATED_BY("created_by", "audit", List.of("createdby")),
    /** The caller who last changed the row: {@code updatedBy} or Quickback's {@code modifiedBy}. */
    UPDATED_BY("updated_by", "audit", List.of("updatedby", "modifiedby")),
    /** The caller who soft-deleted the row. */
    DELETED_BY("deleted_by", "audit", List.of("deletedby")),
    /** The organization firewall, compared with the token's organization claim: {@code organizationId} or {@code orgId}. */
    ORGANIZATION("organization_id", "tenant", List.of("organizationid", "orgid")),
    /** Team scoping, compared with the token's teams claim. */
    TEAM("team_id", "tenant", List.of("teamid"));

    private final String column;
    private final String group;
    private final List<String> spellings;

    Convention(String column, String group, List<String> spellings) {
        this.column = column;
        this.group = group;
        this.spellings = spellings;
    }

    /** Returns the exact column name that turns the convention on without any setting, e.g. {@code user_id}. */
    public String column() {
        return column;
    }

    /**
     * Returns the argument of {@code @@conventions(…)} that switches the convention off for a model:
     * {@code owner}, {@code timestamps}, {@code softDelete}, {@code audit} or {@code tenant}.
     */
    public String group() {
        return group;
    }

    /** Returns the names recognised in either spelling, lower case without underscores ({@code userid}). */
    public List<String> spellings() {
        return spellings;
    }

    /** The argument names {@code @@conventions(…)} accepts. */
    public static final List<String> GROUPS = List.of("owner", "timestamps", "softDelete", "audit", "tenant");

    /**
     * Finds the convention a name plays in either spelling: {@code userId}, {@code user_id} and
     * {@code USER_ID} all name the owner.
     *
     * @param name a field or column name
     * @return the convention, or empty
     */
    public static Optional<Convention> bySpelling(String name) {
        String key = name.replace("_", "").toLowerCase(Locale.ROOT);
        for (Convention c : values()) {
            if (c.spellings.contains(key)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Finds the convention of an exact column name (the rule without settings).
     *
     * @param columnName a column name after {@code @map}
     * @return the convention, or empty
     */
    public static Optional<Convention> byColumn(String columnName) {
        for (Convention c : values()) {
            if (c.column.equals(columnName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
