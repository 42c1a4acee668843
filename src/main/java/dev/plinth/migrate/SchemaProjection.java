package dev.plinth.migrate;

import dev.plinth.schema.model.CheckConstraint;
import dev.plinth.schema.model.ConfigValue;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.IndexField;
import dev.plinth.schema.model.IndexOperatorClass;
import dev.plinth.schema.model.JoinTable;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.ReferentialAction;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.model.SortOrder;
import dev.plinth.sql.CheckConstraintSql;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.ddl.CheckSnapshot;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.EnumSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexColumn;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Projects a resolved schema onto one database: the tables, columns, keys, indexes and enum types
 * that {@code prisma db push} would create for it there, as a {@link Snapshot} the planner diffs against
 * the live database.
 *
 * <p>Rules taken from Prisma: every {@code model} (also an {@code @@ignore}d one) is a table, a
 * {@code view} is not; scalar lists are nullable columns; foreign keys are not created when the
 * datasource says {@code relationMode = "prisma"}; an implicit many-to-many relation gets the join table
 * {@code _{Relation}} with columns {@code A} and {@code B} (Prisma docs, "Conventions for relation tables
 * in implicit m-n relations"): on PostgreSQL the primary key {@code _{Relation}_AB_pkey}, on SQLite the
 * unique index {@code _{Relation}_AB_unique}, an index {@code _{Relation}_B_index} and two cascading
 * foreign keys {@code _{Relation}_A_fkey} and {@code _{Relation}_B_fkey}. Full-text indexes
 * ({@code @@fulltext}, MySQL only in Prisma) are not part of the table DDL. Plinth's {@code @@check}s are the
 * table's CHECK constraints, rendered by {@link CheckConstraintSql}.
 */
public final class SchemaProjection {

    private final Dialect dialect;

    /**
     * Creates a projection for one dialect.
     *
     * @param dialect the database the schema is projected onto
     */
    public SchemaProjection(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Projects a schema.
     *
     * @param schema the resolved schema
     * @return the database structure the schema describes, tables in declaration order (join tables last)
     */
    public Snapshot project(Schema schema) {
        boolean foreignKeys = !relationModePrisma(schema);
        List<TableSnapshot> tables = new ArrayList<>();
        for (Model model : schema.models()) {
            if (!model.view()) {
                tables.add(table(model, schema, foreignKeys));
            }
        }
        for (JoinTable join : schema.joinTables()) {
            tables.add(joinTable(join, schema, foreignKeys));
        }
        List<EnumSnapshot> enums = dialect.kind() == DatabaseKind.POSTGRESQL
                ? schema.enums().stream().map(e -> new EnumSnapshot(e.databaseName(),
                        e.values().stream().map(EnumType.Value::databaseName).toList())).toList()
                : List.of();
        return new Snapshot(tables, enums);
    }

    private static boolean relationModePrisma(Schema schema) {
        return schema.datasource().map(d -> {
            ConfigValue mode = d.properties().getOrDefault("relationMode", d.properties().get("referentialIntegrity"));
            return mode != null && mode.resolve(java.util.Map.of()).map(v -> v.equals("prisma")).orElse(false);
        }).orElse(false);
    }

    private TableSnapshot table(Model model, Schema schema, boolean foreignKeys) {
        List<ColumnSnapshot> columns = new ArrayList<>();
        for (Field field : model.columnFields()) {
            columns.add(column(field, model, schema));
        }
        Optional<PrimaryKeySnapshot> primaryKey = model.primaryKey().map(pk -> new PrimaryKeySnapshot(
                dialect.kind() == DatabaseKind.SQLITE ? Optional.empty() : Optional.of(dialect.truncate(pk.constraintName())),
                pk.fields().stream().map(IndexField::columnName).toList()));
        List<IndexSnapshot> indexes = new ArrayList<>();
        for (Index index : model.indexes()) {
            if (index.kind() == Index.Kind.FULLTEXT) {
                continue;
            }
            Optional<String> method = dialect.kind() == DatabaseKind.POSTGRESQL
                    ? index.algorithm().map(a -> a.toUpperCase(Locale.ROOT)).filter(a -> !a.equals("BTREE"))
                    : Optional.empty();
            String indexType = index.algorithm().orElse("BTree");
            indexes.add(new IndexSnapshot(dialect.truncate(index.constraintName()),
                    index.fields().stream().map(f -> new IndexColumn(f.columnName(),
                            f.sort().map(s -> s == SortOrder.DESC).orElse(false),
                            f.operatorClass().filter(o -> dialect.kind() == DatabaseKind.POSTGRESQL && !o.isDefaultFor(indexType))
                                    .map(IndexOperatorClass::sqlName), f.jsonPath())).toList(),
                    index.kind() == Index.Kind.UNIQUE, method));
        }
        List<ForeignKeySnapshot> keys = new ArrayList<>();
        if (foreignKeys) {
            for (Field field : model.relationFields()) {
                RelationInfo relation = field.relation().orElse(null);
                if (relation == null || !relation.holdsForeignKey()) {
                    continue;
                }
                Model target = schema.model(relation.targetModel()).orElseThrow(() ->
                        new IllegalArgumentException("relation " + relation.name() + " targets unknown model " + relation.targetModel()));
                List<String> from = relation.fields().stream().map(f -> columnOf(model, f)).toList();
                List<String> to = relation.references().stream().map(f -> columnOf(target, f)).toList();
                String name = relation.foreignKeyName().orElse(model.tableName() + "_" + String.join("_", from) + "_fkey");
                keys.add(new ForeignKeySnapshot(Optional.of(dialect.truncate(name)), from, target.tableName(), to,
                        relation.onDelete(), relation.onUpdate()));
            }
        }
        List<CheckSnapshot> checks = new ArrayList<>();
        if (!model.checks().isEmpty()) {
            CheckConstraintSql render = new CheckConstraintSql(dialect, model, schema);
            for (CheckConstraint check : model.checks()) {
                checks.add(new CheckSnapshot(dialect.truncate(check.name()), render.expression(check)));
            }
        }
        return new TableSnapshot(model.tableName(), columns, primaryKey, indexes, keys, checks);
    }

    private static String columnOf(Model model, String fieldName) {
        return model.field(fieldName).map(Field::columnName).orElse(fieldName);
    }

    private ColumnSnapshot column(Field field, Model model, Schema schema) {
        boolean autoincrement = field.defaultValue().map(d -> d instanceof DefaultValue.Autoincrement).orElse(false);
        if (autoincrement && dialect.kind() == DatabaseKind.SQLITE) {
            // SQLite can only autoincrement its rowid alias: a single-column INTEGER primary key.
            autoincrement = model.primaryKey().map(pk -> pk.fields().size() == 1
                    && pk.fields().get(0).fieldName().equals(field.name())).orElse(false);
        }
        // SQLite's AUTOINCREMENT is only allowed on INTEGER PRIMARY KEY, so a BigInt key is INTEGER there (also 64-bit).
        String type = autoincrement && dialect.kind() == DatabaseKind.SQLITE ? "INTEGER" : dialect.columnType(field, schema);
        return new ColumnSnapshot(field.columnName(), type, field.optional() || field.list(),
                dialect.defaultExpression(field, schema), autoincrement);
    }

    private TableSnapshot joinTable(JoinTable join, Schema schema, boolean foreignKeys) {
        Model a = schema.model(join.modelA()).orElseThrow(() -> new IllegalArgumentException("join table " + join.tableName() + " names unknown model " + join.modelA()));
        Model b = schema.model(join.modelB()).orElseThrow(() -> new IllegalArgumentException("join table " + join.tableName() + " names unknown model " + join.modelB()));
        Field idA = idField(a);
        Field idB = idField(b);
        String table = join.tableName();
        List<ColumnSnapshot> columns = List.of(
                new ColumnSnapshot("A", dialect.columnType(idA, schema), false, Optional.empty(), false),
                new ColumnSnapshot("B", dialect.columnType(idB, schema), false, Optional.empty(), false));
        Optional<PrimaryKeySnapshot> primaryKey = Optional.empty();
        List<IndexSnapshot> indexes = new ArrayList<>();
        if (dialect.kind() == DatabaseKind.POSTGRESQL) {
            primaryKey = Optional.of(new PrimaryKeySnapshot(Optional.of(dialect.truncate(table + "_AB_pkey")), List.of("A", "B")));
        } else {
            indexes.add(new IndexSnapshot(dialect.truncate(table + "_AB_unique"),
                    List.of(new IndexColumn("A", false), new IndexColumn("B", false)), true, Optional.empty()));
        }
        indexes.add(new IndexSnapshot(dialect.truncate(table + "_B_index"), List.of(new IndexColumn("B", false)), false, Optional.empty()));
        List<ForeignKeySnapshot> keys = foreignKeys ? List.of(
                new ForeignKeySnapshot(Optional.of(dialect.truncate(table + "_A_fkey")), List.of("A"), a.tableName(),
                        List.of(idA.columnName()), ReferentialAction.CASCADE, ReferentialAction.CASCADE),
                new ForeignKeySnapshot(Optional.of(dialect.truncate(table + "_B_fkey")), List.of("B"), b.tableName(),
                        List.of(idB.columnName()), ReferentialAction.CASCADE, ReferentialAction.CASCADE)) : List.of();
        return new TableSnapshot(table, columns, primaryKey, indexes, keys);
    }

    private static Field idField(Model model) {
        return model.primaryKey().filter(pk -> pk.fields().size() == 1)
                .flatMap(pk -> model.field(pk.fields().get(0).fieldName()))
                .orElseThrow(() -> new IllegalArgumentException("model " + model.name()
                        + " is in an implicit many-to-many relation and needs a single-field @id"));
    }
}
