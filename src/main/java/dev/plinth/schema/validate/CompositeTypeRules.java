package dev.plinth.schema.validate;

import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks composite types, which Plinth stores as JSON documents (docs/schema.md, "Composite types"):
 * <ul>
 *   <li>the Prisma data-model spec's spelling ({@code embed Name { … }}, inline {@code field embed { … }}) is read
 *       as a composite type, with a warning naming today's spelling, {@code type Name { … }}
 *       (https://github.com/prisma/specs, "Embeds"; Prisma schema reference, "type");</li>
 *   <li>a type's fields are scalars, enums or other composite types, never a model or {@code Unsupported("…")};
 *       they take {@code @default} (a literal, a list of literals, {@code now()}, {@code uuid()}, {@code cuid()},
 *       {@code nanoid()}, {@code ulid()}), {@code @map} (the document's key) and {@code @ignore}, not
 *       {@code @id}, {@code @unique}, {@code @relation}, {@code @updatedAt}, native types or block attributes
 *       other than {@code @@validate} (Plinth's data rules, checked on each document of the type),
 *       as in Prisma's composite types (https://www.prisma.io/docs/orm/prisma-schema/data-model/models#defining-composite-types);</li>
 *   <li>a type cannot hold itself through required fields (no finite document would fit);</li>
 *   <li>a model's composite field takes no {@code @id}, {@code @unique}, {@code @default}, {@code @updatedAt} or
 *       native type: it is a document, not a key.</li>
 * </ul>
 */
final class CompositeTypeRules implements Rule {

    private static final Set<String> TYPE_FIELD_ATTRIBUTES_REFUSED = Set.of("id", "unique", "relation", "updatedAt");
    private static final Set<String> MODEL_FIELD_ATTRIBUTES_REFUSED = Set.of("id", "unique", "default", "updatedAt");
    private static final Set<String> COMPUTED_DEFAULTS = Set.of("now", "uuid", "cuid", "nanoid", "ulid");

    @Override
    public void check(ValidationContext context) {
        String nativePrefix = context.names().nativeTypePrefix() + ".";
        for (ModelBlock block : context.ast().modelBlocks()) {
            if (block.kind() == ModelBlock.Kind.TYPE) {
                spelling(context, block);
                typeBlock(context, block, nativePrefix);
            } else {
                for (FieldDeclaration field : block.fields()) {
                    if (context.names().types().containsKey(field.type().name().text())) {
                        modelField(context, block, field, nativePrefix);
                    }
                }
            }
        }
        cycles(context);
    }

    private static void spelling(ValidationContext context, ModelBlock block) {
        block.embedKeyword().ifPresent(keyword -> {
            // an inline embed is named after its field, which comes before the keyword
            boolean inline = block.name().span().startOffset() < keyword.startOffset();
            context.warning(inline
                    ? "An inline `embed { … }` is the Prisma data-model spec's spelling of a composite type; today's Prisma"
                    + " declares `type " + block.name().text() + " { … }` and gives the field that type. Plinth reads it"
                    + " as composite type \"" + block.name().text() + "\"."
                    : "`embed " + block.name().text() + "` is the Prisma data-model spec's spelling; today's Prisma spells"
                    + " it `type " + block.name().text() + " { … }`. Plinth reads both as the same composite type.", keyword);
        });
    }

    private static void typeBlock(ValidationContext context, ModelBlock block, String nativePrefix) {
        String where = "composite type \"" + block.name().text() + "\"";
        for (Attribute attribute : block.attributes()) {
            if (dev.plinth.schema.rules.DataRulesCompiler.BLOCK_ATTRIBUTES.contains(attribute.name())) {
                continue; // @@validate: a rule on each document of the type, checked by DataRuleRules
            }
            context.error("Composite types take no block attributes: `@@" + attribute.name() + "` cannot be used on "
                    + where + ".", attribute.span());
        }
        for (FieldDeclaration field : block.fields()) {
            String type = field.type().name().text();
            if (context.names().models().containsKey(type)) {
                context.error("Field \"" + field.name().text() + "\" of " + where + " refers to model \"" + type
                        + "\": a composite type is stored as a JSON document and cannot hold relations.", field.type().span());
            }
            if (field.type().unsupported().isPresent()) {
                context.error("Field \"" + field.name().text() + "\" of " + where + " cannot be `Unsupported(…)`: a document"
                        + " holds only scalars, enums and composite types.", field.type().span());
            }
            for (Attribute attribute : field.attributes()) {
                if (TYPE_FIELD_ATTRIBUTES_REFUSED.contains(attribute.name())) {
                    context.error("The attribute `@" + attribute.name() + "` cannot be used on fields of composite types.",
                            attribute.span());
                } else if (attribute.name().startsWith(nativePrefix)) {
                    context.error("Native type attributes cannot be used on fields of composite types: the field is a key"
                            + " of a JSON document, not a column.", attribute.span());
                }
            }
            field.attribute("default").ifPresent(d -> typeDefault(context, field, d));
        }
    }

    private static void typeDefault(ValidationContext context, FieldDeclaration field, Attribute attribute) {
        Optional<Expression> value = attribute.namedOrFirst("value").map(a -> a.value());
        if (value.isPresent() && value.get() instanceof Expression.FunctionCall call && !COMPUTED_DEFAULTS.contains(call.name())) {
            context.error("The default `" + call.name() + "()` cannot be used in a composite type: a document's defaults are"
                    + " literals, lists of literals, now(), uuid(), cuid(), nanoid() or ulid(), filled in by Plinth when a"
                    + " document is written.", call.span());
        }
        if (context.names().types().containsKey(field.type().name().text())) {
            context.error("A field whose type is a composite type cannot have a default.", attribute.span());
        }
    }

    private static void modelField(ValidationContext context, ModelBlock block, FieldDeclaration field, String nativePrefix) {
        for (Attribute attribute : field.attributes()) {
            if (MODEL_FIELD_ATTRIBUTES_REFUSED.contains(attribute.name())) {
                context.error("The attribute `@" + attribute.name() + "` cannot be used on field \"" + field.name().text()
                        + "\" of " + block.kind().keyword() + " \"" + block.name().text() + "\": its type is composite type \""
                        + field.type().name().text() + "\", stored as a JSON document.", attribute.span());
            } else if (attribute.name().startsWith(nativePrefix)) {
                context.error("A composite field is stored as JSON (jsonb on PostgreSQL): it takes no native type attribute.",
                        attribute.span());
            }
        }
    }

    /**
     * Refuses a type that holds itself through required, non-list fields: no document could be written. One
     * depth-first walk over the types (each visited once), reporting each cycle once, at the field that closes it.
     */
    private static void cycles(ValidationContext context) {
        java.util.Map<String, Integer> state = new java.util.HashMap<>(); // 1: on the current path, 2: done
        for (ModelBlock block : context.names().types().values()) {
            walk(context, block, state, new java.util.ArrayList<>());
        }
    }

    private static void walk(ValidationContext context, ModelBlock block, java.util.Map<String, Integer> state,
                             List<FieldDeclaration> path) {
        if (state.containsKey(block.name().text())) {
            return;
        }
        state.put(block.name().text(), 1);
        for (FieldDeclaration field : block.fields()) {
            String type = field.type().name().text();
            ModelBlock next = context.names().types().get(type);
            if (next == null || field.type().arity() != TypeReference.Arity.REQUIRED || field.attribute("default").isPresent()) {
                continue;
            }
            path.add(field);
            if (Integer.valueOf(1).equals(state.get(type))) {
                // the cycle runs from the field that left `type` to this one
                int from = 0;
                for (int i = 0; i < path.size(); i++) {
                    if (context.names().types().get(type).fields().contains(path.get(i))) {
                        from = i;
                        break;
                    }
                }
                List<FieldDeclaration> cycle = path.subList(from, path.size());
                context.error("Composite type \"" + type + "\" holds itself through required fields ("
                        + String.join(" → ", cycle.stream().map(f -> f.name().text()).toList()) + "): no document could be"
                        + " written. Make one of these fields optional (`?`) or a list (`[]`).", cycle.get(0).span());
            } else {
                walk(context, next, state, path);
            }
            path.remove(path.size() - 1);
        }
        state.put(block.name().text(), 2);
    }
}
