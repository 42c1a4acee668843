package dev.plinth.schema.validate;

import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks native type attributes ({@code @db.VarChar(255)}): the type exists for the database, fits the
 * field's Prisma type, and its arguments are nonnegative integers.
 * Source: Prisma schema reference, "Model field scalar types" with the native type mappings per
 * connector (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#model-field-scalar-types).
 */
final class NativeTypeRules implements Rule {

    /**
     * A native type: the Prisma types it can back and how many arguments it takes.
     *
     * @param scalars      Prisma types the native type maps to
     * @param maxArguments the most arguments it takes
     */
    private record NativeType(Set<String> scalars, int maxArguments) {
    }

    private static final Map<String, NativeType> POSTGRES = postgres();
    private static final Map<String, NativeType> MYSQL = mysql();

    @Override
    public void check(ValidationContext context) {
        if (context.names().datasource().isEmpty()) {
            return;
        }
        String prefix = context.names().nativeTypePrefix() + ".";
        for (ModelBlock model : context.ast().modelBlocks()) {
            for (FieldDeclaration field : model.fields()) {
                for (Attribute attribute : field.attributes()) {
                    if (attribute.name().startsWith(prefix)) {
                        check(context, field, attribute, attribute.name().substring(prefix.length()));
                    }
                }
            }
        }
    }

    private static void check(ValidationContext context, FieldDeclaration field, Attribute attribute, String name) {
        Map<String, NativeType> known = context.isPostgres() ? POSTGRES : context.isMysql() ? MYSQL : null;
        if (known == null) {
            context.error("Native types are not supported with " + context.provider() + " connector", attribute.span());
            return;
        }
        Optional<NativeType> nativeType = Optional.ofNullable(known.get(name));
        if (nativeType.isEmpty()) {
            context.error("Native type " + name + " is not supported for " + context.provider() + " connector.", attribute.nameSpan());
            return;
        }
        String type = field.type().name().text();
        if (!nativeType.get().scalars().contains(type)) {
            context.error("Native type " + name + " is not compatible with declared field type " + type
                    + ", expected field type " + String.join(" or ", nativeType.get().scalars().stream().sorted().toList()) + ".",
                    attribute.span());
            return;
        }
        if (attribute.arguments().size() > nativeType.get().maxArguments()) {
            context.error("Native type " + name + " takes " + nativeType.get().maxArguments() + " optional arguments, but received "
                    + attribute.arguments().size() + ".", attribute.span());
            return;
        }
        for (Argument argument : attribute.arguments()) {
            Expression value = argument.value();
            boolean nonNegative = value instanceof Expression.NumberValue n && n.text().matches("\\d+");
            boolean max = value instanceof Expression.ConstantValue c && c.text().equals("Max");
            if (!nonNegative && !max) {
                context.error("Expected a nonnegative integer, but found (" + context.raw(value) + ").", value.span());
            }
        }
    }

    private static Map<String, NativeType> postgres() {
        Map<String, NativeType> map = new HashMap<>();
        for (String s : new String[] {"Text", "Uuid", "Xml", "Inet", "Citext"}) {
            map.put(s, new NativeType(Set.of("String"), 0));
        }
        for (String s : new String[] {"Char", "VarChar", "Bit", "VarBit"}) {
            map.put(s, new NativeType(Set.of("String"), 1));
        }
        map.put("Boolean", new NativeType(Set.of("Boolean"), 0));
        map.put("Integer", new NativeType(Set.of("Int"), 0));
        map.put("SmallInt", new NativeType(Set.of("Int"), 0));
        map.put("Oid", new NativeType(Set.of("Int"), 0));
        map.put("BigInt", new NativeType(Set.of("BigInt"), 0));
        map.put("Real", new NativeType(Set.of("Float"), 0));
        map.put("DoublePrecision", new NativeType(Set.of("Float"), 0));
        map.put("Decimal", new NativeType(Set.of("Decimal"), 2));
        map.put("Money", new NativeType(Set.of("Decimal"), 0));
        for (String s : new String[] {"Timestamp", "Timestamptz", "Time", "Timetz"}) {
            map.put(s, new NativeType(Set.of("DateTime"), 1));
        }
        map.put("Date", new NativeType(Set.of("DateTime"), 0));
        map.put("Json", new NativeType(Set.of("Json"), 0));
        map.put("JsonB", new NativeType(Set.of("Json"), 0));
        map.put("ByteA", new NativeType(Set.of("Bytes"), 0));
        return Map.copyOf(map);
    }

    private static Map<String, NativeType> mysql() {
        Map<String, NativeType> map = new HashMap<>();
        map.put("VarChar", new NativeType(Set.of("String"), 1));
        map.put("Char", new NativeType(Set.of("String"), 1));
        for (String s : new String[] {"TinyText", "Text", "MediumText", "LongText"}) {
            map.put(s, new NativeType(Set.of("String"), 0));
        }
        map.put("Binary", new NativeType(Set.of("Bytes"), 1));
        map.put("VarBinary", new NativeType(Set.of("Bytes"), 1));
        for (String s : new String[] {"TinyBlob", "Blob", "MediumBlob", "LongBlob"}) {
            map.put(s, new NativeType(Set.of("Bytes"), 0));
        }
        map.put("Bit", new NativeType(Set.of("Boolean", "Bytes"), 1));
        for (String s : new String[] {"Int", "UnsignedInt", "SmallInt", "UnsignedSmallInt", "MediumInt", "UnsignedMediumInt",
                "Year"}) {
            map.put(s, new NativeType(Set.of("Int"), 0));
        }
        map.put("TinyInt", new NativeType(Set.of("Int", "Boolean"), 0));
        map.put("UnsignedTinyInt", new NativeType(Set.of("Int", "Boolean"), 0));
        map.put("BigInt", new NativeType(Set.of("BigInt"), 0));
        map.put("UnsignedBigInt", new NativeType(Set.of("BigInt"), 0));
        map.put("Float", new NativeType(Set.of("Float"), 0));
        map.put("Double", new NativeType(Set.of("Float"), 0));
        map.put("Decimal", new NativeType(Set.of("Decimal"), 2));
        for (String s : new String[] {"DateTime", "Time", "Timestamp"}) {
            map.put(s, new NativeType(Set.of("DateTime"), 1));
        }
        map.put("Date", new NativeType(Set.of("DateTime"), 0));
        map.put("Json", new NativeType(Set.of("Json"), 0));
        return Map.copyOf(map);
    }
}
