package dev.plinth.schema.resolve;

import dev.plinth.schema.model.ConfigValue;
import dev.plinth.schema.model.Datasource;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Generator;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the resolved {@link Schema} from a syntax tree that the validator has accepted.
 *
 * <p>On a tree with errors it still returns a schema, never throws, but the result is only
 * meaningful for valid input; {@link dev.plinth.schema.SchemaLoader} resolves only error-free trees.
 */
public final class Resolver {

    private Resolver() {
    }

    /**
     * Resolves a syntax tree.
     *
     * @param ast the validated tree
     * @return the schema
     */
    public static Schema resolve(SchemaAst ast) {
        SchemaNames names = SchemaNames.of(ast);
        ConstraintNames constraintNames = ConstraintNames.forProvider(names.provider().orElse(""));
        RelationResolver.Relations relations = new RelationResolver(names, constraintNames).resolve();
        ModelResolver modelResolver = new ModelResolver(names, constraintNames);
        List<Model> models = new ArrayList<>();
        for (ModelBlock block : names.models().values()) {
            models.add(modelResolver.resolve(block, relations.sides().getOrDefault(block.name().text(), Map.<String, RelationInfo>of())));
        }
        List<EnumType> enums = names.enums().values().stream().map(Resolver::enumType).toList();
        Optional<Datasource> datasource = names.datasource().map(Resolver::datasource);
        List<Generator> generators = ast.configBlocks().stream()
                .filter(b -> b.kind() == ConfigBlock.Kind.GENERATOR).map(Resolver::generator).toList();
        // id_strategy and @@normalizeKey complete the keys (docs/schema.md, "Identifiers")
        List<dev.plinth.schema.model.CompositeType> types = new CompositeTypeResolver(modelResolver).resolve(names);
        return KeyIdentifiers.apply(new Schema(datasource, generators, models, enums, relations.joinTables(), types), names);
    }

    private static EnumType enumType(EnumBlock block) {
        String databaseName = block.attribute("map").flatMap(a -> ArgumentValues.string(a, "name")).orElse(block.name().text());
        List<EnumType.Value> values = block.values().stream()
                .map(v -> new EnumType.Value(v.name().text(),
                        v.attribute("map").flatMap(a -> ArgumentValues.string(a, "name")).orElse(v.name().text()),
                        v.documentation()))
                .toList();
        return new EnumType(block.name().text(), databaseName, values, block.documentation(), block.span());
    }

    private static Datasource datasource(ConfigBlock block) {
        String provider = block.property("provider").flatMap(p -> ArgumentValues.string(p.value())).orElse("");
        Optional<ConfigValue> url = block.property("url").map(p -> configValue(p.value()));
        Map<String, ConfigValue> properties = new LinkedHashMap<>();
        for (ConfigBlock.ConfigProperty property : block.properties()) {
            String key = property.name().text();
            if (!key.equals("provider") && !key.equals("url")) {
                properties.putIfAbsent(key, configValue(property.value()));
            }
        }
        return new Datasource(block.name().text(), provider, url, properties, block.span());
    }

    private static Generator generator(ConfigBlock block) {
        Map<String, ConfigValue> properties = new LinkedHashMap<>();
        for (ConfigBlock.ConfigProperty property : block.properties()) {
            properties.putIfAbsent(property.name().text(), configValue(property.value()));
        }
        List<String> previewFeatures = block.property("previewFeatures")
                .map(p -> ArgumentValues.list(Optional.of(new Argument(Optional.empty(), p.value(), p.span()))))
                .orElse(List.of())
                .stream().map(ArgumentValues::string).flatMap(Optional::stream).toList();
        return new Generator(block.name().text(), properties, previewFeatures, block.span());
    }

    /**
     * Converts a configuration property's expression.
     *
     * @param expression the value as written
     * @return a literal, an {@code env(…)} reference, a list, or the raw text
     */
    public static ConfigValue configValue(Expression expression) {
        return switch (expression) {
            case Expression.StringValue s -> new ConfigValue.Text(s.value());
            case Expression.FunctionCall f when f.name().equals("env") && !f.arguments().isEmpty()
                    && f.arguments().get(0).value() instanceof Expression.StringValue s -> new ConfigValue.Env(s.value());
            case Expression.FunctionCall f when !f.name().equals("env") -> new ConfigValue.Call(f.name(), namedStrings(f));
            case Expression.ArrayValue a -> new ConfigValue.ListValue(a.elements().stream().map(Resolver::configValue).toList());
            default -> new ConfigValue.Raw(ArgumentValues.text(expression));
        };
    }

    private static Map<String, String> namedStrings(Expression.FunctionCall call) {
        Map<String, String> arguments = new LinkedHashMap<>();
        for (Argument argument : call.arguments()) {
            argument.name().ifPresent(n -> ArgumentValues.string(argument.value()).ifPresent(v -> arguments.putIfAbsent(n.text(), v)));
        }
        return arguments;
    }
}
