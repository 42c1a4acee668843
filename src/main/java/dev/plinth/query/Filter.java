package dev.plinth.query;

import dev.plinth.schema.model.Field;
import java.util.List;

/**
 * A parsed filter: a tree of column comparisons joined by {@code and}, {@code or} and {@code not}.
 *
 * <p>Top-level list parameters are joined by {@link All}; {@code or=(…)}, {@code and=(…)} and
 * {@code not=(…)} groups become {@link Any}, {@link All} and {@link Not} (a {@code not} group with
 * several items negates their conjunction).
 */
public sealed interface Filter {

    /**
     * One lookup on one column, e.g. {@code created_at__gte=2026-01-01}.
     *
     * @param parameter the key as the client wrote it ({@code created_at__gte}), for messages
     * @param field     the column, resolved in the model
     * @param kind      how the column's values are typed
     * @param operator  the lookup
     * @param values    the parsed values in the column's Java type (see {@link ColumnKind}): one for a
     *                  scalar lookup, one or more for {@code in}/{@code nin}, one {@link Boolean} for
     *                  {@code isnull}, one {@link String} for the text lookups
     */
    record Comparison(String parameter, Field field, ColumnKind kind, Operator operator, List<Object> values)
            implements Filter {
        public Comparison {
            values = List.copyOf(values);
        }
    }

    /**
     * One lookup on a Json field or a path inside it, e.g. {@code meta.limits.seats__gte=5},
     * {@code meta__contains={"plan":"pro"}}. A missing key and a JSON null are both NULL: they match
     * {@code __isnull=true} only.
     *
     * @param parameter the key as the client wrote it, for messages
     * @param field     the column holding the document ({@link ColumnKind#jsonDocument()})
     * @param kind      its kind
     * @param path      the path inside the document; {@link JsonPath#ROOT} for the document itself
     * @param operator  the lookup
     * @param values    {@link JsonScalar}s for the comparisons, {@code __in}/{@code __nin} and {@code __has};
     *                  one {@link Boolean} for {@code __isnull}; one {@link String} key for {@code __has_key};
     *                  one Jackson {@code JsonNode} for {@code __contains}
     */
    record JsonMatch(String parameter, Field field, ColumnKind kind, JsonPath path, Operator operator, List<Object> values)
            implements Filter {
        public JsonMatch {
            values = List.copyOf(values);
        }
    }

    /** Every part holds; an empty list holds always. */
    record All(List<Filter> parts) implements Filter {
        public All {
            parts = List.copyOf(parts);
        }
    }

    /** At least one part holds. */
    record Any(List<Filter> parts) implements Filter {
        public Any {
            parts = List.copyOf(parts);
        }
    }

    /** The part does not hold (a comparison with NULL is unknown, so neither it nor its negation holds). */
    record Not(Filter part) implements Filter {
    }

    /**
     * A condition on the row a to-one relation points at, e.g. {@code company.name__icontains=acme}:
     * rows whose foreign key is among the keys of the related rows matching {@code inner}. Soft-deleted
     * related rows ({@code deleted_at}) never match.
     *
     * @param parameter the key as the client wrote it
     * @param relation  the relation field's name ({@code company})
     * @param local     the foreign-key columns of the filtered model
     * @param target    the related model
     * @param remote    the referenced columns of {@code target}, in the order of {@code local}
     * @param inner     the condition on {@code target}'s columns
     */
    record Related(String parameter, String relation, List<Field> local, dev.plinth.schema.model.Model target,
                   List<Field> remote, Filter inner) implements Filter {
        public Related {
            local = List.copyOf(local);
            remote = List.copyOf(remote);
        }
    }
}
