package dev.plinth.api.resource;

/**
 * What the server does with a column beyond storing what the client sends (docs/api.md, "Column
 * conventions"). Roles come from the column name after {@code @map}, or from Prisma's
 * {@code @default(now())} and {@code @updatedAt}.
 */
public enum ColumnRole {
    /** Written by the client. */
    PLAIN,
    /** {@code created_at} or {@code @default(now())}: set to now on insert, never by the client. */
    CREATED_AT,
    /** {@code updated_at} or {@code @updatedAt}: set to now on insert and on every update. */
    UPDATED_AT,
    /** {@code deleted_at}: set by a soft delete, cleared by restore. */
    DELETED_AT,
    /** {@code user_id}: the owner; set to the caller on insert, and scopes every read and write. */
    OWNER,
    /** {@code created_by}: the caller on insert. */
    CREATED_BY,
    /** {@code updated_by}: the caller on insert and update. */
    UPDATED_BY,
    /** {@code deleted_by}: the caller on soft delete. */
    DELETED_BY;

    /** Returns true when clients may not write the column (it is silently ignored in bodies). */
    public boolean serverManaged() {
        return this != PLAIN;
    }
}
