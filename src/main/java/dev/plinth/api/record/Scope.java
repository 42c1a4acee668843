package dev.plinth.api.record;

import java.util.Optional;

/**
 * Which rows a request may see: the owner's rows on an owner-scoped table, and soft-deleted rows
 * only when asked for.
 *
 * @param owner          the caller's {@code user_id} bind value on an owner-scoped table, else empty
 * @param includeDeleted true to see soft-deleted rows ({@code with_deleted=true}, restore)
 */
public record Scope(Optional<Object> owner, boolean includeDeleted) {
}
