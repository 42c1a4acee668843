package dev.plinth.schema.validate;

import dev.plinth.schema.model.IdStrategy;
import dev.plinth.schema.model.KeyNormalization;
import dev.plinth.schema.model.PlinthSettings;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.resolve.KeyIdentifiers;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks Plinth's identifier extensions (docs/schema.md, "Identifiers"): {@code @default(prefixed("rm"))}
 * (a prefix of 1 to 16 letters or digits, on a String key), {@code @@normalizeKey(trim | lower | upper)} (known
 * steps, on a model with a String key) and {@code id_strategy} in {@code generator plinth} (a known value, and
 * one that can make the key of every model it applies to).
 */
final class IdentifierRules implements Rule {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9]{1," + IdStrategy.MAX_PREFIX + "}");

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock model : context.ast().modelBlocks()) {
            for (FieldDeclaration field : model.fields()) {
                field.attribute("default").flatMap(a -> a.namedOrFirst("value")).map(Argument::value)
                        .filter(v -> v instanceof Expression.FunctionCall call && call.name().equals("prefixed"))
                        .ifPresent(v -> prefixed(context, model, field, (Expression.FunctionCall) v));
            }
            model.attribute(KeyIdentifiers.NORMALIZE_KEY).ifPresent(a -> normalizeKey(context, model, a));
        }
        for (ConfigBlock block : context.ast().configBlocks()) {
            if (block.kind() == ConfigBlock.Kind.GENERATOR && block.name().text().equals(PlinthSettings.GENERATOR)) {
                block.property(IdStrategy.SETTING).ifPresent(p -> idStrategy(context, p.value()));
            }
        }
    }

    /** {@code prefixed("rm")}: one string argument, letters and digits, on a key field (the String type is checked by DefaultRules). */
    private static void prefixed(ValidationContext context, ModelBlock model, FieldDeclaration field, Expression.FunctionCall call) {
        if (call.arguments().size() != 1 || !(call.arguments().get(0).value() instanceof Expression.StringValue prefix)) {
            context.error("`prefixed()` takes one argument, the prefix of the ids: 1 to " + IdStrategy.MAX_PREFIX
                    + " letters or digits, e.g. @default(prefixed(\"rm\")) for ids such as rm_01jf8z6q0k3v6x9m2c4r7t5w8y.", call.span());
            return;
        }
        if (!PREFIX.matcher(prefix.value()).matches()) {
            context.error("The prefix \"" + prefix.value() + "\" of `prefixed()` must be 1 to " + IdStrategy.MAX_PREFIX
                    + " letters or digits (Plinth adds the underscore), e.g. prefixed(\"rm\").", prefix.span());
            return;
        }
        boolean key = field.attribute("id").isPresent() || field.attribute("unique").isPresent()
                || compoundKey(model).contains(field.name().text());
        if (!key || field.type().arity() == TypeReference.Arity.LIST) {
            context.error("`prefixed()` makes keys: use it on the String @id (or a @unique String field) of `"
                    + model.name().text() + "`, not on `" + field.name().text() + "`.", call.span());
        }
    }

    /** {@code @@normalizeKey(lower)} or {@code @@normalizeKey([trim, lower])} on a model whose key holds a String. */
    private static void normalizeKey(ValidationContext context, ModelBlock model, Attribute attribute) {
        Optional<Expression> value = attribute.namedOrFirst("steps").map(Argument::value);
        if (value.isEmpty()) {
            return; // the missing argument is reported by AttributeRules
        }
        List<Expression> elements = value.get() instanceof Expression.ArrayValue a ? a.elements() : List.of(value.get());
        List<KeyNormalization.Step> steps = new ArrayList<>();
        for (Expression e : elements) {
            Optional<KeyNormalization.Step> step = ArgumentValues.constant(e).flatMap(KeyNormalization.Step::of);
            if (step.isEmpty()) {
                context.error("@@normalizeKey takes trim, lower or upper, or a list of them such as [trim, lower];"
                        + " got `" + context.raw(e) + "`.", e.span());
                return;
            }
            steps.add(step.get());
        }
        if (elements.isEmpty()) {
            context.error("@@normalizeKey needs at least one of trim, lower, upper.", value.get().span());
            return;
        }
        if (steps.contains(KeyNormalization.Step.LOWER) && steps.contains(KeyNormalization.Step.UPPER)) {
            context.error("@@normalizeKey cannot both lower-case and upper-case the key: keep one of lower, upper.", value.get().span());
            return;
        }
        List<FieldDeclaration> key = keyFields(model);
        if (key.stream().noneMatch(f -> f.type().name().text().equals(ScalarType.STRING.prismaName()))) {
            String described = key.isEmpty() ? "has no @id"
                    : "has no String key field (" + String.join(", ", key.stream().map(f -> "`" + f.name().text() + "` is "
                    + f.type().name().text()).toList()) + ")";
            context.error("@@normalizeKey applies to String keys, and `" + model.name().text() + "` " + described + ".",
                    attribute.span());
        }
    }

    /** {@code id_strategy = "…"}: a known value, fitting the key of each model it gives a default. */
    private static void idStrategy(ValidationContext context, Expression value) {
        String text = value instanceof Expression.StringValue s ? s.value()
                : value instanceof Expression.ConstantValue c ? c.text() : null;
        Optional<IdStrategy> strategy = text == null ? Optional.empty() : IdStrategy.of(text);
        if (strategy.isEmpty()) {
            context.error("id_strategy " + (text == null ? "`" + context.raw(value) + "`" : "\"" + text + "\"")
                    + " is not known; valid values: " + IdStrategy.validValues() + ".", value.span());
            return;
        }
        if (strategy.get() == IdStrategy.FALSE) {
            return; // generates nothing, so fits every key
        }
        for (ModelBlock model : context.ast().modelBlocks()) {
            if (model.kind() == ModelBlock.Kind.VIEW || model.attribute("ignore").isPresent()) {
                continue;
            }
            List<FieldDeclaration> key = keyFields(model);
            if (key.size() != 1 || key.getFirst().attribute("default").isPresent() || foreignKey(model, key.getFirst())) {
                continue; // compound keys, keys with their own @default and keys that are foreign keys are left alone
            }
            FieldDeclaration field = key.getFirst();
            Optional<ScalarType> type = ScalarType.fromPrismaName(field.type().name().text());
            if (type.isEmpty() || !strategy.get().fits(type.get())) {
                String suggestion = strategy.get() == IdStrategy.SERIAL ? "@default(uuid(7))" : "@default(autoincrement())";
                context.error("id_strategy = \"" + strategy.get().text() + "\" makes " + strategy.get().keyTypes()
                        + " keys, but `" + model.name().text() + "." + field.name().text() + "` is " + field.type().name().text()
                        + ": change its type to " + strategy.get().keyTypes() + ", or give it its own default (e.g. "
                        + suggestion + ").", field.span());
            }
        }
    }

    /** The fields of a model's primary key: its {@code @id} field, or the fields of {@code @@id}. */
    private static List<FieldDeclaration> keyFields(ModelBlock model) {
        for (FieldDeclaration f : model.fields()) {
            if (f.attribute("id").isPresent()) {
                return List.of(f);
            }
        }
        return compoundKey(model).stream().map(model::field).flatMap(Optional::stream).toList();
    }

    private static List<String> compoundKey(ModelBlock model) {
        return model.attribute("id").map(a -> ArgumentValues.fieldNames(a.namedOrFirst("fields"))).orElse(List.of());
    }

    /** True when a relation of the model lists the field in {@code fields:}. */
    private static boolean foreignKey(ModelBlock model, FieldDeclaration field) {
        return model.fields().stream().flatMap(f -> f.attribute("relation").stream())
                .anyMatch(r -> ArgumentValues.fieldNames(r.named("fields")).contains(field.name().text()));
    }
}
