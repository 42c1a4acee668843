package dev.plinth.schema.rules;

import dev.plinth.schema.policy.Condition;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Evaluates the {@code @@validate} rules of a model on one row, with SQL's three-valued logic: a
 * comparison, arithmetic or function with a null operand is <em>unknown</em> (except {@code == null}
 * and {@code != null}, which decide), {@code &&}, {@code ||} and {@code !} follow Kleene's tables, and a
 * rule fails only when it is <em>false</em>, the way a SQL {@code CHECK} constraint fails (PostgreSQL,
 * https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-CHECK-CONSTRAINTS).
 * So {@code @@validate(end > start)} holds while either is null; write {@code end != null && …} to
 * require them. Division by zero is unknown too.
 */
public final class RuleEvaluator {

    private final Instant now;

    /**
     * Creates an evaluator for one write.
     *
     * @param now the instant {@code now()} stands for
     */
    public RuleEvaluator(Instant now) {
        this.now = now;
    }

    /**
     * Checks every model rule on a row.
     *
     * @param rules    the model's rules
     * @param row      the row as it would be stored
     * @param apiNames the API name of a field by its schema name (a one-element {@code path} naming a field is
     *                 reported by its API name)
     * @return one failure per rule that is false, in the order written
     */
    public List<RuleFailure> check(List<ModelRule> rules, RowValues row, Function<String, String> apiNames) {
        List<RuleFailure> out = new ArrayList<>(0);
        for (ModelRule rule : rules) {
            if (Boolean.FALSE.equals(truth(rule, rule.condition(), row))) {
                String field = rule.path().size() == 1 && apiNames.apply(rule.path().getFirst()) != null
                        ? apiNames.apply(rule.path().getFirst())
                        : String.join(".", rule.path());
                out.add(new RuleFailure(field, "rule_failed", rule.failureMessage()));
            }
        }
        return out;
    }

    /**
     * Evaluates one rule's condition.
     *
     * @param rule the rule (for its compiled patterns)
     * @param c    the condition or a part of it
     * @param row  the row
     * @return true, false, or null for unknown
     */
    public Boolean truth(ModelRule rule, Condition c, RowValues row) {
        return switch (c) {
            case Condition.And a -> {
                Boolean l = truth(rule, a.left(), row);
                if (Boolean.FALSE.equals(l)) {
                    yield false;
                }
                Boolean r = truth(rule, a.right(), row);
                yield Boolean.FALSE.equals(r) ? Boolean.FALSE : (l == null || r == null ? null : Boolean.TRUE);
            }
            case Condition.Or o -> {
                Boolean l = truth(rule, o.left(), row);
                if (Boolean.TRUE.equals(l)) {
                    yield true;
                }
                Boolean r = truth(rule, o.right(), row);
                yield Boolean.TRUE.equals(r) ? Boolean.TRUE : (l == null || r == null ? null : Boolean.FALSE);
            }
            case Condition.Not n -> {
                Boolean v = truth(rule, n.part(), row);
                yield v == null ? null : !v;
            }
            default -> value(rule, c, row) instanceof Boolean b ? b : null;
        };
    }

    private Object value(ModelRule rule, Condition c, RowValues row) {
        return switch (c) {
            case Condition.Literal l -> l.value();
            case Condition.FieldRef f -> row.value(f.name());
            case Condition.Now n -> now;
            case Condition.Auth a -> null; // refused in data rules when the schema is validated
            case Condition.ListValue l -> {
                List<Object> items = new ArrayList<>(l.items().size());
                for (Condition item : l.items()) {
                    items.add(value(rule, item, row));
                }
                yield items;
            }
            case Condition.Arithmetic a -> arithmetic(a.op(), value(rule, a.left(), row), value(rule, a.right(), row));
            case Condition.Compare cmp -> compare(cmp.op(), value(rule, cmp.left(), row), value(rule, cmp.right(), row));
            case Condition.Call call -> call(rule, call, row);
            case Condition.And a -> truth(rule, a, row);
            case Condition.Or o -> truth(rule, o, row);
            case Condition.Not n -> truth(rule, n, row);
        };
    }

    private static Object arithmetic(Condition.ArithmeticOperator op, Object a, Object b) {
        if (!(a instanceof BigDecimal x) || !(b instanceof BigDecimal y)) {
            return null;
        }
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.subtract(y);
            case MUL -> x.multiply(y);
            case DIV -> y.signum() == 0 ? null : x.divide(y, MathContext.DECIMAL128);
        };
    }

    private static Boolean compare(Condition.Comparator op, Object a, Object b) {
        if (op == Condition.Comparator.IN) {
            if (a == null || !(b instanceof Collection<?> list)) {
                return null;
            }
            boolean unknown = false;
            for (Object item : list) {
                if (item == null) {
                    unknown = true;
                } else if (Objects.equals(order(a, item), 0)) {
                    return true;
                }
            }
            return unknown ? null : Boolean.FALSE;
        }
        if (a == null || b == null) {
            return switch (op) {
                case EQ -> a == b;
                case NE -> a != b;
                default -> null;
            };
        }
        Integer o = order(a, b);
        if (o == null) {
            return op == Condition.Comparator.NE ? Boolean.TRUE : op == Condition.Comparator.EQ ? Boolean.FALSE : null;
        }
        return switch (op) {
            case EQ -> o == 0;
            case NE -> o != 0;
            case LT -> o < 0;
            case LE -> o <= 0;
            case GT -> o > 0;
            default -> o >= 0;
        };
    }

    /** Orders two non-null values of one kind; a DateTime compares with an ISO-8601 text. Null when they do not compare. */
    static Integer order(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        if (a instanceof Instant || b instanceof Instant) {
            Instant x = instant(a);
            Instant y = instant(b);
            return x == null || y == null ? null : x.compareTo(y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return x.compareTo(y);
        }
        return null;
    }

    private static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof String s) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private Boolean call(ModelRule rule, Condition.Call call, RowValues row) {
        List<Object> args = new ArrayList<>(call.arguments().size());
        for (Condition a : call.arguments()) {
            args.add(value(rule, a, row));
        }
        Object subject = args.getFirst();
        if (subject == null) {
            return null;
        }
        return switch (call.function()) {
            case LENGTH -> {
                int n = subject instanceof Collection<?> c ? c.size()
                        : subject instanceof String s ? s.codePointCount(0, s.length()) : -1;
                if (n < 0) {
                    yield null;
                }
                Object min = args.size() > 1 ? args.get(1) : null;
                Object max = args.size() > 2 ? args.get(2) : null;
                yield (!(min instanceof BigDecimal lo) || BigDecimal.valueOf(n).compareTo(lo) >= 0)
                        && (!(max instanceof BigDecimal hi) || BigDecimal.valueOf(n).compareTo(hi) <= 0);
            }
            case REGEX -> {
                if (!(subject instanceof String s) || !(args.get(1) instanceof String p)) {
                    yield null;
                }
                Pattern pattern = rule.patterns().get(p);
                yield (pattern != null ? pattern : Pattern.compile(p)).matcher(s).find();
            }
            case EMAIL -> subject instanceof String s ? Formats.email(s) : null;
            case URL -> subject instanceof String s ? Formats.url(s) : null;
            case STARTS_WITH -> text(subject, args.get(1)) ? ((String) subject).startsWith((String) args.get(1)) : null;
            case ENDS_WITH -> text(subject, args.get(1)) ? ((String) subject).endsWith((String) args.get(1)) : null;
            case CONTAINS -> text(subject, args.get(1)) ? ((String) subject).contains((String) args.get(1)) : null;
            case HAS -> subject instanceof Collection<?> list && args.get(1) != null ? holds(list, args.get(1)) : null;
            case HAS_SOME -> {
                if (!(subject instanceof Collection<?> list) || !(args.get(1) instanceof Collection<?> wanted)) {
                    yield null;
                }
                yield wanted.stream().anyMatch(w -> w != null && holds(list, w));
            }
            case HAS_EVERY -> {
                if (!(subject instanceof Collection<?> list) || !(args.get(1) instanceof Collection<?> wanted)) {
                    yield null;
                }
                yield wanted.stream().allMatch(w -> w != null && holds(list, w));
            }
            case IS_EMPTY -> subject instanceof Collection<?> list ? list.isEmpty() : null;
        };
    }

    private static boolean text(Object a, Object b) {
        return a instanceof String && b instanceof String;
    }

    private static boolean holds(Collection<?> list, Object value) {
        for (Object item : list) {
            if (item != null && Objects.equals(order(item, value), 0)) {
                return true;
            }
        }
        return false;
    }
}
