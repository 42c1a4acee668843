package dev.plinth.api.record;

import dev.plinth.schema.model.ConfigValue;
import dev.plinth.schema.model.Generator;
import dev.plinth.schema.model.PlinthSettings;
import dev.plinth.schema.model.Schema;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * How a soft delete treats rows that reference the deleted row under {@code onDelete: Cascade} but have no
 * soft-delete column of their own (docs/api.md, "Soft delete and cascades"): the {@code cascadeHardDelete} and
 * {@code cascadeKeep} lists of model names in the schema's {@code generator plinth} block. A model in neither
 * list blocks the soft delete (409) while such rows exist. {@code plinth validate} checks the lists.
 *
 * @param hardDelete the models whose rows are hard-deleted with a soft-deleted parent
 * @param keep       the models whose rows are left as they are
 */
public record CascadeSettings(Set<String> hardDelete, Set<String> keep) {

    /** The setting listing models whose rows are hard-deleted. */
    public static final String HARD_DELETE = "cascadeHardDelete";

    /** The setting listing models whose rows are kept. */
    public static final String KEEP = "cascadeKeep";

    public CascadeSettings {
        hardDelete = Set.copyOf(hardDelete);
        keep = Set.copyOf(keep);
    }

    /**
     * Reads the settings of a schema.
     *
     * @param schema the resolved schema
     * @return the two lists; empty without them
     */
    public static CascadeSettings of(Schema schema) {
        return new CascadeSettings(models(schema, HARD_DELETE), models(schema, KEEP));
    }

    /** What happens to the rows of a model without a soft-delete column under a soft-deleted Cascade parent. */
    public enum Treatment {
        /** Refused with 409 {@code still_referenced} while such rows exist (no setting). */
        RESTRICT,
        /** Hard-deleted in the same transaction ({@code cascadeHardDelete}). */
        HARD_DELETE,
        /** Left as they are ({@code cascadeKeep}). */
        KEEP
    }

    /**
     * Returns the treatment of a model's rows.
     *
     * @param model a model name as written in the schema
     * @return its treatment; {@link Treatment#RESTRICT} when it is in neither list
     */
    public Treatment of(String model) {
        if (hardDelete.contains(model)) {
            return Treatment.HARD_DELETE;
        }
        return keep.contains(model) ? Treatment.KEEP : Treatment.RESTRICT;
    }

    private static Set<String> models(Schema schema, String property) {
        Set<String> out = new LinkedHashSet<>();
        Optional<Generator> plinth = schema.generators().stream().filter(g -> g.name().equals(PlinthSettings.GENERATOR)).findFirst();
        if (plinth.isPresent() && plinth.get().properties().get(property) instanceof ConfigValue.ListValue list) {
            for (ConfigValue v : list.values()) {
                if (v instanceof ConfigValue.Text t) {
                    out.add(t.value());
                }
            }
        } else if (plinth.isPresent() && plinth.get().properties().get(property) instanceof ConfigValue.Text t) {
            out.add(t.value());
        }
        return out;
    }
}
