package dev.plinth.schema.model;

/**
 * What the database does to referencing rows when the referenced row is deleted or its key updated.
 *
 * <p>Source: Prisma docs, "Referential actions"
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/referential-actions).
 * Prisma's defaults: {@code onDelete} is {@link #SET_NULL} when the foreign-key fields are optional
 * and {@link #RESTRICT} when they are required; {@code onUpdate} is {@link #CASCADE}.
 */
public enum ReferentialAction {
    CASCADE("Cascade", "CASCADE"),
    RESTRICT("Restrict", "RESTRICT"),
    NO_ACTION("NoAction", "NO ACTION"),
    SET_NULL("SetNull", "SET NULL"),
    SET_DEFAULT("SetDefault", "SET DEFAULT");

    private final String prismaName;
    private final String sql;

    ReferentialAction(String prismaName, String sql) {
        this.prismaName = prismaName;
        this.sql = sql;
    }

    /** Returns the name written in a schema, e.g. {@code "SetNull"}. */
    public String prismaName() {
        return prismaName;
    }

    /** Returns the SQL keyword sequence, e.g. {@code "SET NULL"}. */
    public String sql() {
        return sql;
    }

    /**
     * Looks an action up by its schema name.
     *
     * @param name the name as written in a schema, e.g. {@code "Cascade"}
     * @return the action, or null when the name is not an action
     */
    public static ReferentialAction fromPrismaName(String name) {
        for (ReferentialAction action : values()) {
            if (action.prismaName.equals(name)) {
                return action;
            }
        }
        return null;
    }
}
