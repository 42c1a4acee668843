package dev.plinth.schema.naming;

import dev.plinth.schema.model.ConfigValue;
import dev.plinth.schema.model.PlinthSettings;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The naming settings of a schema's {@code generator plinth} block (docs/schema.md, "Naming"):
 * how physical names derive from schema names, which names the API speaks, and how routes are spelled.
 * A schema without them gets {@link #DEFAULT}: Prisma's exact names, column names in the API,
 * snake_case routes under {@code /api}, as Plinth always served.
 *
 * @param snakeCaseStorage true for {@code naming = "snake_case"}: tables and columns in snake_case of the schema names
 * @param tablePlurals     true for {@code table_plurals = true}: derived (snake_case) table names are plural
 * @param fieldApiNames    true for {@code api_names = "field"}: JSON keys, filters, orderBy, select use field names
 * @param kebabRoutes      true for {@code route_case = "kebab"}: {@code /api/room-bookings}
 * @param pathPrefix       {@code path_prefix}: where the resources are served, {@code /api} unless set
 */
public record NamingSettings(boolean snakeCaseStorage, boolean tablePlurals, boolean fieldApiNames, boolean kebabRoutes,
                             String pathPrefix) {

    /** The setting names, as written in {@code generator plinth}. */
    public static final String NAMING = "naming";
    /** See {@link #NAMING}. */
    public static final String TABLE_PLURALS = "table_plurals";
    /** See {@link #NAMING}. */
    public static final String API_NAMES = "api_names";
    /** See {@link #NAMING}. */
    public static final String ROUTE_CASE = "route_case";
    /** See {@link #NAMING}. */
    public static final String PATH_PREFIX = "path_prefix";

    /** Accepted values of {@code naming}. */
    public static final List<String> NAMINGS = List.of("exact", "snake_case");
    /** Accepted values of {@code api_names}. */
    public static final List<String> API_NAME_KINDS = List.of("column", "field");
    /** Accepted values of {@code route_case}. */
    public static final List<String> ROUTE_CASES = List.of("snake", "kebab");

    /** The default prefix of every route. */
    public static final String DEFAULT_PREFIX = "/api";

    /** What a schema without naming settings gets. */
    public static final NamingSettings DEFAULT = new NamingSettings(false, false, false, false, DEFAULT_PREFIX);

    /**
     * Reads the settings of a resolved schema.
     *
     * @param schema the schema
     * @return its naming settings (values the validator would reject fall back to the default)
     */
    public static NamingSettings of(Schema schema) {
        return of(PlinthSettings.of(schema));
    }

    /**
     * Reads the settings of a parsed schema (the resolver and the validator work on the tree).
     *
     * @param ast the syntax tree
     * @return its naming settings
     */
    public static NamingSettings of(SchemaAst ast) {
        Map<String, ConfigValue> properties = new LinkedHashMap<>();
        for (ConfigBlock block : ast.configBlocks()) {
            if (block.kind() == ConfigBlock.Kind.GENERATOR && block.name().text().equals(PlinthSettings.GENERATOR)) {
                for (ConfigBlock.ConfigProperty p : block.properties()) {
                    properties.putIfAbsent(p.name().text(), value(p.value()));
                }
                break;
            }
        }
        return of(new PlinthSettings(properties));
    }

    /**
     * Reads the settings from Plinth's settings.
     *
     * @param settings the {@code generator plinth} properties
     * @return the naming settings
     */
    public static NamingSettings of(PlinthSettings settings) {
        boolean snake = settings.text(NAMING).map("snake_case"::equals).orElse(false);
        String prefix = settings.text(PATH_PREFIX).filter(NamingSettings::validPrefix)
                .map(p -> p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p).orElse(DEFAULT_PREFIX);
        return new NamingSettings(snake, settings.flag(TABLE_PLURALS),
                settings.text(API_NAMES).map("field"::equals).orElse(false),
                settings.text(ROUTE_CASE).map("kebab"::equals).orElse(false), prefix);
    }

    /**
     * Tells whether a {@code path_prefix} is usable: starts with {@code /}, then path segments of letters,
     * digits, {@code -}, {@code _} and {@code .} separated by single slashes (no query, no {@code ..}).
     *
     * @param prefix the prefix as written
     * @return true when it can prefix every route
     */
    public static boolean validPrefix(String prefix) {
        return prefix.matches("/([A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/?)?") && !prefix.contains("..")
                && !prefix.equals("/");
    }

    /**
     * Spells the route segment of a resource: the plural of the model name in snake_case, or in kebab-case.
     *
     * @param modelName the model's name
     * @return {@code room_bookings} or {@code room-bookings}
     */
    public String routeOf(String modelName) {
        String snake = Inflection.pluralizeLast(Inflection.snakeCase(modelName));
        return kebabRoutes ? snake.replace('_', '-') : snake;
    }

    /**
     * Returns the route segment of a model: its {@code @@route("…")} when given, else {@link #routeOf(String)}.
     *
     * @param modelName the model's name
     * @param route     the model's {@code @@route} value
     * @return the segment after the prefix
     */
    public String routeOf(String modelName, Optional<String> route) {
        return route.orElseGet(() -> routeOf(modelName));
    }

    private static ConfigValue value(Expression expression) {
        return expression instanceof Expression.StringValue s ? new ConfigValue.Text(s.value())
                : new ConfigValue.Raw(dev.plinth.schema.resolve.ArgumentValues.text(expression));
    }
}
