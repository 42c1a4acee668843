package dev.plinth.schema.conventions;

import dev.plinth.schema.model.Convention;
import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Plinth's convention attributes of one model block, read (docs/schema.md, "Conventions"):
 * {@code @@owner(field)}, {@code @@softDelete(field)}, {@code @@tenant(field, claim: "org_id")},
 * {@code @@conventions(false)} or {@code @@conventions(owner: false, …)}, and {@code @@openRead}.
 * Their shapes are checked by the validator ({@code ConventionRules}); this reads what it accepted.
 *
 * @param owner      the field {@code @@owner} names
 * @param softDelete the field {@code @@softDelete} names
 * @param tenant     the field {@code @@tenant} names
 * @param claim      the claim {@code @@tenant(…, claim: "…")} names
 * @param disabled   the convention groups switched off ({@link Convention#GROUPS})
 * @param openRead   true with {@code @@openRead}
 */
public record ConventionAttributes(Optional<String> owner, Optional<String> softDelete, Optional<String> tenant,
                                   Optional<String> claim, Set<String> disabled, boolean openRead) {

    /** {@code @@owner}: names the owner field. */
    public static final String OWNER = "owner";
    /** {@code @@softDelete}: names the soft-delete timestamp. */
    public static final String SOFT_DELETE = "softDelete";
    /** {@code @@tenant}: names the organization field, and optionally its claim. */
    public static final String TENANT = "tenant";
    /** {@code @@conventions}: switches conventions off for a model. */
    public static final String CONVENTIONS = "conventions";
    /** {@code @@openRead}: reads open, writes owner-scoped. */
    public static final String OPEN_READ = "openRead";
    /** Every attribute name this class reads. */
    public static final Set<String> NAMES = Set.of(OWNER, SOFT_DELETE, TENANT, CONVENTIONS, OPEN_READ);

    public ConventionAttributes {
        disabled = Set.copyOf(disabled);
    }

    /**
     * Reads a model block's attributes.
     *
     * @param block a validated model block
     * @return what they say
     */
    public static ConventionAttributes of(ModelBlock block) {
        Set<String> disabled = new LinkedHashSet<>();
        block.attribute(CONVENTIONS).ifPresent(a -> {
            for (Argument arg : a.arguments()) {
                boolean off = arg.value() instanceof Expression.ConstantValue c && c.text().equals("false");
                if (!off) {
                    continue;
                }
                if (arg.name().isEmpty()) {
                    disabled.addAll(Convention.GROUPS);
                } else {
                    disabled.add(arg.name().get().text());
                }
            }
        });
        return new ConventionAttributes(field(block, OWNER), field(block, SOFT_DELETE), field(block, TENANT),
                block.attribute(TENANT).flatMap(a -> ArgumentValues.namedString(a, "claim")),
                disabled, block.attribute(OPEN_READ).isPresent());
    }

    /**
     * Returns the field an attribute names in its first argument.
     *
     * @param attribute the attribute
     * @return the field name written as a bare identifier, or empty
     */
    public static Optional<String> fieldArgument(Attribute attribute) {
        return attribute.namedOrFirst("field").map(Argument::value)
                .filter(v -> v instanceof Expression.ConstantValue).map(v -> ((Expression.ConstantValue) v).text());
    }

    private static Optional<String> field(ModelBlock block, String attribute) {
        return block.attribute(attribute).flatMap(ConventionAttributes::fieldArgument);
    }
}
