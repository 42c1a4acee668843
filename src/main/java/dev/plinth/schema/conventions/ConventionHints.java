package dev.plinth.schema.conventions;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Convention;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Advice {@code plinth validate} prints about conventions (docs/schema.md, "Conventions"): a field spelled
 * like a convention ({@code createdBy}, {@code userId}, {@code organizationId}) whose column is not the
 * exact name ({@code created_by}) while either spelling is off is an ordinary field that clients write;
 * saying so keeps nothing silent. Kept apart from the validator's diagnostics, which stay Prisma's for a
 * schema without Plinth's settings.
 */
public final class ConventionHints {

    private ConventionHints() {
    }

    /**
     * Finds the fields that look like conventions but are not treated as ones.
     *
     * @param fileName the schema's file name as diagnostics show it
     * @param result   a loaded schema without errors
     * @return one warning per such field, at the field's name
     */
    public static List<Diagnostic> of(String fileName, SchemaResult result) {
        SchemaAst ast = dev.plinth.schema.spelling.SpecSpellings.read(fileName, result.source(), new ArrayList<>());
        boolean anySpelling = ConventionSettings.anySpelling(ast);
        List<Diagnostic> out = new ArrayList<>();
        if (!anySpelling) {
            for (ModelBlock model : ast.modelBlocks()) {
                lookalikes(model, out);
            }
        }
        return out;
    }

    /**
     * Warns about a field spelled like a convention ({@code createdBy}) whose column name is not the exact
     * one ({@code created_by}) while either spelling is off: it is an ordinary field that clients write.
     */
    private static void lookalikes(ModelBlock model, List<Diagnostic> out) {
        ConventionAttributes attrs = ConventionAttributes.of(model);
        for (FieldDeclaration f : model.fields()) {
            Optional<Convention> c = Convention.bySpelling(f.name().text());
            if (c.isEmpty() || attrs.disabled().contains(c.get().group())) {
                continue;
            }
            String column = f.attribute("map").flatMap(m -> m.namedOrFirst("name")).map(Argument::value)
                    .filter(v -> v instanceof Expression.StringValue).map(v -> ((Expression.StringValue) v).value())
                    .orElse(f.name().text());
            if (column.equals(c.get().column()) || namedByAttribute(attrs, f.name().text())
                    || (c.get() == Convention.UPDATED_AT && f.attribute("updatedAt").isPresent())
                    || (c.get() == Convention.CREATED_AT && f.attribute("default").isPresent() && type(f, "DateTime"))) {
                continue; // plays the role already
            }
            out.add(Diagnostic.warning("Field \"" + f.name().text() + "\" of model \"" + model.name().text() + "\" looks like the "
                    + c.get().column() + " convention but is an ordinary field (Plinth matches the column name "
                    + c.get().column() + " exactly): add conventions = \"any_spelling\" to generator plinth, or "
                    + hint(c.get()) + ".", f.name().span()));
        }
    }

    private static boolean type(FieldDeclaration f, String name) {
        return f.type().name().text().equals(name);
    }

    private static boolean namedByAttribute(ConventionAttributes attrs, String field) {
        return attrs.owner().map(field::equals).orElse(false) || attrs.softDelete().map(field::equals).orElse(false)
                || attrs.tenant().map(field::equals).orElse(false);
    }

    private static String hint(Convention c) {
        return switch (c) {
            case OWNER -> "@@owner(field) on the model";
            case DELETED_AT -> "@@softDelete(field) on the model";
            case ORGANIZATION -> "@@tenant(field) on the model";
            case UPDATED_AT -> "@updatedAt on the field";
            default -> "@map(\"" + c.column() + "\") on the field";
        };
    }
}
