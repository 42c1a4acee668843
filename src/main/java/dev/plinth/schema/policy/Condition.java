package dev.plinth.schema.policy;

import dev.plinth.schema.model.Span;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A parsed rule condition (docs/access-rules.md): literals, the model's fields, {@code auth()} and its
 * claims, {@code now()}, comparisons, {@code in}, and boolean connectives. Every node keeps its span.
 *
 * <p>Data rules ({@code @@validate}, {@code @@check}; docs/schema.md, "Validators and model rules") add
 * {@link Arithmetic} on numbers and {@link Call}s of ZenStack's validation functions
 * (https://zenstack.dev/docs/reference/zmodel-language#data-validation). Access rules refuse both
 * when the schema is validated, so their behaviour is unchanged.
 */
public sealed interface Condition {

    /** Returns where the node is written. */
    Span span();

    /** A string, number, boolean or {@code null} literal. */
    record Literal(Object value, Span span) implements Condition {
        /** Returns true for a string literal. */
        public boolean isString() {
            return value instanceof String;
        }

        /** Returns true for a number literal ({@link BigDecimal}). */
        public boolean isNumber() {
            return value instanceof BigDecimal;
        }
    }

    /** A field of the model, by its schema name. */
    record FieldRef(String name, Span span) implements Condition {
    }

    /**
     * {@code auth()} (the caller, null when anonymous) or {@code auth().claim}; {@code auth().id} is the
     * token's {@code sub}.
     */
    record Auth(Optional<String> claim, Span span) implements Condition {
    }

    /** {@code now()}: the instant the request is served. */
    record Now(Span span) implements Condition {
    }

    /** {@code [a, b, …]}, the right side of {@code in}. */
    record ListValue(List<Condition> items, Span span) implements Condition {
        public ListValue {
            items = List.copyOf(items);
        }
    }

    /** {@code left op right}. */
    record Compare(Condition left, Comparator op, Condition right, Span span) implements Condition {
    }

    /** {@code left && right}. */
    record And(Condition left, Condition right, Span span) implements Condition {
    }

    /** {@code left || right}. */
    record Or(Condition left, Condition right, Span span) implements Condition {
    }

    /** {@code !part}. */
    record Not(Condition part, Span span) implements Condition {
    }

    /** {@code left op right} on numbers: {@code + - * /} (data rules only). */
    record Arithmetic(Condition left, ArithmeticOperator op, Condition right, Span span) implements Condition {
    }

    /**
     * A call of one of ZenStack's validation functions, e.g. {@code length(name, 1, 80)} or
     * {@code hasSome(tags, ["a", "b"])} (data rules only).
     *
     * @param function  the function
     * @param arguments the arguments as written (the first is the field for every function)
     * @param span      where the call is written
     */
    record Call(Function function, List<Condition> arguments, Span span) implements Condition {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** The arithmetic operators, in ZModel's spelling. */
    enum ArithmeticOperator {
        ADD("+"), SUB("-"), MUL("*"), DIV("/");

        private final String symbol;

        ArithmeticOperator(String symbol) {
            this.symbol = symbol;
        }

        /** Returns the operator as written. */
        public String symbol() {
            return symbol;
        }
    }

    /**
     * The functions of data rules, named as ZenStack names them
     * (https://zenstack.dev/docs/reference/zmodel-language#predefined-functions). Each returns a boolean
     * except {@link #LENGTH} with only a field, which is not offered: {@code length(f, min?, max?)} is
     * itself the check.
     */
    enum Function {
        /** {@code length(field, min?, max?)}: a string's length or a list's size lies within the bounds. */
        LENGTH("length", 1, 3),
        /** {@code regex(field, "pattern")}: the string matches the whole pattern. */
        REGEX("regex", 2, 2),
        /** {@code email(field)}: the string is an email address. */
        EMAIL("email", 1, 1),
        /** {@code url(field)}: the string is an absolute http(s) URL. */
        URL("url", 1, 1),
        /** {@code startsWith(field, "text")}. */
        STARTS_WITH("startsWith", 2, 2),
        /** {@code endsWith(field, "text")}. */
        ENDS_WITH("endsWith", 2, 2),
        /** {@code contains(field, "text")}: the string holds the text. */
        CONTAINS("contains", 2, 2),
        /** {@code has(list, value)}: the list holds the value. */
        HAS("has", 2, 2),
        /** {@code hasSome(list, [values])}: the list holds at least one of the values. */
        HAS_SOME("hasSome", 2, 2),
        /** {@code hasEvery(list, [values])}: the list holds all of the values. */
        HAS_EVERY("hasEvery", 2, 2),
        /** {@code isEmpty(list)}: the list has no element. */
        IS_EMPTY("isEmpty", 1, 1);

        private final String spelling;
        private final int minArguments;
        private final int maxArguments;

        Function(String spelling, int minArguments, int maxArguments) {
            this.spelling = spelling;
            this.minArguments = minArguments;
            this.maxArguments = maxArguments;
        }

        /** Returns the name as written in a schema. */
        public String spelling() {
            return spelling;
        }

        /** Returns the fewest arguments the function takes. */
        public int minArguments() {
            return minArguments;
        }

        /** Returns the most arguments the function takes. */
        public int maxArguments() {
            return maxArguments;
        }

        /**
         * Finds a function by its spelling.
         *
         * @param name the name as written
         * @return the function, or empty when there is none by that name
         */
        public static Optional<Function> of(String name) {
            for (Function f : values()) {
                if (f.spelling.equals(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** The comparison operators. */
    enum Comparator {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in");

        private final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }

        /** Returns the operator as written. */
        public String symbol() {
            return symbol;
        }

        /** Returns the operator with its sides swapped ({@code a < b} is {@code b > a}). */
        public Comparator flipped() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }
    }
}
