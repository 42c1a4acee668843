package dev.plinth.sql;

import dev.plinth.schema.model.CheckConstraint;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.policy.Condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders the condition of a {@code @@check} as the SQL expression of a CHECK constraint for one
 * dialect: fields become their quoted column names (after {@code @map}), enum values their database
 * names, {@code ==}/{@code !=} become {@code =}/{@code <>} (or {@code IS [NOT] NULL} against
 * {@code null}), {@code &&}/{@code ||}/{@code !} become {@code AND}/{@code OR}/{@code NOT}, and literals
 * are inlined (a CHECK constraint takes no bind parameters); arithmetic keeps its operators, and ZenStack's
 * {@code length(field, min, max?)} becomes {@code length(column) >= min AND length(column) <= max}. The conditions reaching here have passed
 * {@code dev.plinth.schema.check.CheckReader}, so every node is one both databases evaluate alike
 * (SQLite, "CREATE TABLE", https://www.sqlite.org/lang_createtable.html#ckconst; PostgreSQL,
 * "Check Constraints", https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-CHECK-CONSTRAINTS).
 *
 * <p>As in SQL, a constraint whose condition is unknown because a field is NULL is met: write
 * {@code field != null && …} to require the value.
 */
public final class CheckConstraintSql {

    private final Dialect dialect;
    private final Model model;
    private final Schema schema;

    /**
     * Creates a renderer for one model.
     *
     * @param dialect the database
     * @param model   the model whose fields the conditions name
     * @param schema  the schema (for enum value names)
     */
    public CheckConstraintSql(Dialect dialect, Model model, Schema schema) {
        this.dialect = dialect;
        this.model = model;
        this.schema = schema;
    }

    /**
     * Renders a check's expression.
     *
     * @param check the check
     * @return the expression, without the surrounding {@code CHECK (…)}
     * @throws IllegalArgumentException when the condition names a field the model lacks (the validator refuses such schemas)
     */
    public String expression(CheckConstraint check) {
        return render(check.condition(), Optional.empty());
    }

    /**
     * Returns the fields a check's condition names, in the order written (repeats included).
     *
     * @param check the check
     * @param model its model
     * @return the column fields
     * @throws IllegalArgumentException when the condition names a field the model lacks
     */
    public static List<Field> fields(CheckConstraint check, Model model) {
        List<Field> out = new ArrayList<>();
        collect(check.condition(), model, out);
        return out;
    }

    private static void collect(Condition c, Model model, List<Field> out) {
        switch (c) {
            case Condition.FieldRef f -> out.add(model.field(f.name()).filter(Field::isColumn).orElseThrow(() ->
                    new IllegalArgumentException("@@check of model " + model.name() + " names " + f.name() + ", which is not a column of it")));
            case Condition.And and -> {
                collect(and.left(), model, out);
                collect(and.right(), model, out);
            }
            case Condition.Or or -> {
                collect(or.left(), model, out);
                collect(or.right(), model, out);
            }
            case Condition.Not not -> collect(not.part(), model, out);
            case Condition.Compare compare -> {
                collect(compare.left(), model, out);
                collect(compare.right(), model, out);
            }
            case Condition.ListValue list -> list.items().forEach(i -> collect(i, model, out));
            case Condition.Arithmetic a -> {
                collect(a.left(), model, out);
                collect(a.right(), model, out);
            }
            case Condition.Call call -> call.arguments().forEach(a -> collect(a, model, out));
            default -> {
            }
        }
    }

    /**
     * Renders a node. {@code enumType} is the enum a string literal in this position stands for (the other side of
     * a comparison with an enum field), so that it is written as the value's database name.
     */
    private String render(Condition c, Optional<EnumType> enumType) {
        return switch (c) {
            case Condition.Literal l -> literal(l, enumType);
            case Condition.FieldRef f -> dialect.quote(field(f).columnName());
            case Condition.And and -> nested(and.left(), false) + " AND " + nested(and.right(), false);
            case Condition.Or or -> nested(or.left(), true) + " OR " + nested(or.right(), true);
            case Condition.Not not -> "NOT (" + render(not.part(), Optional.empty()) + ")";
            case Condition.Compare compare -> compare(compare);
            case Condition.Arithmetic a -> arithmetic(a);
            case Condition.Call call -> length(call);
            default -> throw new IllegalArgumentException("a @@check condition holds " + c.getClass().getSimpleName()
                    + ", which has no SQL rendering");
        };
    }

    /** An operand of AND / OR: an OR inside an AND needs parentheses, and an AND inside an OR gets them for the reader. */
    private String nested(Condition c, boolean insideOr) {
        String sql = render(c, Optional.empty());
        boolean wrap = insideOr ? c instanceof Condition.And : c instanceof Condition.Or;
        return wrap ? "(" + sql + ")" : sql;
    }

    private String compare(Condition.Compare c) {
        Optional<EnumType> leftEnum = enumOf(c.left());
        Optional<EnumType> rightEnum = enumOf(c.right());
        if (c.op() == Condition.Comparator.IN) {
            Condition.ListValue list = (Condition.ListValue) c.right();
            return operand(c.left(), Optional.empty()) + " IN (" + list.items().stream().map(i -> render(i, leftEnum))
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (isNull(c.right()) || isNull(c.left())) {
            Condition side = isNull(c.right()) ? c.left() : c.right();
            return operand(side, Optional.empty()) + (c.op() == Condition.Comparator.EQ ? " IS NULL" : " IS NOT NULL");
        }
        String op = switch (c.op()) {
            case EQ -> "=";
            case NE -> "<>";
            default -> c.op().symbol();
        };
        return operand(c.left(), rightEnum) + " " + op + " " + operand(c.right(), leftEnum);
    }

    /**
     * Arithmetic. A divisor of zero gives NULL on both databases ({@code NULLIF}): SQLite's division by zero is
     * NULL while PostgreSQL's is an error, and a NULL condition is met, as with any unknown value.
     */
    private String arithmetic(Condition.Arithmetic a) {
        String right = operand(a.right(), Optional.empty());
        if (a.op() == Condition.ArithmeticOperator.DIV) {
            right = "NULLIF(" + right + ", 0)";
        }
        return operand(a.left(), Optional.empty()) + " " + a.op().symbol() + " " + right;
    }

    /** ZenStack's {@code length(field, min, max?)}: the length in characters within the bounds. */
    private String length(Condition.Call call) {
        if (call.function() != Condition.Function.LENGTH || call.arguments().size() < 2) {
            throw new IllegalArgumentException("@@check holds " + call.function().spelling() + "(), which has no SQL rendering");
        }
        String length = "length(" + render(call.arguments().get(0), Optional.empty()) + ")";
        String sql = length + " >= " + operand(call.arguments().get(1), Optional.empty());
        if (call.arguments().size() > 2) {
            sql += " AND " + length + " <= " + operand(call.arguments().get(2), Optional.empty());
        }
        return "(" + sql + ")";
    }

    /** An operand of a comparison: anything but a field or a literal is parenthesised. */
    private String operand(Condition c, Optional<EnumType> enumType) {
        String sql = render(c, enumType);
        return c instanceof Condition.FieldRef || c instanceof Condition.Literal ? sql : "(" + sql + ")";
    }

    private String literal(Condition.Literal l, Optional<EnumType> enumType) {
        Object v = l.value();
        if (v == null) {
            return "NULL";
        }
        if (v instanceof String s) {
            String stored = enumType.flatMap(e -> e.values().stream().filter(x -> x.name().equals(s)).findFirst())
                    .map(EnumType.Value::databaseName).orElse(s);
            return dialect.literal(stored);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return Boolean.TRUE.equals(v) ? "TRUE" : "FALSE";
    }

    private static boolean isNull(Condition c) {
        return c instanceof Condition.Literal l && l.value() == null;
    }

    private Optional<EnumType> enumOf(Condition c) {
        if (c instanceof Condition.FieldRef f && field(f).type() instanceof FieldType.EnumRef ref) {
            return schema.enumType(ref.name());
        }
        return Optional.empty();
    }

    private Field field(Condition.FieldRef f) {
        return model.field(f.name()).filter(Field::isColumn).orElseThrow(() -> new IllegalArgumentException(
                "@@check of model " + model.name() + " names " + f.name() + ", which is not a column of it"));
    }
}
