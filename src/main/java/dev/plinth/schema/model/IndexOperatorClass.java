package dev.plinth.schema.model;

import java.util.Locale;

/**
 * A PostgreSQL operator class given to an index field with {@code ops:}: one of Prisma's named classes
 * ({@code ops: JsonbOps}) or any class by its SQL name ({@code ops: raw("text_pattern_ops")}).
 *
 * <p>Source: Prisma docs, "Index type and operator classes for PostgreSQL"
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/indexes#configuring-the-access-type-of-indexes-with-type-postgresql).
 *
 * @param written the name as written: Prisma's name ({@code JsonbOps}) or the raw SQL name; what the DMMF shows
 * @param raw     true for {@code raw("…")}
 */
public record IndexOperatorClass(String written, boolean raw) {

    /**
     * Returns the name PostgreSQL knows: a raw name as written, a Prisma name in snake case
     * ({@code JsonbPathOps} → {@code jsonb_path_ops}, {@code TimestampTzMinMaxMultiOps} →
     * {@code timestamptz_minmax_multi_ops}), as Prisma's schema engine renders it.
     *
     * @return the SQL operator class name
     */
    public String sqlName() {
        if (raw) {
            return written;
        }
        return written.replaceAll("(?<=[a-z0-9])(?=[A-Z])", "_").toLowerCase(Locale.ROOT)
                .replace("min_max", "minmax").replace("_tz", "tz").replace("var_bit", "varbit");
    }
}
