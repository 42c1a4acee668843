package dev.plinth.schema.validate;

import dev.plinth.schema.model.LabelSettings;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.List;
import java.util.Optional;

/**
 * Checks Plinth's display-label settings (docs/search-and-relations.md, "Labels on every read"): the
 * {@code labels} ({@code "on_request"}, {@code "always"}) and {@code label_keys} ({@code "standard"},
 * {@code "quickback"}) settings of {@code generator plinth}, and the model attribute
 * {@code @@labels("always" | "on_request")}: one string argument, at most once per model.
 */
final class LabelRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        context.ast().configBlocks().stream()
                .filter(b -> b.kind() == ConfigBlock.Kind.GENERATOR && b.name().text().equals("plinth"))
                .findFirst().ifPresent(b -> {
                    oneOf(context, b, LabelSettings.LABELS, LabelSettings.Mode.texts());
                    oneOf(context, b, LabelSettings.LABEL_KEYS, LabelSettings.Keys.texts());
                });
        for (ModelBlock model : context.ast().modelBlocks()) {
            List<Attribute> found = model.attributes(LabelSettings.ATTRIBUTE);
            for (Attribute a : found) {
                if (found.size() > 1) {
                    context.error("Attribute \"@@labels\" can only be defined once.", a.span());
                }
                attribute(context, a);
            }
        }
    }

    private static void oneOf(ValidationContext context, ConfigBlock block, String name, List<String> allowed) {
        block.property(name).ifPresent(p -> {
            Optional<String> value = p.value() instanceof Expression.StringValue s ? Optional.of(s.value())
                    : p.value() instanceof Expression.ConstantValue c ? Optional.of(c.text()) : Optional.empty();
            if (value.isEmpty() || !allowed.contains(value.get())) {
                context.error("The setting `" + name + "` of generator plinth must be one of " + quoted(allowed)
                        + ", not `" + context.raw(p.value()) + "`.", p.value().span());
            }
        });
    }

    /** {@code @@labels("always")}: exactly one string, one of the modes. */
    private static void attribute(ValidationContext context, Attribute a) {
        String usage = "write @@labels(\"always\") or @@labels(\"on_request\")";
        if (a.arguments().size() != 1) {
            context.error("@@labels takes one mode, one of " + quoted(LabelSettings.Mode.texts()) + "; " + usage + ".", a.span());
            return;
        }
        Argument arg = a.arguments().getFirst();
        if (arg.name().isPresent() && !arg.name().get().text().equals("mode")) {
            context.error("No such argument `" + arg.name().get().text() + "` for @@labels; " + usage + ".", arg.span());
            return;
        }
        if (!(arg.value() instanceof Expression.StringValue s) || LabelSettings.Mode.of(s.value()).isEmpty()) {
            context.error("The mode of @@labels must be one of " + quoted(LabelSettings.Mode.texts()) + ", not `"
                    + context.raw(arg.value()) + "`; " + usage + ".", arg.value().span());
        }
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList());
    }
}
