package dev.plinth.schema.model;

import java.util.List;
import java.util.Optional;

/**
 * A resolved, validated Prisma schema: the input of every later stage (migrations, the REST API).
 *
 * <p>Immutable. Built only by the schema front end from a file that had no errors.
 *
 * @param datasource the {@code datasource} block, when present
 * @param generators the {@code generator} blocks
 * @param models     every {@code model} and {@code view}, in declaration order, ignored ones included
 * @param enums      every {@code enum}, in declaration order
 * @param joinTables the join tables of implicit many-to-many relations, by relation name order
 * @param types      every composite type ({@code type} or {@code embed} block, inline embeds), in declaration order
 */
public record Schema(
        Optional<Datasource> datasource,
        List<Generator> generators,
        List<Model> models,
        List<EnumType> enums,
        List<JoinTable> joinTables,
        List<CompositeType> types) {

    public Schema {
        generators = List.copyOf(generators);
        models = List.copyOf(models);
        enums = List.copyOf(enums);
        joinTables = List.copyOf(joinTables);
        types = types == null ? List.of() : List.copyOf(types);
    }

    /** A schema without composite types; parameters as for the record. */
    public Schema(Optional<Datasource> datasource, List<Generator> generators, List<Model> models, List<EnumType> enums,
                  List<JoinTable> joinTables) {
        this(datasource, generators, models, enums, joinTables, List.of());
    }

    /**
     * Finds a composite type by its schema name.
     *
     * @param name a type name as written in the schema (or an inline embed's generated name)
     * @return the type, or empty
     */
    public Optional<CompositeType> compositeType(String name) {
        return types.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Finds a model (or view) by its schema name.
     *
     * @param name a model name as written in the schema
     * @return the model, or empty
     */
    public Optional<Model> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Finds an enum by its schema name.
     *
     * @param name an enum name as written in the schema
     * @return the enum, or empty
     */
    public Optional<EnumType> enumType(String name) {
        return enums.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Returns the datasource's provider ({@code sqlite}, {@code postgresql}, …), or empty without a datasource. */
    public Optional<String> provider() {
        return datasource.map(Datasource::provider);
    }
}
