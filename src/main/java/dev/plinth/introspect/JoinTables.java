package dev.plinth.introspect;

import dev.plinth.schema.model.ReferentialAction;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexColumn;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises the join tables of Prisma's implicit many-to-many relations, which are pulled as list fields on both
 * models rather than as a model (Prisma docs, "Conventions for relation tables in implicit m-n relations",
 * https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/many-to-many-relations): a table
 * {@code _{Relation}} with exactly the columns {@code A} and {@code B}, each a cascading foreign key to the
 * single-column primary key of a model, {@code A} to the model whose name sorts first, with the key
 * ({@code _{Relation}_AB_pkey} on PostgreSQL, the unique index {@code _{Relation}_AB_unique} on SQLite) and the
 * index {@code _{Relation}_B_index} under Prisma's names. A table that differs in anything is pulled as a model,
 * so that the pulled schema creates exactly the table the database has.
 */
final class JoinTables {

    private JoinTables() {
    }

    /**
     * A recognised join table.
     *
     * @param table        the join table
     * @param relationName the relation name ({@code table} without its leading {@code _})
     * @param tableA       the table of column {@code A}
     * @param tableB       the table of column {@code B}
     */
    record JoinTable(String table, String relationName, String tableA, String tableB) {
    }

    /**
     * Recognises a join table.
     *
     * @param table      a table
     * @param snapshot   the database's tables
     * @param modelNames table name → model name of the tables pulled as models
     * @param dialect    the database's dialect (for identifier length)
     * @return the join table, or empty when {@code table} is not one
     */
    static Optional<JoinTable> recognise(TableSnapshot table, Snapshot snapshot, Map<String, String> modelNames, Dialect dialect) {
        String name = table.name();
        if (!name.startsWith("_") || name.length() < 2) {
            return Optional.empty();
        }
        String relation = name.substring(1);
        if (!PrismaNames.sanitize(relation, "").equals(relation)) {
            return Optional.empty();
        }
        List<ColumnSnapshot> columns = table.columns();
        if (columns.size() != 2 || !columns.get(0).name().equals("A") || !columns.get(1).name().equals("B")
                || columns.stream().anyMatch(c -> c.nullable() || c.defaultExpression().isPresent() || c.autoincrement())
                || table.foreignKeys().size() != 2 || !table.checks().isEmpty()) {
            return Optional.empty();
        }
        Optional<ForeignKeySnapshot> a = keyOf(table, "A", name, dialect, snapshot);
        Optional<ForeignKeySnapshot> b = keyOf(table, "B", name, dialect, snapshot);
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        String modelA = modelNames.get(a.get().referencedTable());
        String modelB = modelNames.get(b.get().referencedTable());
        if (modelA == null || modelB == null || modelA.compareTo(modelB) > 0) {
            return Optional.empty();
        }
        List<IndexSnapshot> expectedIndexes = new java.util.ArrayList<>();
        Optional<PrimaryKeySnapshot> expectedKey = Optional.empty();
        if (dialect.kind() == DatabaseKind.POSTGRESQL) {
            expectedKey = Optional.of(new PrimaryKeySnapshot(Optional.of(dialect.truncate(name + "_AB_pkey")), List.of("A", "B")));
        } else {
            expectedIndexes.add(new IndexSnapshot(dialect.truncate(name + "_AB_unique"),
                    List.of(new IndexColumn("A", false), new IndexColumn("B", false)), true, Optional.empty()));
        }
        expectedIndexes.add(new IndexSnapshot(dialect.truncate(name + "_B_index"), List.of(new IndexColumn("B", false)), false,
                Optional.empty()));
        if (!table.primaryKey().equals(expectedKey) || !new java.util.HashSet<>(table.indexes()).equals(new java.util.HashSet<>(expectedIndexes))) {
            return Optional.empty();
        }
        return Optional.of(new JoinTable(name, relation, a.get().referencedTable(), b.get().referencedTable()));
    }

    /** The cascading key of column {@code A} or {@code B} to a single-column primary key of the same type, by Prisma's name. */
    private static Optional<ForeignKeySnapshot> keyOf(TableSnapshot table, String column, String name, Dialect dialect, Snapshot snapshot) {
        return table.foreignKeys().stream()
                .filter(f -> f.columns().equals(List.of(column)) && f.onDelete() == ReferentialAction.CASCADE
                        && f.onUpdate() == ReferentialAction.CASCADE
                        && f.name().map(n -> n.equals(dialect.truncate(name + "_" + column + "_fkey"))).orElse(true))
                .filter(f -> snapshot.table(f.referencedTable())
                        .flatMap(t -> t.primaryKey().filter(pk -> pk.columns().equals(f.referencedColumns()) && pk.columns().size() == 1)
                                .flatMap(pk -> t.column(pk.columns().get(0))))
                        .map(c -> c.type().equalsIgnoreCase(table.column(column).orElseThrow().type())
                                || (c.autoincrement() && dialect.kind() == DatabaseKind.SQLITE))
                        .orElse(false))
                .findFirst();
    }
}
