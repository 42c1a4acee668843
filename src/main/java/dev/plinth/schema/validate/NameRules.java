package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Block;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.Identifier;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks names: duplicate models, views, types, enums and generators; duplicate fields and enum
 * values; names that start with a digit; reserved names; and two models, enums or fields mapped to
 * the same database name. Source: prisma-engines {@code psl/parser-database/src/names.rs} and
 * {@code psl/psl-core/src/validate/validation_pipeline/validations/names.rs}.
 */
final class NameRules implements Rule {

    /**
     * Names Prisma reserves for models, views and enums, because the generated JavaScript client
     * uses them: {@code PrismaClient} and the JavaScript keywords. Source: prisma-engines
     * {@code psl/parser-database/src/names/reserved_model_names.rs}.
     */
    private static final Set<String> RESERVED = Set.of("PrismaClient",
            "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
            "export", "extends", "false", "finally", "for", "function", "if", "implements", "import", "in", "instanceof",
            "interface", "let", "new", "null", "package", "private", "protected", "public", "return", "super", "switch",
            "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield");

    @Override
    public void check(ValidationContext context) {
        topLevel(context);
        for (ModelBlock model : context.ast().modelBlocks()) {
            fields(context, model);
        }
        for (EnumBlock enumBlock : context.ast().enumBlocks()) {
            enumValues(context, enumBlock);
        }
        tableNames(context);
        enumNames(context);
    }

    private static void topLevel(ValidationContext context) {
        Map<String, Block> types = new HashMap<>();
        Map<String, Block> generators = new HashMap<>();
        for (Block block : context.ast().blocks()) {
            String kind = kind(block);
            Identifier name = block.name();
            if (block instanceof ConfigBlock config) {
                if (config.kind() == ConfigBlock.Kind.GENERATOR) {
                    Block existing = generators.putIfAbsent(name.text(), block);
                    if (existing != null) {
                        context.error("The generator \"" + name.text()
                                + "\" cannot be defined because a generator with that name already exists.", name.span());
                    }
                }
                continue;
            }
            characters(context, name, kind);
            if (RESERVED.contains(name.text())) {
                context.error(block instanceof EnumBlock
                        ? "Error validating enum `" + name.text() + "`: The enum name `" + name.text() + "` is invalid. It is a"
                                + " reserved name. Please change it. Read more at"
                                + " https://www.prisma.io/docs/reference/tools-and-interfaces/prisma-schema/data-model#naming-enums"
                        : "Error validating model \"" + name.text() + "\": The " + kind + " name `" + name.text()
                                + "` is invalid. It is a reserved name. Please change it. Read more at https://pris.ly/d/naming-models",
                        block.span());
            }
            Block existing = types.putIfAbsent(name.text(), block);
            if (existing != null) {
                context.error("The " + kind + " \"" + name.text() + "\" cannot be defined because a " + kind(existing)
                        + " with that name already exists.", name.span());
            }
        }
    }

    private static String kind(Block block) {
        return switch (block) {
            case ModelBlock m -> m.kind() == ModelBlock.Kind.TYPE ? "composite type" : m.kind().keyword();
            case EnumBlock e -> "enum";
            case ConfigBlock c -> c.kind().keyword();
            case dev.plinth.schema.syntax.TypeAliasBlock a -> "type alias";
        };
    }

    private static void fields(ValidationContext context, ModelBlock model) {
        Map<String, FieldDeclaration> byName = new HashMap<>();
        Map<String, FieldDeclaration> byColumn = new HashMap<>();
        String container = model.kind() == ModelBlock.Kind.TYPE ? "composite type" : model.kind().keyword();
        for (FieldDeclaration field : model.fields()) {
            String name = field.name().text();
            characters(context, field.name(), "field");
            if (byName.putIfAbsent(name, field) != null) {
                context.error("Field \"" + name + "\" is already defined on " + container + " \"" + model.name().text() + "\".",
                        field.name().span());
                continue;
            }
            if (!context.names().models().containsKey(field.type().name().text())) {
                String column = context.names().columnName(model, name);
                FieldDeclaration clash = byColumn.putIfAbsent(column, field);
                if (clash != null) {
                    context.error("Error validating model \"" + model.name().text() + "\": The field `" + name
                            + "` cannot be mapped to the database name `" + column + "`, which field `"
                            + clash.name().text() + "` already uses.", field.span());
                }
            }
        }
    }

    private static void enumValues(ValidationContext context, EnumBlock enumBlock) {
        Map<String, EnumBlock.EnumValueDeclaration> byName = new HashMap<>();
        for (EnumBlock.EnumValueDeclaration value : enumBlock.values()) {
            if (value.name().text().contains("-")) {
                context.error("Error validating: The character `-` is not allowed in Enum Value names.", value.name().span());
            }
            if (byName.putIfAbsent(value.name().text(), value) != null) {
                context.error("Value \"" + value.name().text() + "\" is already defined on enum \""
                        + enumBlock.name().text() + "\".", value.name().span());
            }
        }
    }

    private static void tableNames(ValidationContext context) {
        Map<String, ModelBlock> byTable = new HashMap<>();
        for (ModelBlock model : context.ast().modelBlocks()) {
            if (model.kind() == ModelBlock.Kind.TYPE || context.names().models().get(model.name().text()) != model) {
                continue;
            }
            String table = context.names().tableName(model);
            String key = schemaOf(model.attribute("schema")) + "." + table;
            ModelBlock clash = byTable.putIfAbsent(key, model);
            if (clash != null) {
                // Prisma puts the error on a @@map: this model's, or else the other model's (naming this one).
                Optional<Attribute> map = model.attribute("map");
                Optional<Attribute> otherMap = clash.attribute("map");
                String other = map.isPresent() || otherMap.isEmpty() ? clash.name().text() : model.name().text();
                context.error("The " + model.kind().keyword() + " with database name \"" + table
                        + "\" could not be defined because another model or view with this name exists: \""
                        + other + "\"", map.or(() -> otherMap).map(Attribute::span).orElse(model.name().span()));
            }
        }
    }

    private static void enumNames(ValidationContext context) {
        Map<String, EnumBlock> byName = new HashMap<>();
        for (EnumBlock enumBlock : context.ast().enumBlocks()) {
            if (context.names().enums().get(enumBlock.name().text()) != enumBlock) {
                continue;
            }
            String name = enumBlock.attribute("map").flatMap(a -> ArgumentValues.string(a, "name"))
                    .orElse(enumBlock.name().text());
            String key = schemaOf(enumBlock.attribute("schema")) + "." + name;
            if (byName.putIfAbsent(key, enumBlock) != null) {
                context.error("An enum with the same database name is already defined.", enumBlock.name().span());
            }
        }
    }

    /** Prisma's rules for the characters of a name: no leading digit, no {@code -}. */
    private static void characters(ValidationContext context, Identifier name, String kind) {
        if (startsWithDigit(name.text())) {
            context.error("Error validating: The name of a " + kind + " must not start with a number.", name.span());
        } else if (name.text().contains("-")) {
            context.error("Error validating: The character `-` is not allowed in " + kind + " names.", name.span());
        }
    }

    private static String schemaOf(Optional<Attribute> schema) {
        return schema.flatMap(a -> ArgumentValues.string(a, "map")).orElse("");
    }

    private static boolean startsWithDigit(String name) {
        return !name.isEmpty() && Character.isDigit(name.charAt(0));
    }

    /** Returns the names this rule treats as reserved, for documentation and tests. */
    static List<String> reserved() {
        return RESERVED.stream().sorted().toList();
    }
}
