package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.rules.DataRulesCompiler;

import java.util.ArrayList;
import java.util.List;

/**
 * Field validators, transforms and {@code @@validate} (docs/schema.md, "Validators and model rules"):
 * compiles them with {@link DataRulesCompiler} and reports every misuse with its line and column.
 */
final class DataRuleRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        List<Diagnostic> found = new ArrayList<>();
        DataRulesCompiler.compile(context.ast(), context.source(), found);
        for (Diagnostic d : found) {
            context.error(d.message(), d.span());
        }
    }
}
