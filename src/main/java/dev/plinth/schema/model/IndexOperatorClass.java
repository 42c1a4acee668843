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
     * Tells whether PostgreSQL would pick this class anyway for the field's type under the index method
     * ({@code pg_opclass.opcdefault}), so that naming it changes nothing in the database. True for
     * {@code JsonbOps} and {@code ArrayOps} (GIN), {@code TextOps} and {@code InetOps} under SP-GiST,
     * the BRIN {@code *MinMaxOps} classes (except {@code InetMinMaxOps}) and {@code InetInclusionOps}.
     * A {@code raw("…")} class counts as not default; naming a type's default class with {@code raw}
     * makes every migration re-create the index, so write no {@code ops:} for it.
     * Source: PostgreSQL docs, "Built-in Operator Classes" of GIN, SP-GiST and BRIN
     * (https://www.postgresql.org/docs/current/brin-builtin-opclasses.html and siblings).
     *
     * @param indexType the schema's {@code type:} ({@code Gin}, {@code SpGist}, {@code Brin}, …)
     * @return true when the class is the default one
     */
    public boolean isDefaultFor(String indexType) {
        if (raw) {
            return false;
        }
        return switch (written) {
            case "JsonbOps", "ArrayOps", "TextOps", "InetInclusionOps" -> true;
            case "InetOps" -> indexType.equals("SpGist");
            case "InetMinMaxOps" -> false;
            default -> written.endsWith("MinMaxOps");
        };
    }

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
