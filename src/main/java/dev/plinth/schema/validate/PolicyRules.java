package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.policy.PolicyCompiler;

import java.util.ArrayList;
import java.util.List;

/**
 * Access rules ({@code @@allow}, {@code @@deny}, {@code @allow}, {@code @deny}, {@code @omit},
 * {@code @mask}, {@code @default(auth().…)}): compiles them with {@link PolicyCompiler} and reports
 * every rule that cannot compile, with its line and column (docs/access-rules.md).
 */
final class PolicyRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        List<Diagnostic> found = new ArrayList<>();
        PolicyCompiler.compile(context.ast(), context.source(), found);
        for (Diagnostic d : found) {
            context.error(d.message(), d.span());
        }
    }
}
