package dev.plinth.schema.model;

import java.util.List;
import java.util.Map;

/**
 * A {@code generator} block: read and kept, never acted on by Plinth.
 *
 * @param name            the block's name
 * @param properties      its properties
 * @param previewFeatures the {@code previewFeatures} list, possibly empty
 * @param span            where the block is declared
 */
public record Generator(String name, Map<String, ConfigValue> properties, List<String> previewFeatures, Span span) {
    public Generator {
        properties = Map.copyOf(properties);
        previewFeatures = List.copyOf(previewFeatures);
    }
}
