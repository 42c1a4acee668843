package dev.plinth.schema.validate;

import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code cascadeHardDelete} and {@code cascadeKeep} of {@code generator plinth} (docs/api.md, "Soft delete
 * and cascades"): each is a list of model names; a model in both lists is an error (it must be one or the other);
 * a listed model with no relation marked {@code onDelete: Cascade} is a warning, since the setting then does
 * nothing.
 */
final class CascadeSettingRules implements Rule {

    private static final List<String> SETTINGS = List.of("cascadeHardDelete", "cascadeKeep");

    @Override
    public void check(ValidationContext context) {
        for (ConfigBlock block : context.ast().configBlocks()) {
            if (block.kind() != ConfigBlock.Kind.GENERATOR || !block.name().text().equals("plinth")) {
                continue;
            }
            Map<String, String> listed = new HashMap<>();
            for (String setting : SETTINGS) {
                block.property(setting).ifPresent(p -> names(context, setting, p.value(), listed));
            }
        }
    }

    private static void names(ValidationContext context, String setting, Expression value, Map<String, String> listed) {
        List<Expression> elements = value instanceof Expression.ArrayValue a ? a.elements() : List.of(value);
        for (Expression element : elements) {
            if (!(element instanceof Expression.StringValue s)) {
                context.unexpectedValue("string", element);
                continue;
            }
            Optional<ModelBlock> model = context.ast().modelBlocks().stream()
                    .filter(m -> m.kind() == ModelBlock.Kind.MODEL && m.name().text().equals(s.value())).findFirst();
            if (model.isEmpty()) {
                context.error(setting + " names \"" + s.value() + "\", which is not a model of the schema.", element.span());
                continue;
            }
            String other = listed.putIfAbsent(s.value(), setting);
            if (other != null && !other.equals(setting)) {
                context.error("\"" + s.value() + "\" is in both cascadeHardDelete and cascadeKeep: its rows are either"
                        + " hard-deleted or kept when a row they reference is soft-deleted; keep it in one list.", element.span());
            } else if (!hasCascade(model.get())) {
                context.warning(setting + " names \"" + s.value() + "\", which has no relation with onDelete: Cascade;"
                        + " the setting does nothing for it.", element.span());
            }
        }
    }

    /** True when a relation field of the model holds {@code onDelete: Cascade}. */
    private static boolean hasCascade(ModelBlock model) {
        for (FieldDeclaration f : model.fields()) {
            Optional<Argument> onDelete = f.attribute("relation").flatMap(a -> a.named("onDelete"));
            if (onDelete.isPresent() && onDelete.get().value() instanceof Expression.ConstantValue c && c.text().equals("Cascade")) {
                return true;
            }
        }
        return false;
    }
}
