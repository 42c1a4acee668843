package dev.plinth.sql.ddl;

import dev.plinth.schema.model.ReferentialAction;

import java.util.List;
import java.util.Optional;

/**
 * A foreign key of a table.
 *
 * @param name              the constraint name ({@code Post_authorId_fkey}); empty when a SQLite table
 *                          declares the key without {@code CONSTRAINT "name"}
 * @param columns           the referencing columns of this table, in order
 * @param referencedTable   the referenced table
 * @param referencedColumns the referenced columns, in the same order
 * @param onDelete          the action on delete
 * @param onUpdate          the action on update
 */
public record ForeignKeySnapshot(
        Optional<String> name,
        List<String> columns,
        String referencedTable,
        List<String> referencedColumns,
        ReferentialAction onDelete,
        ReferentialAction onUpdate) {

    public ForeignKeySnapshot {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }
}
