package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.ColumnCodec;
import dev.plinth.api.value.InvalidValue;
import dev.plinth.schema.rules.FieldRules;
import dev.plinth.schema.rules.ModelDataRules;
import dev.plinth.schema.rules.RowValues;
import dev.plinth.schema.rules.RuleEvaluator;
import dev.plinth.schema.rules.RuleFailure;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data rules of one served resource (docs/schema.md, "Validators and model rules"), bound to its
 * columns once: transforms applied to a body before it is read, field validators run on the values a
 * body sets, and {@code @@validate} rules run on the row as it would be stored. A failure is a 422
 * {@code validation_failed} with one entry per failed rule, thrown before any SQL writes.
 */
public final class DataRuleCheck {

    private final Resource resource;
    private final ModelDataRules rules;
    /** The field rules by column position; null where a column has none. */
    private final FieldRules[] fields;
    private final Map<String, Column> byField = new HashMap<>();
    private final boolean transforms;
    /** Reads stored rows back, numbers exactly. */
    private final ObjectMapper mapper = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /**
     * Binds a model's rules to its resource.
     *
     * @param resource the served resource
     * @param rules    its model's rules
     */
    public DataRuleCheck(Resource resource, ModelDataRules rules) {
        this.resource = resource;
        this.rules = rules;
        this.fields = new FieldRules[resource.columns().size()];
        for (Column c : resource.columns()) {
            byField.put(c.field().name(), c);
            rules.field(c.field().name()).ifPresent(r -> fields[c.position()] = r);
        }
        this.transforms = rules.hasTransforms();
    }

    /** Returns true when the model has {@code @@validate} rules, which read the whole row. */
    public boolean hasModelRules() {
        return !rules.rules().isEmpty();
    }

    /**
     * Applies the transforms ({@code @trim}, {@code @lower}, {@code @upper}) to the text members of a body.
     *
     * @param body the request's object (left unchanged)
     * @return the body to read: a copy with transformed members, or the body itself when nothing changes
     */
    public JsonNode transform(JsonNode body) {
        if (!transforms || !(body instanceof ObjectNode object)) {
            return body;
        }
        ObjectNode copy = null;
        for (Column c : resource.columns()) {
            FieldRules r = fields[c.position()];
            if (r == null || r.transforms().isEmpty()) {
                continue;
            }
            JsonNode v = object.get(c.name());
            if (v != null && v.isTextual()) {
                String t = r.transform(v.textValue());
                if (!t.equals(v.textValue())) {
                    copy = copy == null ? object.deepCopy() : copy;
                    copy.set(c.name(), TextNode.valueOf(t));
                }
            }
        }
        return copy == null ? body : copy;
    }

    /**
     * Runs the field validators on the values a body sets.
     *
     * @param values the values read from the body (before the server adds its own)
     * @param body   the body as read (after {@link #transform}), for list values
     * @return the failures, in column order
     */
    public List<RuleFailure> checkFields(WriteValues values, JsonNode body) {
        List<RuleFailure> out = new ArrayList<>(0);
        for (Column c : values.presentColumns()) {
            FieldRules r = fields[c.position()];
            if (r != null) {
                out.addAll(r.check(c.name(), value(c, values.get(c), body == null ? null : body.get(c.name()))));
            }
        }
        return out;
    }

    /**
     * Runs the model rules on a row to be inserted.
     *
     * @param values the complete values to insert (defaults and server columns included)
     * @param body   the body as read, for list values
     * @param now    the instant of the write
     * @return the failures
     */
    public List<RuleFailure> checkInsert(WriteValues values, JsonNode body, Instant now) {
        if (!hasModelRules()) {
            return List.of();
        }
        return check(field -> {
            Column c = byField.get(field);
            if (c == null) {
                return null;
            }
            if (!values.has(c)) {
                // left to the database's DEFAULT: the rules see the literal default the row will get
                return c.field().defaultValue().map(d -> d instanceof dev.plinth.schema.model.DefaultValue.EnumLiteral e
                        ? rules.storedEnumValue(field, e.value()) : literal(c, d, now)).orElse(null);
            }
            return value(c, values.get(c), body == null ? null : body.get(c.name()));
        }, now);
    }

    /**
     * Runs the model rules on a stored row with a change applied.
     *
     * @param stored the stored row's JSON, every column unmasked
     * @param patch  the values the change sets
     * @param body   the change's body as read, for list values
     * @param now    the instant of the write
     * @return the failures
     */
    public List<RuleFailure> checkUpdate(byte[] stored, WriteValues patch, JsonNode body, Instant now) {
        JsonNode row;
        try {
            row = mapper.readTree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("a row written by Plinth is JSON", e);
        }
        return check(field -> {
            Column c = byField.get(field);
            if (c == null) {
                return null;
            }
            if (patch.has(c)) {
                return value(c, patch.get(c), body == null ? null : body.get(c.name()));
            }
            return stored(c, row.get(c.name()));
        }, now);
    }

    private List<RuleFailure> check(RowValues row, Instant now) {
        return new RuleEvaluator(now).check(rules.rules(), row, field -> {
            Column c = byField.get(field);
            return c == null ? null : c.name();
        });
    }

    /**
     * Throws the 422 of a list of failures.
     *
     * @param failures the failures; nothing happens when empty
     * @param where    appended to the detail (e.g. which row of a collection PATCH), or empty
     * @throws ProblemException 422 {@code validation_failed}
     */
    public void refuse(List<RuleFailure> failures, String where) {
        if (failures.isEmpty()) {
            return;
        }
        List<FieldError> errors = failures.stream().map(f -> new FieldError(f.field(), f.code(), f.message())).toList();
        throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, failures.size() + " rule" + (failures.size() > 1 ? "s" : "")
                + " of " + resource.name() + " failed" + where + ": " + String.join("; ", failures.stream()
                .map(f -> (f.field().isEmpty() ? "" : f.field() + " ") + f.message()).toList()), errors);
    }

    /** A literal default in the evaluation domain (an enum by its name: the caller maps it); null for a computed one. */
    private static Object literal(Column c, dev.plinth.schema.model.DefaultValue d, Instant now) {
        return switch (d) {
            case dev.plinth.schema.model.DefaultValue.NumberLiteral n -> n.value();
            case dev.plinth.schema.model.DefaultValue.BooleanLiteral b -> b.value();
            case dev.plinth.schema.model.DefaultValue.EnumLiteral e -> e.value();
            case dev.plinth.schema.model.DefaultValue.Now n -> now;
            case dev.plinth.schema.model.DefaultValue.StringLiteral t -> {
                if (c.codec() instanceof ColumnCodec.DateTime) {
                    try {
                        yield domain(c.codec().parseText(t.value()));
                    } catch (InvalidValue e) {
                        yield null;
                    }
                }
                yield t.value();
            }
            case dev.plinth.schema.model.DefaultValue.ListLiteral l -> {
                List<Object> out = new ArrayList<>();
                for (dev.plinth.schema.model.DefaultValue item : l.values()) {
                    out.add(literal(c, item, now));
                }
                yield out;
            }
            default -> null;
        };
    }

    /** A stored column's JSON value in the evaluation domain of {@link RowValues}. */
    private static Object stored(Column c, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            return list(node);
        }
        try {
            return domain(c.codec().decode(node));
        } catch (InvalidValue e) {
            return null; // a stored value the API would not accept (an old row): unknown to the rules
        }
    }

    /** A value the body sets, in the evaluation domain; a list is read from the body's array. */
    private static Object value(Column c, Object decoded, JsonNode node) {
        if (decoded == null) {
            return null;
        }
        if (c.codec() instanceof ColumnCodec.ListOf || c.field().list()) {
            // a scalar list, or a list of documents (a composite list, one JSON array): @length counts its items
            return node != null && node.isArray() ? list(node) : null;
        }
        return domain(decoded);
    }

    private static Object domain(Object v) {
        return switch (v) {
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Short s -> BigDecimal.valueOf(s);
            case Double d -> d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
            case Float f -> f.isNaN() || f.isInfinite() ? null : BigDecimal.valueOf(f);
            case BigDecimal b -> b;
            case String s -> s;
            case Boolean b -> b;
            case Instant i -> i;
            default -> null;
        };
    }

    private static List<Object> list(JsonNode array) {
        List<Object> out = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            if (item.isNull()) {
                out.add(null);
            } else if (item.isNumber()) {
                out.add(item.decimalValue());
            } else if (item.isBoolean()) {
                out.add(item.booleanValue());
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }
}
