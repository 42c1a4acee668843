package dev.plinth.schema.validate;

import dev.plinth.schema.syntax.Expression;

/**
 * Checks values that may be a string or {@code env("VAR")}: datasource URLs and generator settings.
 * Source: Prisma schema reference, "env()" (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#env).
 */
final class ConfigValueRules {

    private ConfigValueRules() {
    }

    /**
     * Checks a URL-like value: a string literal, or {@code env} with one unnamed string argument.
     *
     * @param context where to report
     * @param value   the value as written
     */
    static void urlLike(ValidationContext context, Expression value) {
        switch (value) {
            case Expression.StringValue s -> {
            }
            case Expression.FunctionCall f when f.name().equals("env") -> env(context, f);
            default -> context.unexpectedValue("string", value);
        }
    }

    /**
     * Checks a call of {@code env}.
     *
     * @param context where to report
     * @param call    the call
     */
    static void env(ValidationContext context, Expression.FunctionCall call) {
        boolean single = call.arguments().size() == 1 && call.arguments().get(0).value() instanceof Expression.StringValue;
        if (!single) {
            context.error("The env function expects a singular, unnamed, string argument.", call.span());
        } else if (call.arguments().get(0).name().isPresent()) {
            context.warning("The env function doesn't expect named arguments", call.span());
        }
    }
}
