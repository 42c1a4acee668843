package dev.plinth.schema.resolve;

import dev.plinth.schema.naming.NamingSettings;
import dev.plinth.schema.naming.PhysicalNames;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The top-level names of a schema: which model, view, composite type and enum each name declares,
 * and the datasource. The first declaration of a name wins; duplicates are reported by the validator.
 *
 * <p>Plays the part of the names pass of Prisma's {@code parser-database}.
 *
 * @param models     model and view blocks by name, in source order
 * @param types      composite type blocks by name
 * @param enums      enum blocks by name
 * @param datasource the first datasource block, when present
 * @param physical   how table and column names derive from the schema's names ({@code naming} in {@code generator plinth})
 */
public record SchemaNames(Map<String, ModelBlock> models, Map<String, ModelBlock> types,
                          Map<String, EnumBlock> enums, Optional<ConfigBlock> datasource, PhysicalNames physical) {

    /**
     * Collects the names of a parsed schema.
     *
     * @param ast the syntax tree
     * @return its names
     */
    public static SchemaNames of(SchemaAst ast) {
        Map<String, ModelBlock> models = new LinkedHashMap<>();
        Map<String, ModelBlock> types = new LinkedHashMap<>();
        Map<String, EnumBlock> enums = new LinkedHashMap<>();
        for (ModelBlock block : ast.modelBlocks()) {
            (block.kind() == ModelBlock.Kind.TYPE ? types : models).putIfAbsent(block.name().text(), block);
        }
        for (EnumBlock block : ast.enumBlocks()) {
            enums.putIfAbsent(block.name().text(), block);
        }
        Optional<ConfigBlock> datasource = ast.configBlocks().stream()
                .filter(b -> b.kind() == ConfigBlock.Kind.DATASOURCE).findFirst();
        return new SchemaNames(models, types, enums, datasource, new PhysicalNames(NamingSettings.of(ast)));
    }

    /** Returns the datasource's provider as written ({@code postgresql}, {@code sqlite}, …), or empty. */
    public Optional<String> provider() {
        return datasource.flatMap(d -> d.property("provider"))
                .map(p -> p.value() instanceof Expression.StringValue s ? s.value() : "");
    }

    /** Returns the datasource's name, which prefixes native type attributes ({@code db} in {@code @db.Text}). */
    public String nativeTypePrefix() {
        return datasource.map(d -> d.name().text()).orElse("db");
    }

    /**
     * Finds the model or view of a name.
     *
     * @param name the name
     * @return the block, or empty
     */
    public Optional<ModelBlock> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** Returns the table name of a model: its {@code @@map}, or its name under the schema's naming ({@link PhysicalNames}). */
    public String tableName(ModelBlock model) {
        return physical.table(model);
    }

    /**
     * Returns the column name of a field: its {@code @map}, or its name under the schema's naming ({@link PhysicalNames}).
     *
     * @param model     the block holding the field
     * @param fieldName the field's name
     * @return the column name
     */
    public String columnName(ModelBlock model, String fieldName) {
        return physical.column(model, fieldName);
    }

    /** Returns the schema's naming settings, which also say which names the API uses. */
    public NamingSettings apiNames() {
        return physical.settings();
    }
}
