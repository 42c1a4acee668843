package dev.plinth.schema.spelling;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.resolve.RelationResolver;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Block;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.Identifier;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;
import dev.plinth.schema.model.Span;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The data-model spec's to-one relation without {@code fields}/{@code references}, {@code author User}: Plinth
 * adds the foreign-key field itself, {@code authorId} (the relation field's name and the target's id field's
 * name, its column under the schema's naming, so {@code author_id} with {@code naming = "snake_case"}), of the
 * type of the target's {@code @id}, optional when the relation is, and completes the relation attribute with
 * {@code fields: [authorId], references: [id]}. When the target has no field pointing back, it gets the list
 * field Prisma's formatter would add ({@code Post Post[]}). After this the relation is an ordinary explicit one
 * for the validator, the resolver, migrations and the API.
 *
 * <p>Left to the validator (whose messages say what to write): a one-to-one whose sides both lack {@code fields},
 * two relations between the same models without names, and a relation with several candidate back fields.
 * Source for the default back field and the key names: Prisma's formatter
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations#relation-fields), which writes the same.
 */
final class ImplicitForeignKeys {

    private final SpellingContext context;

    ImplicitForeignKeys(SpellingContext context) {
        this.context = context;
    }

    /** One foreign key to add: the relation field completed, the key fields, and a back field for the target. */
    private record Plan(FieldDeclaration relation, List<FieldDeclaration> keys, Optional<FieldDeclaration> back, String target) {
    }

    /**
     * Completes every implicit to-one relation of the models.
     *
     * @param blocks the blocks, aliases already expanded
     * @return the blocks with the keys, relation attributes and back fields added
     */
    List<Block> apply(List<Block> blocks) {
        Map<String, ModelBlock> models = new LinkedHashMap<>();
        for (Block block : blocks) {
            if (block instanceof ModelBlock m && m.kind() != ModelBlock.Kind.TYPE) {
                models.putIfAbsent(m.name().text(), m);
            }
        }
        Map<FieldDeclaration, Plan> plans = new HashMap<>();
        Map<String, List<FieldDeclaration>> backs = new HashMap<>();
        for (ModelBlock model : models.values()) {
            if (model.kind() != ModelBlock.Kind.MODEL) {
                continue;
            }
            for (FieldDeclaration field : model.fields()) {
                plan(model, field, models, backs).ifPresent(p -> {
                    plans.put(field, p);
                    p.back().ifPresent(b -> backs.computeIfAbsent(p.target(), k -> new ArrayList<>()).add(b));
                });
            }
        }
        if (plans.isEmpty()) {
            return blocks;
        }
        List<Block> out = new ArrayList<>(blocks.size());
        for (Block block : blocks) {
            if (block instanceof ModelBlock m && m.kind() != ModelBlock.Kind.TYPE && models.get(m.name().text()) == m) {
                List<FieldDeclaration> fields = new ArrayList<>();
                for (FieldDeclaration field : m.fields()) {
                    Plan plan = plans.get(field);
                    if (plan == null) {
                        fields.add(field);
                    } else {
                        fields.add(plan.relation());
                        fields.addAll(plan.keys());
                    }
                }
                fields.addAll(backs.getOrDefault(m.name().text(), List.of()));
                out.add(new ModelBlock(m.kind(), m.name(), fields, m.attributes(), m.documentation(), m.span(), m.embedKeyword()));
            } else {
                out.add(block);
            }
        }
        return out;
    }

    private static boolean implicit(FieldDeclaration field, Map<String, ModelBlock> models) {
        return field.type().arity() != TypeReference.Arity.LIST && field.type().unsupported().isEmpty()
                && models.containsKey(field.type().name().text())
                && field.attribute("relation").map(a -> a.named("fields").isEmpty() && a.named("references").isEmpty()).orElse(true);
    }

    private static String relationName(ModelBlock model, FieldDeclaration field) {
        return field.attribute("relation").flatMap(a -> ArgumentValues.string(a, "name"))
                .orElseGet(() -> RelationResolver.defaultName(model.name().text(), field.type().name().text()));
    }

    private Optional<Plan> plan(ModelBlock model, FieldDeclaration field, Map<String, ModelBlock> models,
                                Map<String, List<FieldDeclaration>> backs) {
        if (!implicit(field, models)) {
            return Optional.empty();
        }
        ModelBlock target = models.get(field.type().name().text());
        String name = relationName(model, field);
        String modelName = model.name().text();
        List<FieldDeclaration> siblings = model.fields().stream()
                .filter(f -> f != field && f.type().name().text().equals(target.name().text()) && relationName(model, f).equals(name))
                .toList();
        boolean self = target == model;
        if (!self && !siblings.isEmpty() || self && siblings.size() > 1) {
            return Optional.empty(); // ambiguous: the validator asks for relation names
        }
        List<FieldDeclaration> candidates = self ? siblings : target.fields().stream()
                .filter(f -> f.type().name().text().equals(modelName) && relationName(target, f).equals(name)).toList();
        if (candidates.size() > 1) {
            return Optional.empty();
        }
        Optional<FieldDeclaration> back = candidates.stream().findFirst();
        if (back.isPresent() && back.get().type().arity() != TypeReference.Arity.LIST) {
            return Optional.empty(); // a one-to-one: either the other side holds the key, or the validator asks which
        }
        List<FieldDeclaration> ids = ids(target);
        if (ids.isEmpty()) {
            context.error("The relation field `" + field.name().text() + "` names no `fields`, and `" + target.name().text()
                    + "` has no `@id` for Plinth to reference: write `@relation(fields: […], references: […])` naming a"
                    + " unique field of `" + target.name().text() + "`.", field.span());
            return Optional.empty();
        }
        List<FieldDeclaration> keys = new ArrayList<>();
        List<FieldDeclaration> added = new ArrayList<>();
        for (FieldDeclaration id : ids) {
            String keyName = field.name().text() + capitalized(id.name().text());
            TypeReference.Arity arity = field.type().arity() == TypeReference.Arity.OPTIONAL
                    ? TypeReference.Arity.OPTIONAL : TypeReference.Arity.REQUIRED;
            Optional<FieldDeclaration> existing = model.field(keyName);
            if (existing.isPresent()) {
                if (!existing.get().type().name().text().equals(id.type().name().text())
                        || existing.get().type().arity() == TypeReference.Arity.LIST) {
                    context.error("Plinth would add the foreign key `" + keyName + " " + id.type().name().text()
                            + "` for the relation field `" + field.name().text() + "`, but `" + modelName + "` already has a field `"
                            + keyName + "` of type `" + context.text(existing.get().type().span()) + "`: rename it, or write"
                            + " `@relation(fields: […], references: […])`.", field.span());
                    return Optional.empty();
                }
                keys.add(existing.get());
                continue;
            }
            List<Attribute> nativeType = id.attributes().stream().filter(a -> a.name().contains(".")).toList();
            FieldDeclaration key = new FieldDeclaration(new Identifier(keyName, field.name().span()),
                    new TypeReference(new Identifier(id.type().name().text(), field.type().name().span()), arity, Optional.empty(),
                            field.type().span()),
                    nativeType, Optional.of("Foreign key of `" + field.name().text() + "`, added by Plinth."), field.span());
            keys.add(key);
            added.add(key);
        }
        Attribute relation = relationAttribute(field, keys, ids);
        List<Attribute> attributes = new ArrayList<>();
        boolean replaced = false;
        for (Attribute attribute : field.attributes()) {
            if (attribute.name().equals("relation") && !replaced) {
                attributes.add(relation);
                replaced = true;
            } else {
                attributes.add(attribute);
            }
        }
        if (!replaced) {
            attributes.add(relation);
        }
        FieldDeclaration completed = new FieldDeclaration(field.name(), field.type(), attributes, field.documentation(), field.span());
        Optional<FieldDeclaration> backField = back.isPresent() ? Optional.empty()
                : Optional.of(backField(model, field, target, backs));
        edits(field, relation, added, backField, target);
        String keyList = keys.stream().map(k -> k.name().text()).collect(Collectors.joining(", "));
        String refList = ids.stream().map(k -> k.name().text()).collect(Collectors.joining(", "));
        context.note("`" + field.name().text() + " " + context.text(field.type().span()) + "` names no foreign key, as the"
                + " data-model spec allows: Plinth " + (added.isEmpty() ? "uses the field" : "adds the field")
                + (keys.size() == 1 ? " `" : "s `") + keys.stream().map(k -> k.name().text() + " " + context.text(k.type().span()).replace(
                        field.type().name().text(), k.type().name().text())).collect(Collectors.joining("`, `")) + "` referencing `"
                + target.name().text() + "." + refList + "`" + backField.map(b -> " and the back-relation field `" + b.name().text()
                + " " + modelName + "[]` on `" + target.name().text() + "`").orElse("") + "; today's Prisma writes `"
                + field.name().text() + " " + context.text(field.type().span()) + " @relation(" + relationArguments(field, keyList, refList)
                + ")`.", field.span());
        return Optional.of(new Plan(completed, added, backField, target.name().text()));
    }

    private static List<FieldDeclaration> ids(ModelBlock target) {
        for (FieldDeclaration f : target.fields()) {
            if (f.attribute("id").isPresent()) {
                return List.of(f);
            }
        }
        return target.attribute("id")
                .map(a -> ArgumentValues.fieldNames(a.namedOrFirst("fields")).stream().map(target::field)
                        .flatMap(Optional::stream).toList())
                .orElse(List.of());
    }

    private static String capitalized(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static Attribute relationAttribute(FieldDeclaration field, List<FieldDeclaration> keys, List<FieldDeclaration> ids) {
        Optional<Attribute> written = field.attribute("relation");
        Span span = written.map(Attribute::span).orElse(field.type().span());
        List<Argument> arguments = new ArrayList<>(written.map(Attribute::arguments).orElse(List.of()));
        arguments.add(new Argument(Optional.of(new Identifier("fields", span)), new Expression.ArrayValue(
                keys.stream().<Expression>map(k -> new Expression.ConstantValue(k.name().text(), span)).toList(), span), span));
        arguments.add(new Argument(Optional.of(new Identifier("references", span)), new Expression.ArrayValue(
                ids.stream().<Expression>map(k -> new Expression.ConstantValue(k.name().text(), span)).toList(), span), span));
        return new Attribute("relation", false, arguments, written.map(Attribute::nameSpan).orElse(span), span);
    }

    private String relationArguments(FieldDeclaration field, String keyList, String refList) {
        String written = field.attribute("relation").map(a -> a.arguments().stream().map(Spelled::argument)
                .collect(Collectors.joining(", "))).orElse("");
        return (written.isEmpty() ? "" : written + ", ") + "fields: [" + keyList + "], references: [" + refList + "]";
    }

    private FieldDeclaration backField(ModelBlock model, FieldDeclaration field, ModelBlock target,
                                       Map<String, List<FieldDeclaration>> backs) {
        String modelName = model.name().text();
        List<FieldDeclaration> pending = backs.getOrDefault(target.name().text(), List.of());
        String name = modelName;
        if (target.field(name).isPresent() || pending.stream().anyMatch(b -> b.name().text().equals(modelName))) {
            name = modelName + capitalized(field.name().text());
        }
        List<Attribute> attributes = field.attribute("relation").flatMap(a -> ArgumentValues.string(a, "name"))
                .map(n -> List.of(new Attribute("relation", false, List.of(new Argument(Optional.empty(),
                        new Expression.StringValue(n, field.span()), field.span())), field.span(), field.span())))
                .orElse(List.of());
        return new FieldDeclaration(new Identifier(name, field.name().span()),
                new TypeReference(new Identifier(modelName, field.type().name().span()), TypeReference.Arity.LIST, Optional.empty(),
                        field.type().span()),
                attributes, Optional.of("Back-relation of `" + modelName + "." + field.name().text() + "`, added by Plinth."),
                field.span());
    }

    /** Writes the key, the relation's arguments and the back field into the text in today's spelling. */
    private void edits(FieldDeclaration field, Attribute relation, List<FieldDeclaration> added, Optional<FieldDeclaration> back,
                       ModelBlock target) {
        TextEdits edits = context.edits();
        Optional<Attribute> written = field.attribute("relation");
        String keyArguments = relation.arguments().subList(relation.arguments().size() - 2, relation.arguments().size()).stream()
                .map(Spelled::argument).collect(Collectors.joining(", "));
        if (written.isEmpty()) {
            edits.insert(field.type().span().endOffset(), " @relation(" + keyArguments + ")");
        } else if (context.text(written.get().span()).endsWith(")")) {
            int close = written.get().span().endOffset() - 1;
            edits.insert(close, (written.get().arguments().isEmpty() ? "" : ", ") + keyArguments);
        } else {
            edits.insert(written.get().span().endOffset(), "(" + keyArguments + ")");
        }
        String indent = edits.indentation(field.span().startOffset());
        for (FieldDeclaration key : added) {
            edits.insert(edits.lineEnd(field.span().endOffset()), "\n" + indent + declaration(key));
        }
        back.ifPresent(b -> {
            FieldDeclaration last = target.fields().getLast();
            edits.insert(edits.lineEnd(last.span().endOffset()), "\n" + edits.indentation(last.span().startOffset()) + declaration(b));
        });
    }

    private static String declaration(FieldDeclaration field) {
        String arity = switch (field.type().arity()) {
            case OPTIONAL -> "?";
            case LIST -> "[]";
            case REQUIRED -> "";
        };
        String attributes = field.attributes().stream().map(Spelled::attribute).collect(Collectors.joining(" "));
        return field.name().text() + " " + field.type().name().text() + arity + (attributes.isEmpty() ? "" : " " + attributes);
    }
}
