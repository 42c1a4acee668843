package dev.plinth.schema.spelling;

import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Block;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.Identifier;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.SchemaAst;
import dev.plinth.schema.syntax.TypeAliasBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The data-model spec's type aliases, {@code type Numeric = Float @pg.numeric(10, 2)}: a field of type
 * {@code Numeric} gets the base type and the alias's attributes (its own attributes of the same name win). The
 * spec's {@code Float} with a numeric native type is today's {@code Decimal} (Prisma allows {@code @db.Decimal}
 * on Decimal fields only), so such an alias gives Decimal fields on every database. An alias names a scalar
 * type or an enum, without {@code ?} or {@code []} (the field carries those). Composite {@code type X { … }}
 * blocks are something else and are left alone.
 */
final class TypeAliases {

    /**
     * One usable alias.
     *
     * @param block      as written
     * @param baseType   the type its fields get
     * @param attributes its attributes in today's spelling
     */
    record Alias(TypeAliasBlock block, String baseType, List<Attribute> attributes) {
    }

    private final SpellingContext context;
    private final Map<String, Alias> aliases = new HashMap<>();

    TypeAliases(SchemaAst ast, SpellingContext context, AttributeSpellings spellings) {
        this.context = context;
        Set<String> declared = new HashSet<>();
        Set<String> enums = new HashSet<>();
        for (Block block : ast.blocks()) {
            if (block instanceof ModelBlock || block instanceof EnumBlock) {
                declared.add(block.name().text());
            }
            if (block instanceof EnumBlock) {
                enums.add(block.name().text());
            }
        }
        for (Block block : ast.blocks()) {
            if (block instanceof TypeAliasBlock alias) {
                context.edits().cutLines(alias.span().startOffset(), alias.span().endOffset());
                read(alias, declared, enums, spellings);
            }
        }
    }

    private void read(TypeAliasBlock alias, Set<String> declared, Set<String> enums, AttributeSpellings spellings) {
        String name = alias.name().text();
        if (ScalarType.fromPrismaName(name).isPresent() || name.equals("Unsupported") || declared.contains(name)
                || aliases.containsKey(name)) {
            context.error("The type alias `" + name + "` has the name of a " + (declared.contains(name) || aliases.containsKey(name)
                    ? "model, enum, type or alias declared elsewhere" : "built-in type") + "; give it a name of its own.",
                    alias.name().span());
            return;
        }
        TypeReference base = alias.base();
        String baseName = base.name().text();
        if (base.unsupported().isPresent() || (ScalarType.fromPrismaName(baseName).isEmpty() && !enums.contains(baseName))) {
            context.error("The type alias `" + name + "` stands for `" + context.text(base.span()) + "`, which is neither a"
                    + " scalar type nor an enum; an alias names one of those (models, composite types and other aliases are"
                    + " not allowed).", base.span());
            return;
        }
        if (base.arity() != TypeReference.Arity.REQUIRED) {
            context.error("A type alias stands for a single value: write `?` or `[]` on the field (`price " + name
                    + "?`), not in the alias.", base.span());
            return;
        }
        List<Attribute> attributes = spellings.field(alias.attributes(), baseName, false);
        boolean decimal = baseName.equals("Float") && attributes.stream()
                .anyMatch(a -> a.name().equals(context.nativePrefix() + ".Decimal"))
                || baseName.equals("Float") && alias.attributes().stream().anyMatch(a -> PostgresTypeNames.isSpec(a)
                && PostgresTypeNames.prismaName(a.name().substring(PostgresTypeNames.PREFIX.length())).filter("Decimal"::equals).isPresent());
        String effective = decimal ? "Decimal" : baseName;
        Alias read = new Alias(alias, effective, attributes);
        aliases.put(name, read);
        context.note("`" + context.text(alias.span()) + "` is a type alias of the data-model spec, which today's Prisma does"
                + " not have: Plinth gives each field of type `" + name + "` the type `" + expansion(read) + "`"
                + (decimal ? " (a Float with a numeric native type is today's Decimal)" : "") + ".", alias.span());
    }

    private static String expansion(Alias alias) {
        return alias.attributes().isEmpty() ? alias.baseType()
                : alias.baseType() + " " + alias.attributes().stream().map(Spelled::attribute).collect(Collectors.joining(" "));
    }

    /**
     * Finds the alias a field's type names.
     *
     * @param field the field as written
     * @return the alias, or empty when the type is not an alias
     */
    Optional<Alias> of(FieldDeclaration field) {
        return field.type().unsupported().isPresent() ? Optional.empty() : Optional.ofNullable(aliases.get(field.type().name().text()));
    }

    /**
     * Expands a field of an alias's type: the base type with the field's arity, the field's attributes, then the
     * alias's attributes the field does not override (a native type on the field overrides the alias's).
     *
     * @param field the field as written
     * @param alias its type's alias
     * @return the field with the base type
     */
    FieldDeclaration expand(FieldDeclaration field, Alias alias) {
        TypeReference type = field.type();
        TypeReference base = new TypeReference(new Identifier(alias.baseType(), type.name().span()), type.arity(), Optional.empty(),
                type.span());
        boolean ownNative = field.attributes().stream().anyMatch(a -> a.name().contains("."));
        List<Attribute> added = new ArrayList<>();
        for (Attribute attribute : alias.attributes()) {
            boolean overridden = attribute.name().contains(".") ? ownNative
                    : field.attributes().stream().anyMatch(a -> a.name().equals(attribute.name())
                    || a.name().equals("field") && attribute.name().equals("map")
                    || a.name().equals("createdAt") && attribute.name().equals("default"));
            if (!overridden) {
                added.add(attribute);
            }
        }
        List<Attribute> attributes = new ArrayList<>(field.attributes());
        attributes.addAll(added);
        context.edits().replace(type.name().span().startOffset(), type.name().span().endOffset(), alias.baseType());
        if (!added.isEmpty()) {
            context.edits().insert(field.span().endOffset(),
                    " " + added.stream().map(Spelled::attribute).collect(Collectors.joining(" ")));
        }
        return new FieldDeclaration(field.name(), base, attributes, field.documentation(), field.span());
    }
}
