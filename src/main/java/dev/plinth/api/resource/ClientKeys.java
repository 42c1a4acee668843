package dev.plinth.api.resource;

import dev.plinth.schema.model.ConfigValue;
import dev.plinth.schema.model.Generator;
import dev.plinth.schema.model.Schema;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The models whose creates may choose a key the schema would otherwise generate: the {@code clientKeys}
 * list of the schema's {@code generator plinth} block, e.g.
 * {@code generator plinth { provider = "plinth" clientKeys = ["Tag", "Country"] }}. A generator block is
 * where a Prisma schema carries settings for tools other than Prisma Client: Prisma validates and keeps
 * it (Prisma docs, "Generators", https://www.prisma.io/docs/orm/prisma-schema/overview/generators), so
 * the schema stays a Prisma schema. Without it, a body that sets such a key is refused (docs/api.md).
 */
public final class ClientKeys {

    /** The name of the generator block Plinth reads its settings from. */
    public static final String GENERATOR = "plinth";

    /** The property listing the models. */
    public static final String PROPERTY = "clientKeys";

    private ClientKeys() {
    }

    /**
     * Reads the models that opted in.
     *
     * @param schema the resolved schema
     * @return model names as written in the schema; empty without the setting
     */
    public static Set<String> models(Schema schema) {
        Set<String> out = new LinkedHashSet<>();
        for (Generator g : schema.generators()) {
            if (!g.name().equals(GENERATOR) || !(g.properties().get(PROPERTY) instanceof ConfigValue.ListValue list)) {
                continue;
            }
            for (ConfigValue v : list.values()) {
                if (v instanceof ConfigValue.Text t) {
                    out.add(t.value());
                }
            }
        }
        return out;
    }
}
