package dev.plinth.schema.validate;

import dev.plinth.schema.model.PlinthSettings;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.Expression;

import java.util.Optional;
import java.util.Set;

/**
 * Checks the {@code numbers} setting of {@code generator plinth}: {@code "number"} (the default) or
 * {@code "string"}, how answers write Decimal and BigInt values (docs/schema.md, "Plinth's settings";
 * docs/api.md, "Values in JSON").
 */
final class NumberSettingRules implements Rule {

    /** The setting's name. */
    static final String NUMBERS = "numbers";

    private static final Set<String> VALUES = Set.of("number", "string");

    @Override
    public void check(ValidationContext context) {
        Optional<ConfigBlock> plinth = context.ast().configBlocks().stream()
                .filter(b -> b.kind() == ConfigBlock.Kind.GENERATOR && b.name().text().equals(PlinthSettings.GENERATOR)).findFirst();
        plinth.flatMap(b -> b.property(NUMBERS)).ifPresent(p -> {
            boolean ok = p.value() instanceof Expression.StringValue s && VALUES.contains(s.value());
            if (!ok) {
                context.error("The setting `numbers` of generator plinth must be one of \"number\", \"string\", not `"
                        + context.raw(p.value()) + "`.", p.value().span());
            }
        });
    }
}
