package dev.plinth.query;

import java.util.Optional;

/**
 * A filter lookup: the {@code __suffix} after a column name in a list parameter
 * ({@code status__in=lead,won}); a bare {@code column=value} is {@link #EQ}.
 *
 * <p>The names follow Django's field lookups, which PocketBase-, PostgREST- and Django-REST users know.
 */
public enum Operator {
    /** {@code col=v} or {@code col__eq=v}: equal. */
    EQ("eq"),
    /** {@code col__ne=v}: not equal (a NULL never matches, as in SQL, Prisma and PostgREST). */
    NE("ne"),
    /** {@code col__in=a,b}: one of the values. */
    IN("in"),
    /** {@code col__nin=a,b}: none of the values (a NULL never matches). */
    NIN("nin"),
    /** {@code col__gt=v}: greater than. */
    GT("gt"),
    /** {@code col__gte=v}: greater than or equal. */
    GTE("gte"),
    /** {@code col__lt=v}: less than. */
    LT("lt"),
    /** {@code col__lte=v}: less than or equal. */
    LTE("lte"),
    /**
     * {@code col__contains=text}: holds the text, case-sensitive; on a Json field (or a path in one), the
     * document contains the given JSON document as PostgreSQL's {@code @>} defines it.
     */
    CONTAINS("contains"),
    /** {@code col__icontains=text}: holds the text, ignoring case. */
    ICONTAINS("icontains"),
    /** {@code col__startswith=text}: begins with the text, case-sensitive. */
    STARTSWITH("startswith"),
    /** {@code col__endswith=text}: ends with the text, case-sensitive. */
    ENDSWITH("endswith"),
    /** {@code col__isnull=true|false}: is (or is not) NULL. */
    ISNULL("isnull"),
    /** {@code meta.tags__has=red}: a JSON array (in a Json field, at a path) holds the value. */
    HAS("has"),
    /** {@code meta__has_key=plan}: a JSON object (a Json field, or the object at a path) has the key. */
    HAS_KEY("has_key");

    private final String suffix;

    Operator(String suffix) {
        this.suffix = suffix;
    }

    /** Returns the lookup as written after {@code __}, e.g. {@code "icontains"}. */
    public String suffix() {
        return suffix;
    }

    /** Returns true for the lookups whose value is a list ({@code in}, {@code nin}). */
    public boolean takesList() {
        return this == IN || this == NIN;
    }

    /** Returns true for the text-pattern lookups ({@code contains}, {@code icontains}, {@code startswith}, {@code endswith}). */
    public boolean isPattern() {
        return this == CONTAINS || this == ICONTAINS || this == STARTSWITH || this == ENDSWITH;
    }

    /**
     * Looks a lookup up by its suffix.
     *
     * @param suffix the text after {@code __}, case-sensitive
     * @return the operator, or empty
     */
    public static Optional<Operator> fromSuffix(String suffix) {
        for (Operator op : values()) {
            if (op.suffix.equals(suffix)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
