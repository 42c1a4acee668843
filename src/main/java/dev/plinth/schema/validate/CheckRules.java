package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.check.CheckReader;
import dev.plinth.schema.resolve.ConstraintNames;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code @@check(condition, name: "…")}: reports, with line and column, every CHECK constraint whose
 * condition SQLite and PostgreSQL could not both enforce ({@link CheckReader} says which), and two
 * constraints of one model with the same name (docs/schema.md, "CHECK constraints").
 */
final class CheckRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        List<Diagnostic> found = new ArrayList<>();
        CheckReader reader = new CheckReader(context.names(), context.source(), found);
        ConstraintNames constraints = ConstraintNames.forProvider(context.provider());
        for (ModelBlock block : context.ast().modelBlocks()) {
            reader.read(block, context.names().tableName(block), constraints);
        }
        for (Diagnostic d : found) {
            context.error(d.message(), d.span());
        }
    }
}
