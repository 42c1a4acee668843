package dev.plinth.schema.validate;

import dev.plinth.schema.model.PlinthSettings;
import dev.plinth.schema.naming.NamingSettings;
import dev.plinth.schema.naming.PhysicalNames;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.model.Span;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks Plinth's naming settings (docs/schema.md, "Naming"; docs/api.md, "Routes"): the values of
 * {@code naming}, {@code table_plurals}, {@code api_names}, {@code route_case} and {@code path_prefix} in
 * {@code generator plinth}; {@code @@naming("exact" | "snake_case")} and {@code @@route("…")} on models;
 * and that no two served models share a route, nor one takes the batch route.
 */
final class NamingRules implements Rule {

    /** A route segment: what {@code @@route} may name. */
    private static final String SEGMENT = "[A-Za-z0-9][A-Za-z0-9_.-]*";
    /** Paths the server answers itself, which a {@code path_prefix} must leave alone. */
    private static final Set<String> SERVER_PATHS = Set.of("/health", "/openapi.json", "/docs");

    @Override
    public void check(ValidationContext context) {
        Optional<ConfigBlock> generator = context.ast().configBlocks().stream()
                .filter(b -> b.kind() == ConfigBlock.Kind.GENERATOR && b.name().text().equals(PlinthSettings.GENERATOR))
                .findFirst();
        generator.ifPresent(g -> settings(context, g));
        NamingSettings naming = NamingSettings.of(context.ast());
        Map<String, List<ModelBlock>> byRoute = new LinkedHashMap<>();
        for (ModelBlock model : context.ast().modelBlocks()) {
            if (model.kind() == ModelBlock.Kind.TYPE) {
                continue;
            }
            model.attribute(PhysicalNames.MODEL_ATTRIBUTE).ifPresent(a -> modelNaming(context, a));
            Optional<String> route = model.attribute("route").flatMap(a -> route(context, model, a));
            if (model.attribute("ignore").isPresent() || context.names().models().get(model.name().text()) != model) {
                continue;
            }
            byRoute.computeIfAbsent(naming.routeOf(model.name().text(), route), r -> new ArrayList<>()).add(model);
        }
        for (Map.Entry<String, List<ModelBlock>> e : byRoute.entrySet()) {
            String path = naming.pathPrefix() + "/" + e.getKey();
            if (e.getKey().equals("batch")) {
                for (ModelBlock model : e.getValue()) {
                    context.error("Model \"" + model.name().text() + "\" would be served at " + path + ", which is the batch"
                            + " route. Give it another route with @@route(\"…\").", routeSpan(model));
                }
            } else if (e.getValue().size() > 1) {
                List<String> names = e.getValue().stream().map(m -> m.name().text()).toList();
                for (ModelBlock model : e.getValue()) {
                    report(context, routing(context, generator)).accept("Models " + String.join(", ", names) + " would all be served at " + path
                            + ": routes are the plural of the model name in snake_case (route_case = \"kebab\" spells them"
                            + " with dashes). Rename a model or give it its own route with @@route(\"…\").", routeSpan(model));
                }
            }
        }
    }

    /**
     * Tells whether the schema chooses its routes: a {@code @@route} or a routing setting. Such a schema gets route
     * clashes as errors; older schemas get a warning here and the refusal {@code plinth serve} always gave.
     */
    private static boolean routing(ValidationContext context, Optional<ConfigBlock> generator) {
        boolean settings = generator.map(g -> g.properties().stream().anyMatch(p -> Set.of(NamingSettings.NAMING,
                NamingSettings.API_NAMES, NamingSettings.ROUTE_CASE, NamingSettings.PATH_PREFIX).contains(p.name().text())))
                .orElse(false);
        return settings || context.ast().modelBlocks().stream().anyMatch(m -> m.attribute("route").isPresent());
    }

    private static java.util.function.BiConsumer<String, Span> report(ValidationContext context, boolean error) {
        return error ? context::error : context::warning;
    }

    private static void settings(ValidationContext context, ConfigBlock generator) {
        oneOf(context, generator, NamingSettings.NAMING, NamingSettings.NAMINGS);
        oneOf(context, generator, NamingSettings.API_NAMES, NamingSettings.API_NAME_KINDS);
        oneOf(context, generator, NamingSettings.ROUTE_CASE, NamingSettings.ROUTE_CASES);
        oneOf(context, generator, NamingSettings.TABLE_PLURALS, List.of("true", "false"));
        generator.property(NamingSettings.PATH_PREFIX).ifPresent(p -> {
            Optional<String> text = p.value() instanceof Expression.StringValue s ? Optional.of(s.value()) : Optional.empty();
            if (text.isEmpty()) {
                context.error("path_prefix takes a string, e.g. path_prefix = \"/api/v1\".", p.value().span());
            } else if (!NamingSettings.validPrefix(text.get())) {
                context.error("path_prefix \"" + text.get() + "\" is not a path: write \"/\" and segments of letters, digits,"
                        + " '_', '-' or '.' separated by '/', e.g. \"/api/v1\".", p.value().span());
            } else {
                String prefix = text.get().endsWith("/") ? text.get().substring(0, text.get().length() - 1) : text.get();
                for (String own : SERVER_PATHS) {
                    if (prefix.equals(own) || prefix.startsWith(own + "/")) {
                        context.error("path_prefix \"" + text.get() + "\" would put resources under " + own
                                + ", which Plinth serves itself; choose another prefix, e.g. \"/api/v1\".", p.value().span());
                    }
                }
            }
        });
        boolean snake = generator.property(NamingSettings.NAMING)
                .map(p -> p.value() instanceof Expression.StringValue s && s.value().equals("snake_case")).orElse(false);
        boolean anyOptIn = context.ast().modelBlocks().stream().anyMatch(m -> m.attribute(PhysicalNames.MODEL_ATTRIBUTE)
                .flatMap(a -> a.namedOrFirst("value")).map(a -> a.value() instanceof Expression.StringValue s
                        && s.value().equals("snake_case")).orElse(false));
        generator.property(NamingSettings.TABLE_PLURALS).filter(p -> text(p.value()).equals("true") && !snake && !anyOptIn)
                .ifPresent(p -> context.warning("table_plurals = true has no effect without naming = \"snake_case\":"
                        + " exact names are the model names.", p.span()));
    }

    private static void oneOf(ValidationContext context, ConfigBlock generator, String name, List<String> allowed) {
        generator.property(name).ifPresent(p -> {
            String value = text(p.value());
            if (!allowed.contains(value)) {
                context.error(name + " = " + context.raw(p.value()) + " is not a valid value: use one of "
                        + String.join(", ", allowed.stream().map(v -> v.equals("true") || v.equals("false") ? v : "\"" + v + "\"").toList())
                        + ".", p.value().span());
            }
        });
    }

    private static String text(Expression value) {
        return switch (value) {
            case Expression.StringValue s -> s.value();
            case Expression.ConstantValue c -> c.text();
            default -> "";
        };
    }

    private static void modelNaming(ValidationContext context, Attribute attribute) {
        attribute.namedOrFirst("value").map(Argument::value).ifPresent(v -> {
            if (!(v instanceof Expression.StringValue s) || !NamingSettings.NAMINGS.contains(s.value())) {
                context.error("@@naming takes \"exact\" (the model keeps its names, as Prisma does) or \"snake_case\""
                        + " (table and columns in snake_case); got " + context.raw(v) + ".", v.span());
            }
        });
    }

    private static Optional<String> route(ValidationContext context, ModelBlock model, Attribute attribute) {
        Optional<Expression> value = attribute.namedOrFirst("path").map(Argument::value);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof Expression.StringValue s) || !s.value().matches(SEGMENT)) {
            context.error("@@route on model \"" + model.name().text() + "\" takes one path segment: letters, digits, '_', '-'"
                    + " or '.', starting with a letter or digit, e.g. @@route(\"people\"); got " + context.raw(value.get()) + ".",
                    value.get().span());
            return Optional.empty();
        }
        return Optional.of(s.value());
    }

    private static Span routeSpan(ModelBlock model) {
        return model.attribute("route").map(Attribute::span).orElse(model.name().span());
    }
}
