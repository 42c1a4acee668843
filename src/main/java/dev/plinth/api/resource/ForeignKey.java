package dev.plinth.api.resource;

import java.util.List;

/**
 * A foreign key between two tables, with everything needed to explain its violation.
 *
 * @param fromResource   the resource name of the referencing model (or its table name when it is not served)
 * @param fromTable      the referencing table, quoted for SQL
 * @param fromColumns    the referencing columns (names after {@code @map})
 * @param toTable        the referenced table, quoted for SQL
 * @param toColumns      the referenced columns
 * @param relationField  the relation field on the referencing model, for messages
 */
public record ForeignKey(String fromResource, String fromTable, List<String> fromColumns, String toTable,
                         List<String> toColumns, String relationField) {
    public ForeignKey {
        fromColumns = List.copyOf(fromColumns);
        toColumns = List.copyOf(toColumns);
    }
}
