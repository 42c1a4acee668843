package dev.plinth.api.access;

import dev.plinth.api.record.Caller;
import dev.plinth.query.ColumnKind;
import dev.plinth.query.Filter;
import dev.plinth.query.Operator;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.policy.Condition;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates a rule condition for one caller (partial evaluation): {@code auth()}, its claims and
 * {@code now()} become values, comparisons between values are decided here, and comparisons with a
 * field become a {@link Filter} on the row, rendered into SQL with bind parameters.
 *
 * <p>Semantics (docs/access-rules.md): a claim may hold several values ({@code roles: [...]}, or
 * {@code role} and {@code roles} together for {@code auth().role}); {@code ==} and {@code in} hold
 * when any of them matches, and {@code !=} is the negation of {@code ==}. A comparison with a claim
 * the token does not carry (or with any claim when anonymous) is false, except {@code == null}.
 * {@code auth().id} is the token's {@code sub}.
 */
final class ConditionEvaluator {

    private final Schema schema;
    private final Model model;
    private final Caller caller;
    private final Instant now;

    ConditionEvaluator(Schema schema, Model model, Caller caller, Instant now) {
        this.schema = schema;
        this.model = model;
        this.caller = caller;
        this.now = now;
    }

    /** The values an operand stands for: a field, or a (possibly empty = null) list of values. */
    private sealed interface Operand {
    }

    private record FieldOperand(Field field, ColumnKind kind) implements Operand {
    }

    /** Values; {@code absent} marks a claim the caller does not have (as opposed to the literal null). */
    private record Values(List<Object> values, boolean absent) implements Operand {
        Values(List<Object> values) {
            this(values, false);
        }

        boolean isNull() {
            return values.isEmpty();
        }
    }

    Truth eval(Condition c) {
        return switch (c) {
            case Condition.And a -> {
                Truth left = eval(a.left());
                yield left.isFalse() ? Truth.FALSE : Truth.and(left, eval(a.right()));
            }
            case Condition.Or o -> {
                Truth left = eval(o.left());
                yield left.isTrue() ? Truth.TRUE : Truth.or(left, eval(o.right()));
            }
            case Condition.Not n -> Truth.not(eval(n.part()));
            case Condition.Compare cmp -> compare(cmp);
            case Condition.Literal l -> new Truth.Known(Boolean.TRUE.equals(l.value()));
            case Condition.FieldRef f -> fieldCompare(field(f.name()), Condition.Comparator.EQ, List.of(Boolean.TRUE));
            case Condition.Auth a -> {
                Values v = (Values) operand(a);
                yield new Truth.Known(v.values().stream().anyMatch(x -> Boolean.TRUE.equals(x) || "true".equals(x)));
            }
            default -> Truth.FALSE;
        };
    }

    private Truth compare(Condition.Compare cmp) {
        Operand left = operand(cmp.left());
        Operand right = operand(cmp.right());
        Condition.Comparator op = cmp.op();
        if (left instanceof Values && right instanceof FieldOperand) {
            Operand t = left;
            left = right;
            right = t;
            op = op.flipped();
        }
        if (left instanceof FieldOperand && right instanceof Values v && v.absent()) {
            return Truth.FALSE; // a claim the caller does not carry matches no row
        }
        if (left instanceof FieldOperand f && right instanceof Values v) {
            return fieldCompare(f, op, v.values());
        }
        if (left instanceof Values a && right instanceof Values b) {
            return new Truth.Known(decide(a, op, b));
        }
        return Truth.FALSE; // two fields: refused when the schema is validated
    }

    private static boolean decide(Values a, Condition.Comparator op, Values b) {
        if ((a.absent() || b.absent()) && !(a.isNull() && b.isNull() && (op == Condition.Comparator.EQ || op == Condition.Comparator.NE))) {
            return false; // an absent claim compares false with every value: only `== null` / `!= null` decide it
        }
        switch (op) {
            case EQ, IN -> {
                if (a.isNull() || b.isNull()) {
                    return op == Condition.Comparator.EQ && a.isNull() && b.isNull();
                }
                return a.values().stream().anyMatch(x -> b.values().stream().anyMatch(y -> order(x, y) == 0));
            }
            case NE -> {
                return !decide(a, Condition.Comparator.EQ, b);
            }
            default -> {
                for (Object x : a.values()) {
                    for (Object y : b.values()) {
                        Integer o = order(x, y);
                        if (o != null && switch (op) {
                            case LT -> o < 0;
                            case LE -> o <= 0;
                            case GT -> o > 0;
                            default -> o >= 0;
                        }) {
                            return true;
                        }
                    }
                }
                return false;
            }
        }
    }

    /** Compares two values loosely (a number claim equals its text); null when they do not compare. */
    private static Integer order(Object x, Object y) {
        BigDecimal nx = number(x);
        BigDecimal ny = number(y);
        if (nx != null && ny != null) {
            return nx.compareTo(ny);
        }
        Instant ix = instant(x);
        Instant iy = instant(y);
        if ((x instanceof Instant || y instanceof Instant) && ix != null && iy != null) {
            return ix.compareTo(iy);
        }
        return x.toString().compareTo(y.toString());
    }

    private static BigDecimal number(Object v) {
        if (v instanceof BigDecimal b) {
            return b;
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (v instanceof String s && s.matches("-?\\d+(\\.\\d+)?")) {
            return new BigDecimal(s);
        }
        return null;
    }

    private static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        try {
            return v instanceof String s ? OffsetDateTime.parse(s).toInstant() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Truth fieldCompare(FieldOperand f, Condition.Comparator op, List<Object> values) {
        if (values.isEmpty()) {
            return switch (op) {
                case EQ -> comparison(f, Operator.ISNULL, List.of(Boolean.TRUE));
                case NE -> comparison(f, Operator.ISNULL, List.of(Boolean.FALSE));
                default -> Truth.FALSE;
            };
        }
        List<Object> converted = new ArrayList<>();
        for (Object v : values) {
            convert(f, v).ifPresent(converted::add);
        }
        if (converted.isEmpty()) {
            // no value fits the column's type: nothing equals it, every non-null row differs from it
            return op == Condition.Comparator.NE ? comparison(f, Operator.ISNULL, List.of(Boolean.FALSE)) : Truth.FALSE;
        }
        return switch (op) {
            case EQ, IN -> converted.size() == 1 ? comparison(f, Operator.EQ, converted) : comparison(f, Operator.IN, converted);
            case NE -> converted.size() == 1 ? comparison(f, Operator.NE, converted) : comparison(f, Operator.NIN, converted);
            default -> {
                Operator o = switch (op) {
                    case LT -> Operator.LT;
                    case LE -> Operator.LTE;
                    case GT -> Operator.GT;
                    default -> Operator.GTE;
                };
                Truth any = Truth.FALSE;
                for (Object v : converted) {
                    any = Truth.or(any, comparison(f, o, List.of(v)));
                }
                yield any;
            }
        };
    }

    private static Truth comparison(FieldOperand f, Operator op, List<Object> values) {
        return new Truth.Rows(new Filter.Comparison("rule", f.field(), f.kind(), op, values));
    }

    /** Converts a value to the column's Java type (see {@link ColumnKind}); empty when it does not fit. */
    private Optional<Object> convert(FieldOperand f, Object v) {
        try {
            return Optional.ofNullable(switch (f.kind()) {
                case STRING -> v.toString();
                case ENUM -> enumValue(f.field(), v.toString());
                case INT -> number(v) == null ? null : number(v).intValueExact();
                case BIGINT -> number(v) == null ? null : number(v).longValueExact();
                case FLOAT -> number(v) == null ? null : number(v).doubleValue();
                case DECIMAL -> number(v);
                case BOOLEAN -> v instanceof Boolean b ? b : "true".equals(v) ? Boolean.TRUE : "false".equals(v) ? Boolean.FALSE : null;
                case DATETIME -> instant(v);
                default -> null;
            });
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private String enumValue(Field field, String name) {
        if (field.type() instanceof FieldType.EnumRef e) {
            Optional<EnumType> type = schema.enumType(e.name());
            if (type.isPresent()) {
                return type.get().value(name).map(EnumType.Value::databaseName).orElse(null);
            }
        }
        return name;
    }

    private Operand operand(Condition c) {
        return switch (c) {
            case Condition.Literal l -> new Values(l.value() == null ? List.of() : List.of(l.value()));
            case Condition.FieldRef f -> field(f.name());
            case Condition.Now n -> new Values(List.of(now));
            case Condition.Auth a -> {
                List<Object> values = claim(a.claim());
                yield new Values(values, values.isEmpty());
            }
            case Condition.ListValue list -> {
                List<Object> all = new ArrayList<>();
                for (Condition item : list.items()) {
                    if (operand(item) instanceof Values v) {
                        all.addAll(v.values());
                    }
                }
                yield new Values(all);
            }
            default -> new Values(List.of(eval(c).isTrue()));
        };
    }

    private FieldOperand field(String name) {
        Field f = model.field(name).orElseThrow(() -> new IllegalStateException("field checked when validating: " + name));
        return new FieldOperand(f, ColumnKind.of(f).orElseThrow());
    }

    /** The values of {@code auth()} or one of its claims; empty when anonymous or absent. */
    private List<Object> claim(Optional<String> name) {
        if (!caller.authenticated()) {
            return List.of();
        }
        if (name.isEmpty()) {
            return List.of(caller.subject().orElseThrow());
        }
        String claim = name.get();
        if (claim.equals("id")) {
            return List.of(caller.subject().orElseThrow());
        }
        List<Object> out = new ArrayList<>(values(caller.claims().get(claim)));
        if (claim.equals("role")) {
            out.addAll(values(caller.claims().get("roles")));
        }
        return out;
    }

    private static List<Object> values(Object claim) {
        if (claim == null) {
            return List.of();
        }
        if (claim instanceof Collection<?> c) {
            return c.stream().filter(v -> v != null && !(v instanceof Collection) && !(v instanceof java.util.Map)).map(v -> (Object) v).toList();
        }
        if (claim instanceof java.util.Map) {
            return List.of();
        }
        return List.of(claim);
    }
}
