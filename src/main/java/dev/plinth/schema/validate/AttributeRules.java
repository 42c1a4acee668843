package dev.plinth.schema.validate;

import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks every attribute's shape: the attribute is known where it is written, written at most once
 * (except {@code @@index}, {@code @@unique}, {@code @@fulltext}), its arguments are known and its
 * required argument is there; {@code @map}, {@code @@map} and {@code @@schema} take a string.
 * Native type attributes ({@code @db.*}) are checked by {@link NativeTypeRules}.
 */
final class AttributeRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        String nativePrefix = context.names().nativeTypePrefix() + ".";
        for (ModelBlock model : context.ast().modelBlocks()) {
            for (FieldDeclaration field : model.fields()) {
                List<Attribute> attributes = field.attributes().stream()
                        .filter(a -> !a.name().startsWith(nativePrefix)).toList();
                checkAll(context, attributes, AttributeSpec::field);
            }
            checkAll(context, model.attributes(), AttributeSpec::block);
            model.attribute("display").ifPresent(a -> display(context, model, a));
        }
        for (EnumBlock enumBlock : context.ast().enumBlocks()) {
            for (EnumBlock.EnumValueDeclaration value : enumBlock.values()) {
                checkAll(context, value.attributes(), AttributeSpec::enumValue);
            }
            checkAll(context, enumBlock.attributes(), AttributeSpec::enumBlock);
        }
    }

    private static void checkAll(ValidationContext context, List<Attribute> attributes,
                                 Function<String, Optional<AttributeSpec>> specs) {
        Map<String, Integer> counts = new HashMap<>();
        attributes.forEach(a -> counts.merge(a.name(), 1, Integer::sum));
        for (Attribute attribute : attributes) {
            if (dev.plinth.schema.policy.PolicyCompiler.ATTRIBUTES.contains(attribute.name())) {
                continue; // access rules are checked by PolicyRules
            }
            if ((attribute.block() ? dev.plinth.schema.rules.DataRulesCompiler.BLOCK_ATTRIBUTES
                    : dev.plinth.schema.rules.DataRulesCompiler.FIELD_ATTRIBUTES).contains(attribute.name())) {
                continue; // validators, transforms and @@validate are checked by DataRuleRules
            }
            if (attribute.block() && dev.plinth.schema.conventions.ConventionAttributes.NAMES.contains(attribute.name())) {
                continue; // convention attributes are checked by ConventionRules
            }
            if (attribute.block() && attribute.name().equals(dev.plinth.schema.model.LabelSettings.ATTRIBUTE)) {
                continue; // @@labels is checked by LabelRules
            }
            Optional<AttributeSpec> spec = specs.apply(attribute.name());
            if (spec.isEmpty()) {
                unknown(context, attribute);
                continue;
            }
            if (!spec.get().repeatable() && counts.get(attribute.name()) > 1) {
                context.error("Attribute \"@" + attribute.name() + "\" can only be defined once.", attribute.span());
            }
            arguments(context, attribute, spec.get());
        }
    }

    /** {@code @@display("field")}: a string naming a scalar field of the model (Plinth's attribute for display labels). */
    private static void display(ValidationContext context, ModelBlock model, Attribute attribute) {
        attribute.namedOrFirst("field").map(Argument::value).ifPresent(v -> {
            if (!(v instanceof Expression.StringValue text)) {
                context.unexpectedValue("string", v);
                return;
            }
            boolean scalar = model.fields().stream().anyMatch(f -> f.name().text().equals(text.value())
                    && f.type().arity() != dev.plinth.schema.syntax.TypeReference.Arity.LIST
                    && context.ast().modelBlocks().stream().noneMatch(m -> m.name().text().equals(f.type().name().text())));
            if (!scalar) {
                context.error("Error validating model \"" + model.name().text() + "\": @@display names \"" + text.value()
                        + "\", which is not a scalar field of the model.", v.span());
            }
        });
    }

    /** An unknown attribute; a dotted one is a native type written with another datasource's name. */
    private static void unknown(ValidationContext context, Attribute attribute) {
        int dot = attribute.name().indexOf('.');
        if (dot > 0 && !attribute.block() && context.names().datasource().isPresent()) {
            String datasource = context.names().nativeTypePrefix();
            context.error("The prefix " + attribute.name().substring(0, dot) + " is invalid. It must be equal to the name of an"
                    + " existing datasource e.g. " + datasource + ". Did you mean to use " + datasource
                    + attribute.name().substring(dot) + " ?", attribute.nameSpan());
            return;
        }
        context.error("Attribute not known: \"" + attribute.display() + "\".", attribute.nameSpan());
    }

    private static void arguments(ValidationContext context, Attribute attribute, AttributeSpec spec) {
        Set<String> seen = new HashSet<>();
        boolean positionalSeen = false;
        for (Argument argument : attribute.arguments()) {
            String name;
            if (argument.name().isEmpty()) {
                if (positionalSeen || spec.defaultArgument().isEmpty()) {
                    context.error("No such argument.", argument.span());
                    continue;
                }
                positionalSeen = true;
                name = spec.defaultArgument().get();
            } else {
                name = argument.name().get().text();
                if (!spec.named().contains(name) && !spec.defaultArgument().map(name::equals).orElse(false)) {
                    context.error("No such argument.", argument.span());
                    continue;
                }
            }
            if (!seen.add(name)) {
                context.error("Argument \"" + name + "\" is already specified.", argument.span());
            }
        }
        if (spec.required() && !seen.contains(spec.defaultArgument().orElseThrow())) {
            context.error("Argument \"" + spec.defaultArgument().get() + "\" is missing.", attribute.span());
            return;
        }
        if (attribute.name().equals("map") || attribute.name().equals("schema")) {
            attribute.namedOrFirst(spec.defaultArgument().orElseThrow()).map(Argument::value)
                    .filter(v -> !(v instanceof Expression.StringValue))
                    .ifPresent(v -> context.unexpectedValue("string", v));
        }
        for (String stringArgument : List.of("map", "name")) {
            if (spec.named().contains(stringArgument)) {
                attribute.named(stringArgument).map(Argument::value)
                        .filter(v -> !(v instanceof Expression.StringValue))
                        .ifPresent(v -> context.unexpectedValue("string", v));
            }
        }
    }
}
