package dev.plinth.api.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.model.CompositeType;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.rules.DataRules;
import dev.plinth.schema.rules.FieldRules;
import dev.plinth.schema.rules.ModelDataRules;
import dev.plinth.schema.rules.ModelRule;
import dev.plinth.schema.rules.RuleEvaluator;
import dev.plinth.schema.rules.RuleFailure;
import dev.plinth.sql.DatabaseKind;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a JSON document against a composite type and completes it with the type's defaults: the body value of
 * a composite field on every write path (docs/schema.md, "Composite types"). Built once per column when the
 * server starts; the tree of types is compiled then, so a write does no lookups by name.
 *
 * <p>Checked, everywhere in the document: an object for a type, an array for a list; no keys the type does not
 * declare; every required field present and not null (a field with {@code @default} is filled in instead);
 * scalars by the same rules as columns of their type ({@link ColumnCodec}); enum values by their database names;
 * {@code DateTime} values written back in the canonical form ({@link Timestamps#format}). Every problem is
 * reported, each with its path below the field ({@code .zip}, {@code [1].city}).
 *
 * <p>The data rules written inside a type (docs/schema.md, "Validators and model rules") apply to every place the
 * type is used, nested types and lists of documents included: the transforms ({@code @trim}, {@code @lower},
 * {@code @upper}) change the text stored, the field validators ({@code @length}, {@code @email}, {@code @gte}, …)
 * report their failures with their codes ({@code too_short}, {@code invalid_email}, …) at the value's path, and a
 * type's {@code @@validate} rules run on each document of the type whose own values have no other problem (one
 * inside a nested document does not count), reported at the document's path (or below it, at the rule's
 * {@code path}). A type without rules costs nothing more.
 */
public final class DocumentCheck {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Shape root;
    private final boolean list;
    private final Function<DefaultValue, Optional<String>> generated;
    private final Clock clock;

    private DocumentCheck(Shape root, boolean list, Function<DefaultValue, Optional<String>> generated, Clock clock) {
        this.root = root;
        this.list = list;
        this.generated = generated;
        this.clock = clock;
    }

    /**
     * Compiles the check of a composite field.
     *
     * @param schema    the schema holding the field's type, its nested types and enums
     * @param field     a field whose type is a composite type
     * @param generated computes a generated default ({@code uuid()}, {@code cuid()}, …), empty when it cannot
     * @param clock     the clock of {@code now()} defaults
     * @return the check
     * @throws IllegalArgumentException when the field is not of a composite type of the schema
     */
    public static DocumentCheck of(Schema schema, Field field, Function<DefaultValue, Optional<String>> generated, Clock clock) {
        return of(schema, field, DataRules.NONE, generated, clock);
    }

    /**
     * Compiles the check of a composite field with the data rules written inside its types.
     *
     * @param schema    the schema holding the field's type, its nested types and enums
     * @param field     a field whose type is a composite type
     * @param rules     the schema's compiled data rules, where a type's rules are kept under its name
     *                  ({@link dev.plinth.schema.rules.DataRulesCompiler}); {@link DataRules#NONE} for none
     * @param generated computes a generated default ({@code uuid()}, {@code cuid()}, …), empty when it cannot
     * @param clock     the clock of {@code now()} defaults and of {@code now()} in a type's {@code @@validate}
     * @return the check
     * @throws IllegalArgumentException when the field is not of a composite type of the schema
     */
    public static DocumentCheck of(Schema schema, Field field, DataRules rules,
                                   Function<DefaultValue, Optional<String>> generated, Clock clock) {
        if (!(field.type() instanceof FieldType.CompositeRef ref)) {
            throw new IllegalArgumentException(field.name() + " is not of a composite type");
        }
        Map<String, Shape> compiled = new HashMap<>();
        return new DocumentCheck(shape(schema, rules == null ? DataRules.NONE : rules, ref.name(), compiled),
                field.list(), generated, clock);
    }

    /**
     * Checks a non-null body value and returns it completed with defaults.
     *
     * @param value the JSON value sent for the field
     * @return the document to store
     * @throws InvalidValue listing every problem with its path ({@link InvalidValue#nested()})
     */
    public JsonNode check(JsonNode value) throws InvalidValue {
        List<InvalidValue.Nested> problems = new ArrayList<>();
        JsonNode out = list ? array(root, value, "", problems) : object(root, value, "", problems);
        if (!problems.isEmpty()) {
            InvalidValue.Nested first = problems.get(0);
            throw new InvalidValue(first.code(), first.message(), problems);
        }
        return out;
    }

    /**
     * A compiled composite type: its fields by document key, in declaration order, and its {@code @@validate}
     * rules (empty without any); {@code byField} finds a member by its schema name, as the rules name fields.
     */
    private static final class Shape {
        final String name;
        final Map<String, Member> members = new LinkedHashMap<>();
        final Map<String, Member> byField = new HashMap<>();
        final List<ModelRule> rules;

        Shape(String name, List<ModelRule> rules) {
            this.name = name;
            this.rules = rules;
        }
    }

    /**
     * A field of a compiled type: {@code nested} for a composite type, else {@code codec} (null for {@code Json},
     * which takes any value); {@code fixedDefault} the JSON value of a literal {@code @default}, else null;
     * {@code rules} its transforms and validators, null when it has none.
     */
    private record Member(Field field, ColumnCodec codec, Shape nested, JsonNode fixedDefault, FieldRules rules) {
    }

    private static Shape shape(Schema schema, DataRules rules, String typeName, Map<String, Shape> compiled) {
        Shape known = compiled.get(typeName);
        if (known != null) {
            return known; // a recursive type (through an optional field or a list) refers to itself
        }
        CompositeType type = schema.compositeType(typeName)
                .orElseThrow(() -> new IllegalArgumentException("no composite type " + typeName));
        Optional<ModelDataRules> typeRules = rules.model(typeName);
        Shape shape = new Shape(typeName, typeRules.map(ModelDataRules::rules).orElse(List.of()));
        compiled.put(typeName, shape);
        for (Field f : type.fields()) {
            JsonNode fixed = dev.plinth.schema.model.DocumentDefaults.literal(schema, f).orElse(null);
            FieldRules fieldRules = typeRules.flatMap(r -> r.field(f.name())).orElse(null);
            switch (f.type()) {
                case FieldType.CompositeRef ref -> shape.members.put(f.columnName(), new Member(f, null,
                        shape(schema, rules, ref.name(), compiled), fixed, fieldRules));
                case FieldType.EnumRef ref -> shape.members.put(f.columnName(), new Member(f, new ColumnCodec.EnumValue(ref.name(),
                        schema.enumType(ref.name()).map(e -> e.values().stream().map(EnumType.Value::databaseName).toList())
                                .orElse(List.of())), null, fixed, fieldRules));
                case FieldType.Scalar s -> shape.members.put(f.columnName(), new Member(f, switch (s.scalar()) {
                    case STRING -> new ColumnCodec.Text(false);
                    case BOOLEAN -> new ColumnCodec.Bool();
                    case INT -> new ColumnCodec.Whole(false);
                    case BIGINT -> new ColumnCodec.Whole(true);
                    case FLOAT -> new ColumnCodec.Floating();
                    case DECIMAL -> new ColumnCodec.Decimal();
                    case DATETIME -> new ColumnCodec.DateTime(DatabaseKind.SQLITE, "timestamp", false);
                    case JSON -> null;
                    case BYTES -> new ColumnCodec.Bytes();
                }, null, fixed, fieldRules));
                default -> throw new IllegalArgumentException("field " + f.name() + " of type " + typeName
                        + " cannot be held in a document (" + f.type().name() + ")");
            }
            shape.byField.put(f.name(), shape.members.get(f.columnName()));
        }
        return shape;
    }

    private JsonNode object(Shape shape, JsonNode value, String path, List<InvalidValue.Nested> problems) {
        int before = problems.size();
        JsonNode out = fields(shape, value, path, problems);
        if (!shape.rules.isEmpty() && ownValuesFit(shape, problems, before, path)) {
            // a rule reads the document's own values as they will be stored, so only once they all fit
            List<RuleFailure> failed = new RuleEvaluator(Instant.now(clock)).check(shape.rules,
                    field -> domainOf(shape.byField.get(field), out), field -> {
                        Member m = shape.byField.get(field);
                        return m == null ? null : m.field().columnName();
                    });
            for (RuleFailure f : failed) {
                problems.add(new InvalidValue.Nested(f.field().isEmpty() ? path : path + "." + f.field(), f.code(), f.message()));
            }
        }
        return out;
    }

    /**
     * True when none of the problems found since {@code from} is about the document itself or one of its own values
     * (the ones its rules can read); a problem inside a nested document does not stop the rules of its parent.
     */
    private static boolean ownValuesFit(Shape shape, List<InvalidValue.Nested> problems, int from, String path) {
        String prefix = path + ".";
        for (int i = from; i < problems.size(); i++) {
            String at = problems.get(i).path();
            if (!at.startsWith(prefix)) {
                return false;
            }
            int end = prefix.length();
            while (end < at.length() && at.charAt(end) != '.' && at.charAt(end) != '[') {
                end++;
            }
            Member member = shape.members.get(at.substring(prefix.length(), end));
            if (member == null || member.nested() == null) {
                return false;
            }
        }
        return true;
    }

    private JsonNode fields(Shape shape, JsonNode value, String path, List<InvalidValue.Nested> problems) {
        if (!value.isObject()) {
            problems.add(new InvalidValue.Nested(path, "invalid_type", "expected an object (composite type " + shape.name
                    + "), got " + InvalidValue.describe(value)));
            return value;
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Member member = shape.members.get(entry.getKey());
            String at = path + "." + entry.getKey();
            if (member == null) {
                problems.add(new InvalidValue.Nested(at, "unknown_field", "no such field in composite type " + shape.name
                        + "; valid fields: " + String.join(", ", shape.members.keySet())));
                continue;
            }
            out.set(entry.getKey(), member(member, entry.getValue(), at, problems));
        }
        for (Member member : shape.members.values()) {
            String key = member.field().columnName();
            if (value.has(key)) {
                continue;
            }
            Optional<DefaultValue> d = member.field().defaultValue();
            if (d.isPresent()) {
                JsonNode filled = member.fixedDefault() != null ? member.fixedDefault() : computed(d.get());
                if (filled != null) {
                    out.set(key, filled);
                    continue;
                }
            }
            if (!member.field().optional() && !member.field().list()) {
                problems.add(new InvalidValue.Nested(path + "." + key, "required", "is required"));
            }
        }
        return out;
    }

    private JsonNode member(Member member, JsonNode value, String path, List<InvalidValue.Nested> problems) {
        if (value.isNull()) {
            if (!member.field().optional()) {
                problems.add(new InvalidValue.Nested(path, "not_null", "must not be null"));
            }
            return value;
        }
        if (!member.field().list()) {
            return one(member, value, path, problems);
        }
        if (!value.isArray()) {
            problems.add(new InvalidValue.Nested(path, "invalid_type", "expected an array, got " + InvalidValue.describe(value)));
            return value;
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (element.isNull()) {
                problems.add(new InvalidValue.Nested(path + "[" + i + "]", "not_null", "a list holds no nulls"));
                continue;
            }
            out.add(one(member, element, path + "[" + i + "]", problems));
        }
        if (member.rules() != null) {
            // on a list, @length bounds its size (the only validator a list takes)
            validate(member.rules(), list(out), path, problems);
        }
        return out;
    }

    private JsonNode one(Member member, JsonNode value, String path, List<InvalidValue.Nested> problems) {
        if (member.nested() != null) {
            return object(member.nested(), value, path, problems);
        }
        if (member.codec() == null) {
            return value; // Json: any JSON value
        }
        FieldRules rules = member.field().list() ? null : member.rules();
        if (rules != null && !rules.transforms().isEmpty() && value.isTextual()) {
            value = NODES.textNode(rules.transform(value.textValue()));
        }
        try {
            Object decoded = member.codec().decode(value);
            if (rules != null) {
                validate(rules, domain(decoded), path, problems);
            }
            if (member.codec() instanceof ColumnCodec.DateTime) {
                return NODES.textNode(Timestamps.format(Timestamps.parse(value.textValue())));
            }
            return value;
        } catch (InvalidValue e) {
            problems.add(new InvalidValue.Nested(path, e.code(), e.getMessage()));
            return value;
        } catch (DateTimeParseException | NullPointerException e) {
            problems.add(new InvalidValue.Nested(path, "invalid_value", "expected an ISO-8601 date-time"));
            return value;
        }
    }

    private JsonNode array(Shape shape, JsonNode value, String path, List<InvalidValue.Nested> problems) {
        if (!value.isArray()) {
            problems.add(new InvalidValue.Nested(path, "invalid_type", "expected an array of " + shape.name
                    + " objects, got " + InvalidValue.describe(value)));
            return value;
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < value.size(); i++) {
            out.add(object(shape, value.get(i), path + "[" + i + "]", problems));
        }
        return out;
    }

    private static void validate(FieldRules rules, Object value, String path, List<InvalidValue.Nested> problems) {
        for (RuleFailure f : rules.check(path, value)) {
            problems.add(new InvalidValue.Nested(path, f.code(), f.message()));
        }
    }

    /**
     * A member's value in a checked document, in the evaluation domain of the data rules
     * ({@link dev.plinth.schema.rules.RowValues}): text and enums as strings, numbers as {@link BigDecimal},
     * {@code DateTime} as an {@link Instant}, a list as a list; null when absent, null or of no such domain.
     */
    private static Object domainOf(Member member, JsonNode document) {
        if (member == null) {
            return null;
        }
        JsonNode v = document.get(member.field().columnName());
        if (v == null || v.isNull() || member.nested() != null || member.codec() == null) {
            return null;
        }
        if (member.field().list()) {
            return v.isArray() ? list(v) : null;
        }
        try {
            return domain(member.codec().decode(v));
        } catch (InvalidValue e) {
            return null;
        }
    }

    private static Object domain(Object v) {
        return switch (v) {
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Double d -> d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
            case BigDecimal b -> b;
            case String s -> s;
            case Boolean b -> b;
            case Instant i -> i;
            case null, default -> null;
        };
    }

    private static List<Object> list(JsonNode array) {
        List<Object> out = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            out.add(item.isNumber() ? item.decimalValue() : item.isBoolean() ? item.booleanValue()
                    : item.isTextual() ? item.textValue() : item);
        }
        return out;
    }

    /** The value of a computed default ({@code now()}, {@code uuid()}, …), or null when Plinth computes none. */
    private JsonNode computed(DefaultValue d) {
        if (d instanceof DefaultValue.Now) {
            return NODES.textNode(Timestamps.format(Instant.now(clock)));
        }
        return generated.apply(d).<JsonNode>map(NODES::textNode).orElse(null);
    }
}
