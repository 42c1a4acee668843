package dev.plinth.schema.validate;

import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks {@code @@schema} (PostgreSQL multi-schema): each names a schema listed in the datasource's
 * {@code schemas}, and once {@code schemas} is set, every model, view and enum names its schema.
 * Source: Prisma docs, "Multi-schema" (https://www.prisma.io/docs/orm/prisma-schema/data-model/multi-schema).
 */
final class SchemaAttributeRules implements Rule {

    private static final String NOT_DEFINED =
            "This schema is not defined in the datasource. Read more on `@@schema` at https://pris.ly/d/multi-schema";

    @Override
    public void check(ValidationContext context) {
        Optional<ConfigBlock.ConfigProperty> property = context.names().datasource().flatMap(d -> d.property("schemas"));
        Set<String> declared = new HashSet<>();
        property.ifPresent(p -> {
            List<Expression> elements = p.value() instanceof Expression.ArrayValue a ? a.elements() : List.of(p.value());
            elements.forEach(e -> {
                if (e instanceof Expression.StringValue s) {
                    declared.add(s.value());
                }
            });
        });
        for (ModelBlock model : context.ast().modelBlocks()) {
            if (model.kind() == ModelBlock.Kind.TYPE) {
                continue;
            }
            Optional<Attribute> schema = model.attribute("schema");
            schema.ifPresent(a -> known(context, a, declared));
            if (schema.isEmpty() && property.isPresent()) {
                String kind = model.kind().keyword();
                context.error("Error validating " + kind + " \"" + model.name().text() + "\": This " + kind
                        + " is missing an `@@schema` attribute.", model.span());
            }
        }
        for (EnumBlock enumBlock : context.ast().enumBlocks()) {
            Optional<Attribute> schema = enumBlock.attribute("schema");
            schema.ifPresent(a -> known(context, a, declared));
            if (schema.isEmpty() && property.isPresent()) {
                context.error("This enum is missing an `@@schema` attribute.", enumBlock.span());
            }
        }
    }

    private static void known(ValidationContext context, Attribute attribute, Set<String> declared) {
        attribute.namedOrFirst("map").map(a -> a.value()).ifPresent(value -> {
            if (value instanceof Expression.StringValue s && !declared.contains(s.value())) {
                context.error(NOT_DEFINED, value.span());
            }
        });
    }
}
