package dev.plinth.schema.validate;

import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the {@code datasource} block: one at most; a known {@code provider}; known properties;
 * URLs as strings or {@code env("VAR")}; a shadow database distinct from the main one;
 * {@code relationMode}, {@code schemas} and {@code extensions} as the provider allows.
 *
 * <p>Deliberate exception: a datasource without {@code url} is accepted on every provider (Prisma 7
 * moved URLs to {@code prisma.config.ts}; Plinth takes {@code --database-url} instead).
 * Source: Prisma schema reference, "datasource"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#datasource).
 */
final class DatasourceRules implements Rule {

    private static final Set<String> PROVIDERS = Set.of("postgresql", "postgres", "mysql", "sqlite", "sqlserver",
            "cockroachdb", "mongodb");
    private static final Set<String> PROPERTIES = Set.of("provider", "url", "directUrl", "shadowDatabaseUrl",
            "relationMode", "referentialIntegrity", "schemas", "extensions");
    private static final Set<String> EXTENSION_ARGUMENTS = Set.of("schema", "version", "map");

    @Override
    public void check(ValidationContext context) {
        List<ConfigBlock> datasources = context.ast().configBlocks().stream()
                .filter(b -> b.kind() == ConfigBlock.Kind.DATASOURCE).toList();
        for (int i = 1; i < datasources.size(); i++) {
            context.error("You defined more than one datasource. This is not allowed yet because support for multiple"
                    + " databases has not been implemented yet.", datasources.get(i).name().span());
        }
        if (!datasources.isEmpty()) {
            check(context, datasources.get(0));
        }
    }

    private static void check(ValidationContext context, ConfigBlock block) {
        String name = block.name().text();
        Optional<ConfigBlock.ConfigProperty> provider = block.property("provider");
        if (provider.isEmpty()) {
            context.error("Argument \"provider\" is missing in data source block \"" + name + "\".", block.name().span());
        } else if (!(provider.get().value() instanceof Expression.StringValue s)) {
            context.unexpectedValue("string", provider.get().value());
        } else if (!PROVIDERS.contains(s.value())) {
            context.error("Datasource provider not known: \"" + s.value() + "\".", provider.get().value().span());
        }
        for (ConfigBlock.ConfigProperty property : block.properties()) {
            String key = property.name().text();
            if (!PROPERTIES.contains(key) || (key.equals("extensions") && !context.isPostgres())) {
                context.error("Property not known: \"" + key + "\".", property.span());
            }
        }
        for (String key : List.of("url", "directUrl", "shadowDatabaseUrl")) {
            block.property(key).ifPresent(p -> ConfigValueRules.urlLike(context, p.value()));
        }
        shadowDatabase(context, block, name);
        relationMode(context, block);
        schemas(context, block);
        extensions(context, block);
    }

    private static void shadowDatabase(ValidationContext context, ConfigBlock block, String name) {
        Optional<String> shadow = literal(block, "shadowDatabaseUrl");
        if (shadow.isEmpty()) {
            return;
        }
        for (String key : List.of("directUrl", "url")) {
            if (literal(block, key).equals(shadow)) {
                context.error("shadowDatabaseUrl is the same as " + key + " for datasource \"" + name + "\". Please specify a"
                        + " different database as shadow database to avoid data loss.", block.property(key).orElseThrow().span());
            }
        }
    }

    private static Optional<String> literal(ConfigBlock block, String key) {
        return block.property(key).map(ConfigBlock.ConfigProperty::value)
                .filter(Expression.StringValue.class::isInstance).map(v -> ((Expression.StringValue) v).value());
    }

    private static void relationMode(ValidationContext context, ConfigBlock block) {
        Optional<ConfigBlock.ConfigProperty> mode = block.property("relationMode");
        Optional<ConfigBlock.ConfigProperty> legacy = block.property("referentialIntegrity");
        legacy.ifPresent(p -> context.warning("The `referentialIntegrity` attribute is deprecated. Please use `relationMode`"
                + " instead. Learn more at https://pris.ly/d/relation-mode", p.span()));
        if (mode.isPresent() && legacy.isPresent()) {
            context.error("The `referentialIntegrity` and `relationMode` attributes cannot be used together. Please use only"
                    + " `relationMode` instead.", legacy.get().span());
        }
        for (ConfigBlock.ConfigProperty property : mode.isPresent() ? List.of(mode.get()) : legacy.stream().toList()) {
            boolean valid = property.value() instanceof Expression.StringValue s
                    && (s.value().equals("prisma") || s.value().equals("foreignKeys"));
            if (!valid) {
                context.error("Invalid relation mode setting: " + context.raw(property.value())
                        + ". Supported values: \"prisma\", \"foreignKeys\"", property.value().span());
            }
        }
    }

    private static void schemas(ValidationContext context, ConfigBlock block) {
        Optional<ConfigBlock.ConfigProperty> schemas = block.property("schemas");
        if (schemas.isEmpty()) {
            return;
        }
        if (!context.isPostgres() && !context.provider().equals("cockroachdb") && !context.provider().equals("sqlserver")) {
            context.error("The `schemas` property is not supported on the current connector.", schemas.get().span());
            return;
        }
        Expression value = schemas.get().value();
        List<Expression> elements = value instanceof Expression.ArrayValue a ? a.elements() : List.of(value);
        Set<String> seen = new HashSet<>();
        for (Expression element : elements) {
            if (!(element instanceof Expression.StringValue s)) {
                context.unexpectedValue("string", element);
            } else if (!seen.add(s.value())) {
                context.error("Duplicated schema names are not allowed", element.span());
            }
        }
    }

    private static void extensions(ValidationContext context, ConfigBlock block) {
        Optional<ConfigBlock.ConfigProperty> extensions = block.property("extensions");
        if (extensions.isEmpty() || !context.isPostgres()) {
            return;
        }
        if (!context.previewFeature("postgresqlExtensions")) {
            context.error("The `extensions` property is only available with the `postgresqlExtensions` preview feature.",
                    extensions.get().span());
            return;
        }
        Expression value = extensions.get().value();
        for (Expression element : value instanceof Expression.ArrayValue a ? a.elements() : List.of(value)) {
            switch (element) {
                case Expression.ConstantValue c -> extensionName(context, c.text(), c);
                case Expression.FunctionCall f -> {
                    extensionName(context, f.name(), f);
                    extensionArguments(context, f);
                }
                default -> context.unexpectedValue("constant or function", element);
            }
        }
    }

    private static void extensionName(ValidationContext context, String name, Expression at) {
        if (name.contains("-")) {
            context.error("Error validating: The character `-` is not allowed in extension names.", at.span());
        }
    }

    private static void extensionArguments(ValidationContext context, Expression.FunctionCall call) {
        Set<String> seen = new HashSet<>();
        for (Argument argument : call.arguments()) {
            if (argument.name().isEmpty()) {
                context.error("Error validating: The argument must have a name", argument.span());
                continue;
            }
            String name = argument.name().get().text();
            if (!EXTENSION_ARGUMENTS.contains(name)) {
                context.error("Argument not known: \"" + name + "\".", argument.span());
                continue;
            }
            if (!seen.add(name)) {
                context.error("Error validating: The argument `" + name + "` can only be defined once", argument.span());
                continue;
            }
            if (!(argument.value() instanceof Expression.StringValue)) {
                context.unexpectedValue("string", argument.value());
                context.error("Error validating: The `" + name + "` argument must be a string literal", argument.span());
            }
        }
    }
}
