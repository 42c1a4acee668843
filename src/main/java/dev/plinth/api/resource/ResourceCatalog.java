package dev.plinth.api.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.api.value.ColumnCodec;
import dev.plinth.query.DateTimeStorage;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.naming.NamingSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every served resource of a schema, by name. Built once at start; immutable.
 *
 * <p>{@code @@ignore}d models get no resource, {@code @ignore}d and {@code Unsupported} fields are not
 * served, views are read-only (Prisma schema reference, "@@ignore", "@ignore", "view").
 */
public final class ResourceCatalog {

    private final Map<String, Resource> byName;
    private final String prefix;

    private ResourceCatalog(Map<String, Resource> byName, String prefix) {
        this.byName = byName;
        this.prefix = prefix;
    }

    /**
     * Prepares the resources of a schema.
     *
     * @param schema the resolved schema
     * @param kind   the database served
     * @param mapper  the JSON mapper (used by Json columns)
     * @param storage which SQLite DateTime columns hold epoch milliseconds
     * @return the catalog
     */
    public static ResourceCatalog of(Schema schema, DatabaseKind kind, ObjectMapper mapper, DateTimeStorage storage) {
        return of(schema, kind, mapper, storage, dev.plinth.schema.rules.DataRules.NONE);
    }

    /**
     * Prepares the resources of a schema whose composite types carry data rules (validators, transforms and
     * {@code @@validate} written inside a {@code type} block), checked in every document of the type.
     *
     * @param schema the resolved schema
     * @param kind   the database served
     * @param mapper  the JSON mapper (used by Json columns)
     * @param storage which SQLite DateTime columns hold epoch milliseconds
     * @param rules  the schema's compiled data rules ({@code SchemaPolicy.data()})
     * @return the catalog
     */
    public static ResourceCatalog of(Schema schema, DatabaseKind kind, ObjectMapper mapper, DateTimeStorage storage,
                                     dev.plinth.schema.rules.DataRules rules) {
        Map<String, Resource> out = new LinkedHashMap<>();
        java.util.Set<String> clientKeys = ClientKeys.models(schema);
        NamingSettings naming = NamingSettings.of(schema);
        // Each model's foreign keys once: a model's incoming keys are the others' outgoing ones, and a route's
        // plural is worked out by the inflector's rules (on a 40-model schema thousands of such rounds, a tenth of its start).
        Map<String, List<ForeignKey>> outgoing = new LinkedHashMap<>();
        for (Model model : schema.models()) {
            outgoing.put(model.name(), outgoing(schema, model, kind, naming));
        }
        for (Model model : schema.models()) {
            if (model.ignored()) {
                continue;
            }
            String name = naming.routeOf(model.name(), model.route());
            if (out.containsKey(name)) {
                // Two models on one route would leave one unreachable: refuse to serve, naming both (the
                // validator reports this with positions; a schema built in code reaches this check).
                throw new IllegalArgumentException("models " + out.get(name).model().name() + " and " + model.name()
                        + " would both be served at " + naming.pathPrefix() + "/" + name + "; rename one of them or give"
                        + " one a @@route(\"…\") (the route is the plural of the model name in snake_case)");
            }
            List<Column> columns = columns(schema, model, kind, mapper, storage, rules);
            out.put(name, new Resource(name, model, table(model, kind), columns, key(model, columns),
                    model.view(), outgoing.get(model.name()), incoming(model, kind, outgoing),
                    clientKeys.contains(model.name()), naming.pathPrefix() + "/" + name));
        }
        return new ResourceCatalog(Map.copyOf(out), naming.pathPrefix());
    }

    /**
     * Returns the prefix of every resource's path ({@code path_prefix} in {@code generator plinth}).
     *
     * @return {@code /api} unless the schema sets another, never ending in a slash
     */
    public String prefix() {
        return prefix;
    }

    /** Returns the resources in schema order. */
    public List<Resource> resources() {
        return byName.values().stream().sorted(java.util.Comparator.comparing(r -> r.model().span().startOffset())).toList();
    }

    /**
     * Finds a resource.
     *
     * @param name the resource name from a path
     * @return the resource, or empty
     */
    public Optional<Resource> resource(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Finds the resource of a model.
     *
     * @param modelName the model's name in the schema
     * @return its resource, or empty when the model is not served
     */
    public Optional<Resource> forModel(String modelName) {
        return byName.values().stream().filter(r -> r.model().name().equals(modelName)).findFirst();
    }

    /**
     * Quotes an identifier for SQL: double quotes, inner quotes doubled; the same on SQLite and PostgreSQL
     * (SQL standard delimited identifiers). Identifiers come only from the resolved schema.
     *
     * @param identifier a table or column name
     * @return the quoted identifier
     */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String table(Model model, DatabaseKind kind) {
        String t = quote(model.tableName());
        return kind == DatabaseKind.POSTGRESQL && model.databaseSchema().isPresent()
                ? quote(model.databaseSchema().get()) + "." + t : t;
    }

    private static List<Column> columns(Schema schema, Model model, DatabaseKind kind, ObjectMapper mapper,
                                        DateTimeStorage storage, dev.plinth.schema.rules.DataRules rules) {
        List<Column> out = new ArrayList<>();
        for (Field f : model.columnFields()) {
            if (f.ignored() || f.type() instanceof FieldType.Unsupported) {
                continue;
            }
            Optional<ColumnCodec> codec = codec(schema, f, kind, mapper, kind == DatabaseKind.SQLITE && storage.epochMillis(model, f), rules);
            if (codec.isEmpty()) {
                continue;
            }
            out.add(new Column(f, f.apiName(), quote(f.columnName()), out.size(), codec.get(), role(model, f)));
        }
        return out;
    }

    private static ColumnRole role(Model model, Field f) {
        // the field a convention names (docs/schema.md, "Conventions"); organization and team are tenant scoping
        ColumnRole byName = model.conventions().of(f.name()).map(c -> switch (c) {
            case CREATED_AT -> ColumnRole.CREATED_AT;
            case UPDATED_AT -> ColumnRole.UPDATED_AT;
            case DELETED_AT -> ColumnRole.DELETED_AT;
            case OWNER -> ColumnRole.OWNER;
            case CREATED_BY -> ColumnRole.CREATED_BY;
            case UPDATED_BY -> ColumnRole.UPDATED_BY;
            case DELETED_BY -> ColumnRole.DELETED_BY;
            case ORGANIZATION, TEAM -> ColumnRole.PLAIN;
        }).orElse(ColumnRole.PLAIN);
        if ((byName == ColumnRole.DELETED_AT || byName == ColumnRole.DELETED_BY) && (!f.optional() || f.list())) {
            // a required column cannot mark rows as live by being NULL: it is an ordinary column
            return ColumnRole.PLAIN;
        }
        if (byName == ColumnRole.DELETED_AT && f.scalarType().filter(t -> t == dev.plinth.schema.model.ScalarType.DATETIME).isEmpty()) {
            return ColumnRole.PLAIN;
        }
        boolean isDateTime = f.scalarType().filter(t -> t == dev.plinth.schema.model.ScalarType.DATETIME).isPresent();
        if ((byName == ColumnRole.CREATED_AT || byName == ColumnRole.UPDATED_AT) && (!isDateTime || f.list())) {
            return ColumnRole.PLAIN;
        }
        if (byName != ColumnRole.PLAIN || f.list()) {
            return byName;
        }
        boolean dateTime = f.scalarType().filter(t -> t == dev.plinth.schema.model.ScalarType.DATETIME).isPresent();
        if (dateTime && f.updatedAt()) {
            return ColumnRole.UPDATED_AT;
        }
        if (dateTime && f.defaultValue().filter(d -> d instanceof DefaultValue.Now).isPresent() && !f.id()) {
            return ColumnRole.CREATED_AT;
        }
        return ColumnRole.PLAIN;
    }

    private static Optional<ColumnCodec> codec(Schema schema, Field f, DatabaseKind kind, ObjectMapper mapper, boolean epochMillis,
                                               dev.plinth.schema.rules.DataRules rules) {
        ColumnCodec element;
        if (f.isComposite()) {
            // stored as a JSON document like a Json column (a list: one JSON array), checked against its type
            dev.plinth.api.record.ValueGenerators generators = new dev.plinth.api.record.ValueGenerators();
            return Optional.of(new ColumnCodec.Json(mapper, dev.plinth.api.value.DocumentCheck.of(schema, f, rules,
                    generators::generate, java.time.Clock.systemUTC())));
        }
        if (f.type() instanceof FieldType.EnumRef ref) {
            Optional<EnumType> e = schema.enumType(ref.name());
            if (e.isEmpty()) {
                return Optional.empty();
            }
            element = new ColumnCodec.EnumValue(e.get().name(), e.get().values().stream().map(EnumType.Value::databaseName).toList());
        } else if (f.type() instanceof FieldType.Scalar scalar) {
            element = switch (scalar.scalar()) {
                case STRING -> new ColumnCodec.Text(f.nativeType().map(n -> n.name().equals("Uuid")).orElse(false));
                case BOOLEAN -> new ColumnCodec.Bool();
                case INT -> new ColumnCodec.Whole(false);
                case BIGINT -> new ColumnCodec.Whole(true);
                case FLOAT -> new ColumnCodec.Floating(dev.plinth.api.value.NativeLimits.of(f, kind)
                        .filter(l -> l instanceof dev.plinth.api.value.NativeLimit.SinglePrecision).isPresent());
                case DECIMAL -> new ColumnCodec.Decimal(kind == DatabaseKind.SQLITE ? shownScale(f) : -1);
                case DATETIME -> new ColumnCodec.DateTime(kind, pgTimeType(f), epochMillis);
                case JSON -> new ColumnCodec.Json(mapper);
                case BYTES -> new ColumnCodec.Bytes();
            };
        } else {
            return Optional.empty();
        }
        return Optional.of(f.list() ? new ColumnCodec.ListOf(element, kind, mapper) : element);
    }

    /** The scale SQLite shows a {@code @db.Decimal(p, s)} column with, as PostgreSQL shows it; -1 without a native type. */
    private static int shownScale(Field f) {
        return f.nativeType().isEmpty() ? -1 : dev.plinth.api.value.NativeLimits.of(f, DatabaseKind.SQLITE)
                .map(l -> l instanceof dev.plinth.api.value.NativeLimit.Decimal d && d.precision() > 0 ? d.scale() : -1).orElse(-1);
    }

    private static String pgTimeType(Field f) {
        return f.nativeType().map(n -> switch (n.name()) {
            case "Timestamptz" -> "timestamptz";
            case "Date" -> "date";
            case "Time" -> "time";
            case "Timetz" -> "timetz";
            default -> "timestamp";
        }).orElse("timestamp");
    }

    private static List<Column> key(Model model, List<Column> columns) {
        List<String> fieldNames = model.primaryKey().map(pk -> pk.fieldNames()).orElse(List.of());
        if (fieldNames.isEmpty()) {
            fieldNames = model.uniques().stream()
                    .filter(u -> u.fieldNames().stream().allMatch(n -> model.field(n).map(f -> !f.optional()).orElse(false)))
                    .map(Index::fieldNames).findFirst().orElse(List.of());
        }
        List<Column> key = new ArrayList<>();
        for (String fieldName : fieldNames) {
            Optional<Column> c = columns.stream().filter(col -> col.field().name().equals(fieldName)).findFirst();
            if (c.isEmpty()) {
                return List.of();
            }
            key.add(c.get());
        }
        return key;
    }

    private static List<ForeignKey> outgoing(Schema schema, Model model, DatabaseKind kind, NamingSettings naming) {
        List<ForeignKey> out = new ArrayList<>();
        String route = null;
        for (Field f : model.relationFields()) {
            RelationInfo r = f.relation().orElse(null);
            if (r == null || !r.holdsForeignKey()) {
                continue;
            }
            Optional<Model> target = schema.model(r.targetModel());
            if (target.isEmpty()) {
                continue;
            }
            if (route == null) {
                route = naming.routeOf(model.name(), model.route());
            }
            out.add(new ForeignKey(route, table(model, kind), columnsOf(model, r.fields()),
                    table(target.get(), kind), columnsOf(target.get(), r.references()), f.name()));
        }
        return out;
    }

    /** The foreign keys of every model ({@code outgoing}, in schema order) that reference this model's table. */
    private static List<ForeignKey> incoming(Model model, DatabaseKind kind, Map<String, List<ForeignKey>> outgoing) {
        List<ForeignKey> in = new ArrayList<>();
        for (List<ForeignKey> keys : outgoing.values()) {
            for (ForeignKey fk : keys) {
                if (fk.toTable().equals(table(model, kind))) {
                    in.add(fk);
                }
            }
        }
        return in;
    }

    private static List<String> columnsOf(Model model, List<String> fieldNames) {
        return fieldNames.stream().map(n -> model.field(n).map(Field::columnName).orElse(n)).toList();
    }
}
