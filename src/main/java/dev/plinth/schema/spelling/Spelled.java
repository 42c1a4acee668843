package dev.plinth.schema.spelling;

import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;

import java.util.stream.Collectors;

/** Writes attributes and values in Prisma's syntax, for notes and for the text in today's spelling. */
final class Spelled {

    private Spelled() {
    }

    /** Returns an attribute as Prisma writes it, e.g. {@code @db.Decimal(10, 2)} or {@code @relation("A", fields: [aId])}. */
    static String attribute(Attribute attribute) {
        String head = (attribute.block() ? "@@" : "@") + attribute.name();
        if (attribute.arguments().isEmpty()) {
            return head;
        }
        return head + "(" + attribute.arguments().stream().map(Spelled::argument).collect(Collectors.joining(", ")) + ")";
    }

    static String argument(Argument argument) {
        return argument.name().map(n -> n.text() + ": ").orElse("") + value(argument.value());
    }

    static String value(Expression expression) {
        return switch (expression) {
            case Expression.StringValue s -> "\"" + s.value().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case Expression.NumberValue n -> n.text();
            case Expression.ConstantValue c -> c.text();
            case Expression.FunctionCall f -> f.name() + "(" + f.arguments().stream().map(Spelled::argument)
                    .collect(Collectors.joining(", ")) + ")";
            case Expression.ArrayValue a -> "[" + a.elements().stream().map(Spelled::value).collect(Collectors.joining(", ")) + "]";
        };
    }
}
