package dev.plinth.introspect;

import dev.plinth.schema.model.ReferentialAction;
import dev.plinth.schema.resolve.ConstraintNames;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.EnumSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexColumn;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a Prisma schema for an inspected database ({@code plinth db pull}), following Prisma's introspection rules
 * (https://www.prisma.io/docs/orm/prisma-schema/introspection) so that the schema, migrated into an empty database,
 * creates the same tables, columns, keys, indexes, foreign keys and enum types again:
 * <ul>
 *   <li>a model per table, named after it ({@link PrismaNames}), {@code @@map}/{@code @map} where the name had to
 *       change; the history tables {@code _plinth_migrations} and {@code _prisma_migrations} are skipped;</li>
 *   <li>types and {@code @db.*} native types by {@link ColumnTypes}, defaults by {@link ColumnDefaults};</li>
 *   <li>{@code @id}/{@code @@id}, {@code @unique}/{@code @@unique}, {@code @@index} with {@code map:} where the name is
 *       not Prisma's default ({@link ConstraintNames}), {@code sort: Desc}, {@code type:} for other methods,
 *       operator classes as {@code ops: raw("…")};</li>
 *   <li>a relation per foreign key with both sides: the field on the referencing model is named after the
 *       referenced model and the back field after the referencing one; when two models have more than one relation
 *       (or a model has one to itself) the relation is named {@code {Model}_{columns}To{Referenced}} and so are the
 *       fields, as Prisma names them; {@code onDelete}/{@code onUpdate} only when not Prisma's default;</li>
 *   <li>implicit many-to-many join tables ({@link JoinTables}) as list fields on both models;</li>
 *   <li>enums (PostgreSQL), {@code @@fulltext} for Plinth's full-text indexes, {@code @@ignore} with a
 *       {@code ///} comment for a table without a unique identifier, {@code view} blocks for views;</li>
 *   <li>what a schema cannot say (expression indexes, CHECK constraints) as {@code //} comments.</li>
 * </ul>
 */
public final class PrismaSchemaWriter {

    /** Tables that hold migration history rather than data; never pulled. */
    static final Set<String> HISTORY_TABLES = Set.of("_plinth_migrations", "_prisma_migrations");

    private static final String SQLITE_AUTOINDEX = "sqlite_autoindex_";

    private final DatabaseInspection inspection;
    private final Dialect dialect;
    private final ConstraintNames names;
    private final Map<String, PulledModel> models = new LinkedHashMap<>();
    private final List<PulledModel> views = new ArrayList<>();
    private final Map<String, String> enumNames = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> enumValues = new LinkedHashMap<>();
    private final List<String> enumBlocks = new ArrayList<>();
    private final List<JoinTables.JoinTable> joinTables = new ArrayList<>();

    private PrismaSchemaWriter(DatabaseInspection inspection) {
        this.inspection = inspection;
        this.dialect = inspection.kind().dialect();
        this.names = new ConstraintNames(dialect.maxIdentifierLength());
    }

    /**
     * Writes the schema of a database.
     *
     * @param inspection the inspected database
     * @return the schema text: datasource ({@code url = env("DATABASE_URL")}), generator, models, views, enums
     */
    public static String write(DatabaseInspection inspection) {
        return new PrismaSchemaWriter(inspection).render();
    }

    private String render() {
        PrismaNames.Scope topLevel = new PrismaNames.Scope(true);
        Map<String, String> modelNames = new LinkedHashMap<>();
        for (EnumSnapshot e : inspection.snapshot().enums()) {
            enumNames.put(e.name(), topLevel.claim(PrismaNames.typeName(e.name())));
        }
        List<TableSnapshot> tables = inspection.tables().stream().filter(t -> !HISTORY_TABLES.contains(t.name())).toList();
        for (TableSnapshot t : tables) {
            modelNames.put(t.name(), PrismaNames.typeName(t.name()));
        }
        for (TableSnapshot t : tables) {
            JoinTables.recognise(t, inspection.snapshot(), modelNames, dialect).ifPresent(joinTables::add);
        }
        Set<String> joinTableNames = joinTables.stream().map(JoinTables.JoinTable::table).collect(Collectors.toSet());
        for (TableSnapshot t : tables) {
            if (!joinTableNames.contains(t.name())) {
                models.put(t.name(), new PulledModel(t.name(), topLevel.claim(modelNames.get(t.name())), false));
            }
        }
        for (ViewSnapshot v : inspection.views()) {
            views.add(new PulledModel(v.name(), topLevel.claim(PrismaNames.typeName(v.name())), true));
        }
        for (EnumSnapshot e : inspection.snapshot().enums()) {
            enumBlocks.add(enumBlock(e));
        }
        for (TableSnapshot t : tables) {
            PulledModel model = models.get(t.name());
            if (model != null) {
                columns(model, t.columns(), t.primaryKey().map(pk -> Set.copyOf(pk.columns())).orElse(Set.of()));
                keysAndIndexes(model, t);
            }
        }
        for (TableSnapshot t : tables) {
            PulledModel model = models.get(t.name());
            if (model != null) {
                relations(model, t);
            }
        }
        for (JoinTables.JoinTable join : joinTables) {
            manyToMany(join);
        }
        for (TableSnapshot t : tables) {
            PulledModel model = models.get(t.name());
            if (model != null) {
                extras(model, t);
            }
        }
        for (int i = 0; i < views.size(); i++) {
            ViewSnapshot v = inspection.views().get(i);
            PulledModel view = views.get(i);
            columns(view, v.columns(), Set.of());
            view.comments.add((v.materialized() ? "materialized view" : "view") + " definition:");
            for (String line : v.definition().strip().split("\n")) {
                view.comments.add("  " + line.stripTrailing());
            }
            if (!view.name.equals(v.name())) {
                view.blockAttributes.add("@@map(" + PrismaNames.string(v.name()) + ")");
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("// Pulled from a ").append(inspection.kind() == DatabaseKind.SQLITE ? "SQLite" : "PostgreSQL")
                .append(" database by plinth db pull.\n\n");
        out.append("datasource db {\n  provider = \"").append(inspection.kind() == DatabaseKind.SQLITE ? "sqlite" : "postgresql")
                .append("\"\n  url      = env(\"DATABASE_URL\")\n}\n\n");
        // Prisma reads view blocks only with the views preview feature (https://www.prisma.io/docs/orm/prisma-schema/data-model/views).
        out.append("generator client {\n  provider = \"prisma-client-js\"\n")
                .append(views.isEmpty() ? "" : "  previewFeatures = [\"views\"]\n").append("}\n");
        for (PulledModel m : models.values()) {
            out.append('\n').append(m.render());
        }
        for (PulledModel v : views) {
            out.append('\n').append(v.render());
        }
        for (String e : enumBlocks) {
            out.append('\n').append(e);
        }
        return out.toString();
    }

    private String enumBlock(EnumSnapshot e) {
        PrismaNames.Scope scope = new PrismaNames.Scope(false);
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder("enum ").append(enumNames.get(e.name())).append(" {\n");
        for (String value : e.values()) {
            String name = scope.claim(PrismaNames.sanitize(value, "value"));
            values.put(value, name);
            out.append("  ").append(name).append(name.equals(value) ? "" : " @map(" + PrismaNames.string(value) + ")").append('\n');
        }
        if (!enumNames.get(e.name()).equals(e.name())) {
            out.append("\n  @@map(").append(PrismaNames.string(e.name())).append(")\n");
        }
        enumValues.put(e.name(), values);
        return out.append("}\n").toString();
    }

    private void columns(PulledModel model, List<ColumnSnapshot> columns, Set<String> primaryKeyColumns) {
        for (ColumnSnapshot c : columns) {
            String field = model.fieldNames.claim(PrismaNames.sanitize(c.name(), "field"));
            model.fieldOfColumn.put(c.name(), field);
            // A SQLite view column computed by an expression has no declared type; SQLite returns its value as text.
            PulledType type = model.view && c.type().isEmpty() ? PulledType.scalar("String")
                    : ColumnTypes.of(inspection.kind(), c.type(), enumNames);
            List<String> attributes = new ArrayList<>();
            String comment = "";
            if (!field.equals(c.name())) {
                attributes.add("@map(" + PrismaNames.string(c.name()) + ")");
            }
            type.nativeType().ifPresent(attributes::add);
            ColumnDefaults.of(c, type, enumValuesOf(c.type()), inspection.kind()).ifPresent(d -> attributes.add(0, d));
            if (inspection.kind() == DatabaseKind.SQLITE && !model.view && !type.unsupported() && !ColumnTypes.exact(c.type(), type)) {
                comment = "column type " + (c.type().isEmpty() ? "(none)" : c.type()) + "; Plinth creates " + type.scalar() + " columns as "
                        + sqliteColumnType(type.scalar());
            }
            // An @id field must be required (Prisma); SQLite reports its rowid alias and legacy key columns as nullable.
            boolean optional = c.nullable() && !primaryKeyColumns.contains(c.name());
            String typeText = type.name() + (type.list() ? "[]" : optional ? "?" : "");
            model.lineOfColumn.put(c.name(), model.lines.size());
            model.lines.add(new PulledModel.Line(field, typeText, String.join(" ", attributes), comment));
        }
    }

    private static String sqliteColumnType(String scalar) {
        return switch (scalar) {
            case "String" -> "TEXT";
            case "Int" -> "INTEGER";
            case "Float" -> "REAL";
            case "DateTime" -> "DATETIME";
            case "Json" -> "JSONB";
            case "Bytes" -> "BLOB";
            default -> scalar.toUpperCase(Locale.ROOT);
        };
    }

    private Map<String, String> enumValuesOf(String columnType) {
        String t = columnType.replace("[]", "");
        if (t.startsWith("\"") && t.endsWith("\"")) {
            return enumValues.getOrDefault(t.substring(1, t.length() - 1).replace("\"\"", "\""), Map.of());
        }
        return Map.of();
    }

    private void keysAndIndexes(PulledModel model, TableSnapshot t) {
        if (!model.name.equals(t.name())) {
            model.blockAttributes.add("@@map(" + PrismaNames.string(t.name()) + ")");
        }
        boolean identified = false;
        if (t.primaryKey().isPresent()) {
            List<String> columns = t.primaryKey().get().columns();
            Optional<String> map = t.primaryKey().get().name().filter(n -> !n.equals(names.primaryKey(t.name())));
            if (columns.size() == 1) {
                model.addToColumn(columns.get(0), "@id" + map.map(n -> "(map: " + PrismaNames.string(n) + ")").orElse(""));
            } else {
                model.blockAttributes.add(0, "@@id(" + fieldList(model, columns) + map.map(n -> ", map: " + PrismaNames.string(n)).orElse("") + ")");
            }
            identified = true;
        }
        Set<String> uniqueSingles = new HashSet<>();
        for (IndexSnapshot index : t.indexes()) {
            if (index.columns().stream().anyMatch(c -> !t.column(c.name()).isPresent())) {
                model.comments.add("index " + PrismaNames.string(index.name()) + " is on an expression, which a Prisma schema cannot express;"
                        + " migrating this schema drops it (indexes the schema does not declare are dropped)");
                continue;
            }
            boolean plain = index.columns().stream().allMatch(c -> !c.descending() && c.operatorClass().isEmpty() && c.jsonPath().isEmpty());
            List<String> columns = index.columnNames();
            if (index.unique()) {
                String defaultName = names.unique(t.name(), columns);
                // SQLite names an inline UNIQUE constraint itself (sqlite_autoindex_…); such a name cannot be given back
                Optional<String> map = Optional.of(index.name()).filter(n -> !n.equals(defaultName) && !n.startsWith(SQLITE_AUTOINDEX));
                if (index.method().isPresent()) {
                    model.comments.add("unique index " + PrismaNames.string(index.name()) + " uses " + index.method().get()
                            + ", which Prisma allows only on @@index; it is written as a B-tree @@unique");
                }
                if (columns.size() == 1 && plain && uniqueSingles.add(columns.get(0))) {
                    model.addToColumn(columns.get(0), "@unique" + map.map(n -> "(map: " + PrismaNames.string(n) + ")").orElse(""));
                } else {
                    model.blockAttributes.add("@@unique(" + indexFields(model, index) + map.map(n -> ", map: " + PrismaNames.string(n)).orElse("") + ")");
                }
                boolean required = columns.stream().allMatch(c -> t.column(c).map(col -> !col.nullable()).orElse(false));
                identified |= required && index.columns().stream().allMatch(c -> c.jsonPath().isEmpty());
            } else {
                String defaultName = names.index(t.name(), columns);
                StringBuilder attr = new StringBuilder("@@index(").append(indexFields(model, index));
                if (!index.name().equals(defaultName)) {
                    attr.append(", map: ").append(PrismaNames.string(index.name()));
                }
                index.method().ifPresent(m -> attr.append(", type: ").append(method(m)));
                model.blockAttributes.add(attr.append(')').toString());
            }
        }
        if (!identified) {
            model.ignored = true;
            model.docComments.add("The underlying table does not contain a valid unique identifier and can therefore currently not be handled by Plinth.");
        }
    }

    private static String method(String method) {
        return switch (method) {
            case "HASH" -> "Hash";
            case "GIN" -> "Gin";
            case "GIST" -> "Gist";
            case "BRIN" -> "Brin";
            case "SPGIST" -> "SpGist";
            default -> "BTree";
        };
    }

    private String indexFields(PulledModel model, IndexSnapshot index) {
        List<String> parts = new ArrayList<>();
        for (IndexColumn c : index.columns()) {
            String field = model.fieldOfColumn.get(c.name()) + c.jsonPath().map(p -> "." + p).orElse("");
            List<String> args = new ArrayList<>();
            if (c.descending()) {
                args.add("sort: Desc");
            }
            c.operatorClass().ifPresent(o -> args.add("ops: raw(" + PrismaNames.string(o) + ")"));
            parts.add(args.isEmpty() ? field : field + "(" + String.join(", ", args) + ")");
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String fieldList(PulledModel model, List<String> columns) {
        return columns.stream().map(model.fieldOfColumn::get).collect(Collectors.joining(", ", "[", "]"));
    }

    private void relations(PulledModel model, TableSnapshot t) {
        for (ForeignKeySnapshot fk : t.foreignKeys()) {
            PulledModel target = models.get(fk.referencedTable());
            Optional<TableSnapshot> targetTable = inspection.snapshot().table(fk.referencedTable());
            if (target == null || targetTable.isEmpty() || !identifies(targetTable.get(), fk.referencedColumns())
                    || fk.referencedColumns().stream().anyMatch(c -> !target.fieldOfColumn.containsKey(c))) {
                model.comments.add("foreign key " + fk.name().map(PrismaNames::string).orElse(fk.columns().toString()) + " to "
                        + PrismaNames.string(fk.referencedTable()) + " is not a relation here: the referenced columns are not a"
                        + " model's primary key or unique constraint");
                continue;
            }
            long between = inspection.tables().stream().filter(o -> models.containsKey(o.name()))
                    .mapToLong(o -> o.foreignKeys().stream().filter(f -> pair(o.name(), f.referencedTable(), t.name(), fk.referencedTable())).count())
                    .sum();
            boolean self = t.name().equals(fk.referencedTable());
            List<String> fields = fk.columns().stream().map(model.fieldOfColumn::get).toList();
            boolean named = self || between > 1;
            String relationName = model.name + "_" + String.join("_", fields) + "To" + target.name;
            String forward = model.fieldNames.claim(named ? target.name + "_" + relationName : target.name);
            String back = target.fieldNames.claim(named ? (self ? "other_" : "") + model.name + "_" + relationName : model.name);
            boolean optional = fk.columns().stream().anyMatch(c -> t.column(c).map(ColumnSnapshot::nullable).orElse(true));
            boolean oneToOne = identifies(t, fk.columns());
            List<String> args = new ArrayList<>();
            if (named) {
                args.add(PrismaNames.string(relationName));
            }
            args.add("fields: " + fieldList(model, fk.columns()));
            args.add("references: " + fieldList(target, fk.referencedColumns()));
            ReferentialAction defaultOnDelete = optional ? ReferentialAction.SET_NULL : ReferentialAction.RESTRICT;
            if (fk.onDelete() != defaultOnDelete) {
                args.add("onDelete: " + fk.onDelete().prismaName());
            }
            if (fk.onUpdate() != ReferentialAction.CASCADE) {
                args.add("onUpdate: " + fk.onUpdate().prismaName());
            }
            fk.name().filter(n -> !n.equals(names.foreignKey(t.name(), fk.columns())))
                    .ifPresent(n -> args.add("map: " + PrismaNames.string(n)));
            String forwardIgnore = target.ignored && !model.ignored ? " @ignore" : "";
            String backIgnore = model.ignored && !target.ignored ? " @ignore" : "";
            model.lines.add(new PulledModel.Line(forward, target.name + (optional ? "?" : ""),
                    "@relation(" + String.join(", ", args) + ")" + forwardIgnore, ""));
            target.lines.add(new PulledModel.Line(back, model.name + (oneToOne ? "?" : "[]"),
                    (named ? "@relation(" + PrismaNames.string(relationName) + ")" : "") + backIgnore, ""));
        }
    }

    private static boolean pair(String from, String to, String a, String b) {
        return from.equals(a) && to.equals(b) || from.equals(b) && to.equals(a);
    }

    /** True when the columns are the table's primary key or a unique index's columns (in any order). */
    private static boolean identifies(TableSnapshot table, List<String> columns) {
        Set<String> set = new HashSet<>(columns);
        return table.primaryKey().map(pk -> new HashSet<>(pk.columns()).equals(set)).orElse(false)
                || table.indexes().stream().anyMatch(i -> i.unique() && new HashSet<>(i.columnNames()).equals(set)
                && i.columns().stream().allMatch(c -> c.jsonPath().isEmpty()));
    }

    private void manyToMany(JoinTables.JoinTable join) {
        PulledModel a = models.get(join.tableA());
        PulledModel b = models.get(join.tableB());
        String relation = "@relation(" + PrismaNames.string(join.relationName()) + ")";
        if (a == b) {
            a.lines.add(new PulledModel.Line(a.fieldNames.claim(a.name + "_A"), a.name + "[]", relation, ""));
            a.lines.add(new PulledModel.Line(a.fieldNames.claim(a.name + "_B"), a.name + "[]", relation, ""));
            return;
        }
        a.lines.add(new PulledModel.Line(a.fieldNames.claim(b.name), b.name + "[]", relation, ""));
        b.lines.add(new PulledModel.Line(b.fieldNames.claim(a.name), a.name + "[]", relation, ""));
    }

    private void extras(PulledModel model, TableSnapshot t) {
        inspection.fullTextOf(t.name()).ifPresent(f -> model.blockAttributes.add("@@fulltext(" + fieldList(model, f.columns()) + ")"));
        for (CheckDefinition check : inspection.checksOf(t.name())) {
            model.comments.add("CHECK constraint " + check.name().map(n -> PrismaNames.string(n) + " ").orElse("") + "(" + check.expression()
                    + ")" + (check.plinths() ? " was created from a @@check; write the @@check again to keep it"
                    : " is kept by the database; a schema cannot express it"));
        }
        if (model.ignored) {
            model.blockAttributes.add("@@ignore");
        }
    }
}
