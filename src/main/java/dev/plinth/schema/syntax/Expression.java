package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

import java.util.List;

/** A value in an attribute argument or a configuration property. */
public sealed interface Expression {

    /** Returns where the expression is. */
    Span span();

    /** Returns a short name of the expression's kind for messages ("string", "numeric", …). */
    String describe();

    /** A string literal, escapes resolved. */
    record StringValue(String value, Span span) implements Expression {
        @Override
        public String describe() {
            return "string";
        }
    }

    /** A number literal as written, e.g. {@code -1} or {@code 2.5}. */
    record NumberValue(String text, Span span) implements Expression {
        @Override
        public String describe() {
            return "numeric";
        }
    }

    /** A bare name or dotted path: {@code true}, {@code Cascade}, {@code ADMIN}, {@code db.Text}. */
    record ConstantValue(String text, Span span) implements Expression {
        @Override
        public String describe() {
            return "constant";
        }
    }

    /** A function call, e.g. {@code now()}, {@code env("URL")} or {@code title(sort: Desc)}. */
    record FunctionCall(String name, List<Argument> arguments, Span span) implements Expression {
        public FunctionCall {
            arguments = List.copyOf(arguments);
        }

        @Override
        public String describe() {
            return "function";
        }
    }

    /** An array, e.g. {@code [id, email]}. */
    record ArrayValue(List<Expression> elements, Span span) implements Expression {
        public ArrayValue {
            elements = List.copyOf(elements);
        }

        @Override
        public String describe() {
            return "array";
        }
    }
}
