package dev.plinth.schema.validate;

import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;

import java.util.List;
import java.util.Set;

/**
 * Checks {@code generator} blocks: a {@code provider}, values that are strings, lists or {@code env(…)},
 * and preview features.
 *
 * <p>Deliberate exception: generators and preview features never block Plinth, which generates no
 * client. An unknown preview feature is a warning here where Prisma 6 makes it an error; retired
 * features are warnings as in Prisma. Source: Prisma docs, "Preview features"
 * (https://www.prisma.io/docs/orm/reference/preview-features).
 */
final class GeneratorRules implements Rule {

    /** Preview features Prisma 6.19 knows and that still do something. */
    private static final List<String> ACTIVE = List.of("metrics", "nativeDistinct", "postgresqlExtensions", "relationJoins",
            "schemaEngineDriverAdapters", "shardKeys", "strictUndefinedChecks", "views");

    /** Features that became generally available or were removed; naming them is a warning, as in Prisma. */
    private static final Set<String> RETIRED = Set.of("fullTextIndex", "fullTextSearch", "referentialIntegrity",
            "multiSchema", "driverAdapters", "interactiveTransactions", "omitApi", "prismaSchemaFolder",
            "jsonProtocol", "extendedWhereUnique", "fieldReference", "filteredRelationCount", "orderByNulls", "deno",
            "improvedQueryRaw", "clientExtensions", "tracing", "orderByAggregateGroup", "selectRelationCount",
            "napi", "dataProxy", "namedConstraints", "microsoftSqlServer", "mongoDb", "cockroachdb", "distinct",
            "groupBy", "createMany", "nApi", "uncheckedScalarInputs", "connectOrCreate", "transactionApi",
            "aggregateApi", "atomicNumberOperations", "insensitiveFilters", "middlewares", "nativeTypes",
            "orderByRelation", "referentialActions", "extendedIndexes", "fullTextSearchPostgres");

    /** Features Prisma accepts without listing them among its preview features (still in use by Prisma Client). */
    private static final Set<String> SILENT = Set.of("typedSql");

    @Override
    public void check(ValidationContext context) {
        for (ConfigBlock block : context.ast().configBlocks()) {
            if (block.kind() != ConfigBlock.Kind.GENERATOR) {
                continue;
            }
            if (block.property("provider").isEmpty()) {
                context.error("Argument \"provider\" is missing in generator block \"" + block.name().text() + "\".",
                        block.name().span());
            }
            for (ConfigBlock.ConfigProperty property : block.properties()) {
                if (property.value() instanceof Expression.FunctionCall call && call.name().equals("env")) {
                    ConfigValueRules.env(context, call);
                }
            }
            block.property("previewFeatures").ifPresent(p -> previewFeatures(context, p.value()));
            if (block.name().text().equals("plinth")) {
                block.property("clientKeys").ifPresent(p -> clientKeys(context, p.value()));
            }
        }
    }

    /** {@code clientKeys} of {@code generator plinth}: a list of model names (docs/api.md, "Keys, references and what a body may hold"). */
    private static void clientKeys(ValidationContext context, Expression value) {
        List<Expression> elements = value instanceof Expression.ArrayValue a ? a.elements() : List.of(value);
        for (Expression element : elements) {
            if (!(element instanceof Expression.StringValue s)) {
                context.unexpectedValue("string", element);
            } else if (context.ast().modelBlocks().stream().noneMatch(m -> m.name().text().equals(s.value()))) {
                context.error("clientKeys names \"" + s.value() + "\", which is not a model of the schema.", element.span());
            }
        }
    }

    private static void previewFeatures(ValidationContext context, Expression value) {
        List<Expression> elements = value instanceof Expression.ArrayValue a ? a.elements() : List.of(value);
        for (Expression element : elements) {
            if (!(element instanceof Expression.StringValue s)) {
                context.unexpectedValue("string", element);
                continue;
            }
            String feature = s.value();
            if (SILENT.contains(feature)) {
                continue;
            }
            if (feature.equals("metrics")) {
                context.warning("Preview feature \"metrics\" is deprecated. It will be removed in a future version of Prisma.",
                        element.span());
            } else if (feature.equals("fullTextSearch") && context.isPostgres()) {
                context.warning("On `provider = \"postgresql\"`, preview feature \"fullTextSearch\" has been renamed to"
                        + " \"fullTextSearchPostgres\". Learn more at https://pris.ly/d/fts-postgres.", element.span());
            } else if (feature.equals("fullTextSearchPostgres") && !context.isPostgres()) {
                context.warning("The preview feature \"fullTextSearchPostgres\" is not known. Expected one of: "
                        + String.join(", ", ACTIVE), element.span());
            } else if (RETIRED.contains(feature) && !feature.equals("fullTextSearchPostgres")) {
                context.warning("Preview feature \"" + feature + "\" is deprecated. The functionality can be used without"
                        + " specifying it as a preview feature.", element.span());
            } else if (!ACTIVE.contains(feature) && !feature.equals("fullTextSearchPostgres")) {
                context.warning("The preview feature \"" + feature + "\" is not known. Expected one of: "
                        + String.join(", ", ACTIVE) + ". Plinth ignores it.", element.span());
            }
        }
    }
}
