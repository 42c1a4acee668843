package dev.plinth.schema.check;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.CheckConstraint;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.resolve.ConstraintNames;
import dev.plinth.schema.resolve.SchemaNames;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.ArrayList;
import java.util.List;

/**
 * The resolving stage of {@code @@check}: gives each model of a resolved schema its CHECK constraints,
 * read by {@link CheckReader} from the schema text (the validator has already reported any problem).
 */
public final class CheckConstraints {

    private CheckConstraints() {
    }

    /**
     * Returns the schema with each model's {@code @@check} constraints.
     *
     * @param schema the resolved schema
     * @param ast    its syntax tree
     * @param source its text
     * @return the schema itself when no model has a {@code @@check}, else a copy whose models carry them
     */
    public static Schema attach(Schema schema, SchemaAst ast, String source) {
        boolean any = ast.modelBlocks().stream().anyMatch(b -> !b.attributes(CheckReader.ATTRIBUTE).isEmpty());
        if (!any) {
            return schema;
        }
        SchemaNames names = SchemaNames.of(ast);
        ConstraintNames constraints = ConstraintNames.forProvider(names.provider().orElse(""));
        CheckReader reader = new CheckReader(names, source, new ArrayList<Diagnostic>());
        List<Model> models = new ArrayList<>();
        for (Model model : schema.models()) {
            ModelBlock block = names.models().get(model.name());
            List<CheckConstraint> checks = block == null ? List.of() : reader.read(block, model.tableName(), constraints);
            models.add(checks.isEmpty() ? model : model.withChecks(checks));
        }
        return new Schema(schema.datasource(), schema.generators(), models, schema.enums(), schema.joinTables(), schema.types());
    }
}
