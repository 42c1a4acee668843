package dev.plinth.schema.model;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code datasource} block.
 *
 * @param name       the block's name ({@code db} by convention)
 * @param provider   {@code sqlite}, {@code postgresql} (or {@code postgres}), {@code mysql}, …
 * @param url        the {@code url} property: a literal or {@code env("VAR")}; Prisma 7 moved it to
 *                   {@code prisma.config.ts}, Plinth still reads it to find the database
 * @param properties every other property, as text ({@code relationMode}, {@code directUrl}, {@code schemas}, …)
 * @param span       where the block is declared
 */
public record Datasource(String name, String provider, Optional<ConfigValue> url, Map<String, ConfigValue> properties, Span span) {
    public Datasource {
        properties = Map.copyOf(properties);
    }
}
