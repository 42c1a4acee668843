package dev.plinth.schema.resolve;

import dev.plinth.schema.model.CompositeType;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.NativeType;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.List;
import java.util.Optional;

/**
 * Resolves composite type blocks ({@code type Name { … }}, {@code embed Name { … }}, inline embeds) into
 * {@link CompositeType}s. A field's document key is its {@code @map} or its name: the schema's physical
 * naming ({@code naming} in {@code generator plinth}) names tables and columns, not keys inside documents,
 * as Prisma's {@code @map} on a composite type field names the key in MongoDB
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#map).
 */
final class CompositeTypeResolver {

    private final ModelResolver types;

    CompositeTypeResolver(ModelResolver types) {
        this.types = types;
    }

    /**
     * Resolves every composite type of a schema.
     *
     * @param names the schema's names
     * @return the types, in declaration order
     */
    List<CompositeType> resolve(SchemaNames names) {
        return names.types().values().stream().map(this::resolve).toList();
    }

    private CompositeType resolve(ModelBlock block) {
        return new CompositeType(block.name().text(), block.fields().stream().map(this::field).toList(),
                block.documentation(), block.span());
    }

    private Field field(FieldDeclaration declaration) {
        String name = declaration.name().text();
        FieldType type = types.type(declaration.type());
        Optional<String> mapped = declaration.attribute("map").flatMap(a -> ArgumentValues.string(a, "name"));
        String key = mapped.orElse(name);
        Optional<DefaultValue> defaultValue = declaration.attribute("default")
                .flatMap(a -> a.namedOrFirst("value"))
                .flatMap(a -> DefaultValueReader.read(a.value(), type instanceof FieldType.EnumRef))
                .map(d -> type instanceof FieldType.Scalar s && s.scalar() == ScalarType.DECIMAL ? DefaultValueReader.decimal(d) : d);
        TypeReference.Arity arity = declaration.type().arity();
        Optional<NativeType> nativeType = Optional.empty(); // a document has no column type
        return new Field(name, key, type, arity == TypeReference.Arity.OPTIONAL, arity == TypeReference.Arity.LIST,
                defaultValue, false, false, false, declaration.attribute("ignore").isPresent(), nativeType, Optional.empty(),
                declaration.documentation(), declaration.span(), mapped.isPresent(), key);
    }
}
