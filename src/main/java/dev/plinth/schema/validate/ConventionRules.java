package dev.plinth.schema.validate;

import dev.plinth.schema.conventions.ConventionAttributes;
import dev.plinth.schema.conventions.ConventionSettings;
import dev.plinth.schema.model.Convention;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks Plinth's convention settings and attributes (docs/schema.md, "Conventions"): the
 * {@code conventions}, {@code audit_fields} and {@code audit_names} settings of {@code generator plinth};
 * {@code @@owner(field)}, {@code @@softDelete(field)}, {@code @@tenant(field, claim: "…")} name a scalar
 * field of the model (a soft-delete field an optional DateTime); {@code @@conventions(false)} or
 * {@code @@conventions(owner: false, …)} takes booleans; {@code @@openRead} takes nothing. (Fields spelled
 * like a convention but not treated as one are reported by {@code plinth validate} through
 * {@link dev.plinth.schema.conventions.ConventionHints}, not here: they are advice, and a schema without
 * Plinth's settings keeps exactly Prisma's warnings.)
 */
final class ConventionRules implements Rule {

    private static final Set<String> SCALARS = Set.of("String", "Boolean", "Int", "BigInt", "Float", "Decimal",
            "DateTime", "Json", "Bytes");

    @Override
    public void check(ValidationContext context) {
        Optional<ConfigBlock> plinth = context.ast().configBlocks().stream()
                .filter(b -> b.kind() == ConfigBlock.Kind.GENERATOR && b.name().text().equals("plinth")).findFirst();
        plinth.ifPresent(b -> settings(context, b));
        for (ModelBlock model : context.ast().modelBlocks()) {
            for (Attribute a : model.attributes()) {
                if (!ConventionAttributes.NAMES.contains(a.name())) {
                    continue;
                }
                if (model.attributes(a.name()).size() > 1) {
                    context.error("Attribute \"@@" + a.name() + "\" can only be defined once.", a.span());
                }
                switch (a.name()) {
                    case ConventionAttributes.OWNER -> fieldAttribute(context, model, a, Set.of(), false);
                    case ConventionAttributes.SOFT_DELETE -> fieldAttribute(context, model, a, Set.of(), true);
                    case ConventionAttributes.TENANT -> fieldAttribute(context, model, a, Set.of("claim"), false);
                    case ConventionAttributes.CONVENTIONS -> conventions(context, a);
                    default -> openRead(context, model, a);
                }
            }
        }
    }

    private static Optional<String> text(ConfigBlock block, String name) {
        return block.property(name).map(ConfigBlock.ConfigProperty::value).flatMap(v -> switch (v) {
            case Expression.StringValue s -> Optional.of(s.value());
            case Expression.ConstantValue c -> Optional.of(c.text());
            default -> Optional.empty();
        });
    }

    private static void settings(ValidationContext context, ConfigBlock block) {
        oneOf(context, block, ConventionSettings.CONVENTIONS, List.of(ConventionSettings.EXACT, ConventionSettings.ANY_SPELLING));
        oneOf(context, block, ConventionSettings.AUDIT_FIELDS, List.of("true", "false"));
        oneOf(context, block, ConventionSettings.AUDIT_NAMES, List.of("standard", "quickback"));
    }

    private static void oneOf(ValidationContext context, ConfigBlock block, String name, List<String> allowed) {
        block.property(name).ifPresent(p -> {
            Optional<String> value = text(block, name);
            if (value.isEmpty() || !allowed.contains(value.get())) {
                context.error("The setting `" + name + "` of generator plinth must be one of " + quoted(allowed)
                        + ", not `" + context.raw(p.value()) + "`.", p.value().span());
            }
        });
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> v.equals("true") || v.equals("false") ? v : "\"" + v + "\"").toList());
    }

    /** {@code @@owner(field)}, {@code @@softDelete(field)}, {@code @@tenant(field, claim: "…")}. */
    private static void fieldAttribute(ValidationContext context, ModelBlock model, Attribute a, Set<String> named,
                                       boolean softDelete) {
        String usage = "@@" + a.name() + "(field" + (named.contains("claim") ? ", claim: \"org_id\"" : "") + ")";
        for (Argument arg : a.arguments()) {
            if (arg.name().isPresent() && !arg.name().get().text().equals("field") && !named.contains(arg.name().get().text())) {
                context.error("No such argument `" + arg.name().get().text() + "` for @@" + a.name() + "; write " + usage + ".",
                        arg.span());
            }
        }
        if (a.arguments().stream().filter(arg -> arg.name().isEmpty()).count() > 1) {
            context.error("@@" + a.name() + " takes one field; write " + usage + ".", a.span());
        }
        a.named("claim").ifPresent(c -> {
            if (!(c.value() instanceof Expression.StringValue s) || s.value().isBlank()) {
                context.error("The claim of @@tenant is a non-empty string, e.g. claim: \"org_id\".", c.value().span());
            }
        });
        Optional<Argument> arg = a.namedOrFirst("field");
        if (arg.isEmpty()) {
            context.error("@@" + a.name() + " names a field of the model; write " + usage + ".", a.span());
            return;
        }
        if (!(arg.get().value() instanceof Expression.ConstantValue ref)) {
            context.error("@@" + a.name() + " names a field of the model without quotes; write " + usage + ".", arg.get().value().span());
            return;
        }
        Optional<FieldDeclaration> field = model.field(ref.text());
        if (field.isEmpty()) {
            context.error("Error validating model \"" + model.name().text() + "\": @@" + a.name() + " names \"" + ref.text()
                    + "\", which is not a field of the model.", ref.span());
            return;
        }
        TypeReference type = field.get().type();
        if (!SCALARS.contains(type.name().text()) || type.arity() == TypeReference.Arity.LIST) {
            context.error("Error validating model \"" + model.name().text() + "\": @@" + a.name() + " names \"" + ref.text()
                    + "\", which is not a single-valued scalar field (it is " + type.name().text()
                    + (type.arity() == TypeReference.Arity.LIST ? "[]" : "") + ").", ref.span());
            return;
        }
        if (softDelete && (!type.name().text().equals("DateTime") || type.arity() != TypeReference.Arity.OPTIONAL)) {
            context.error("Error validating model \"" + model.name().text() + "\": @@softDelete names \"" + ref.text()
                    + "\", which must be an optional DateTime (DateTime?): NULL marks a live row.", ref.span());
        }
    }

    /** {@code @@conventions(false)} or {@code @@conventions(owner: false, timestamps: false, …)}. */
    private static void conventions(ValidationContext context, Attribute a) {
        if (a.arguments().isEmpty()) {
            context.error("@@conventions takes false (every convention off) or named groups, e.g. @@conventions(owner: false);"
                    + " the groups are " + String.join(", ", Convention.GROUPS) + ".", a.span());
        }
        for (Argument arg : a.arguments()) {
            if (!(arg.value() instanceof Expression.ConstantValue c) || !(c.text().equals("true") || c.text().equals("false"))) {
                context.unexpectedValue("boolean", arg.value());
                continue;
            }
            if (arg.name().isEmpty()) {
                if (a.arguments().size() > 1) {
                    context.error("@@conventions takes either one unnamed boolean or named groups, not both.", arg.span());
                }
            } else if (!Convention.GROUPS.contains(arg.name().get().text())) {
                context.error("No such convention group `" + arg.name().get().text() + "` for @@conventions; the groups are "
                        + String.join(", ", Convention.GROUPS) + ".", arg.name().get().span());
            }
        }
    }

    /** {@code @@openRead}: no arguments; on a model without an owner it does nothing, which is worth a warning. */
    private static void openRead(ValidationContext context, ModelBlock model, Attribute a) {
        if (!a.arguments().isEmpty()) {
            context.error("@@" + a.name() + " takes no arguments.", a.span());
            return;
        }
        boolean anySpelling = ConventionSettings.anySpelling(context.ast());
        ConventionAttributes attrs = ConventionAttributes.of(model);
        boolean owner = attrs.owner().isPresent() || (!attrs.disabled().contains(Convention.OWNER.group())
                && model.fields().stream().anyMatch(f -> {
                    String column = f.attribute("map").flatMap(m -> m.namedOrFirst("name")).map(Argument::value)
                            .filter(v -> v instanceof Expression.StringValue).map(v -> ((Expression.StringValue) v).value())
                            .orElse(f.name().text());
                    return column.equals(Convention.OWNER.column()) || (anySpelling
                            && (Convention.bySpelling(f.name().text()).or(() -> Convention.bySpelling(column))
                            .filter(c -> c == Convention.OWNER).isPresent()));
                }));
        if (!owner) {
            context.warning("@@openRead on model \"" + model.name().text() + "\" does nothing: the model has no owner field"
                    + " (user_id, or @@owner(field)), so every caller reads and writes all of its rows.", a.span());
        }
    }

}
