package dev.plinth.schema.model;

import java.util.Map;
import java.util.Optional;

/**
 * Plinth's schema-wide settings: the properties of the schema's {@code generator plinth { … }} block
 * (docs/schema.md, "Plinth's settings"). A generator block is where a Prisma schema carries settings for
 * tools other than Prisma Client; Prisma validates and keeps it (Prisma docs, "Generators",
 * https://www.prisma.io/docs/orm/prisma-schema/overview/generators), so the schema stays a Prisma schema.
 * Each setting's allowed values are checked by the validator; this class only reads them.
 *
 * @param properties the block's properties by name; empty when the schema has no {@code generator plinth}
 */
public record PlinthSettings(Map<String, ConfigValue> properties) {

    /** The name of the generator block Plinth reads its settings from. */
    public static final String GENERATOR = "plinth";

    /** No settings: a schema without a {@code generator plinth} block behaves as it always did. */
    public static final PlinthSettings NONE = new PlinthSettings(Map.of());

    public PlinthSettings {
        properties = Map.copyOf(properties);
    }

    /**
     * Reads the settings of a schema.
     *
     * @param schema the resolved schema
     * @return its {@code generator plinth} block's properties, or {@link #NONE}
     */
    public static PlinthSettings of(Schema schema) {
        return schema.generators().stream().filter(g -> g.name().equals(GENERATOR)).findFirst()
                .map(g -> new PlinthSettings(g.properties())).orElse(NONE);
    }

    /**
     * Returns a text setting, e.g. {@code naming = "snake_case"}.
     *
     * @param name the property's name
     * @return its text (a bare identifier or {@code true}/{@code false} as written); empty when absent or a list
     */
    public Optional<String> text(String name) {
        ConfigValue value = properties.get(name);
        if (value instanceof ConfigValue.Text t) {
            return Optional.of(t.value());
        }
        if (value instanceof ConfigValue.Raw r) {
            return Optional.of(r.text());
        }
        return Optional.empty();
    }

    /**
     * Returns a yes/no setting, written {@code true} or {@code "true"}.
     *
     * @param name the property's name
     * @return true only when the setting is present and true
     */
    public boolean flag(String name) {
        return text(name).map(v -> v.equals("true")).orElse(false);
    }
}
