package dev.plinth.schema.policy;

import dev.plinth.schema.model.Span;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A parsed rule condition (docs/access-rules.md): literals, the model's fields, {@code auth()} and its
 * claims, {@code now()}, comparisons, {@code in}, and boolean connectives. Every node keeps its span.
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
