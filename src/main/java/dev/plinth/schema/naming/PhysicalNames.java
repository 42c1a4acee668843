package dev.plinth.schema.naming;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.Optional;

/**
 * Table and column names of a schema's models (docs/schema.md, "Naming"). {@code @@map} and {@code @map}
 * always win (Prisma's rule); otherwise the name is the schema's name ({@code naming = "exact"}, Prisma's
 * behaviour and the default) or its snake_case form ({@code naming = "snake_case"}: field {@code displayName}
 * → column {@code display_name}, model {@code RoomBooking} → table {@code room_booking}, or
 * {@code room_bookings} with {@code table_plurals = true}). A model with {@code @@naming("exact")} keeps its
 * exact names, like the Knex plugin's {@code storage: { naming: 'exact' }}; {@code @@naming("snake_case")}
 * opts one model in under an exact schema.
 *
 * @param settings the schema's naming settings
 */
public record PhysicalNames(NamingSettings settings) {

    /** The model attribute that opts a model out of derived names: {@code @@naming("exact")}. */
    public static final String MODEL_ATTRIBUTE = "naming";

    /** Prisma's names: {@code @@map}/{@code @map} or the schema's names. */
    public static final PhysicalNames EXACT = new PhysicalNames(NamingSettings.DEFAULT);

    /**
     * Returns the table name of a model.
     *
     * @param model the model block
     * @return its {@code @@map}, or its name derived under the schema's naming
     */
    public String table(ModelBlock model) {
        Optional<String> mapped = model.attribute("map").flatMap(a -> a.namedOrFirst("name"))
                .map(a -> a.value() instanceof Expression.StringValue s ? s.value() : null);
        if (mapped.isPresent()) {
            return mapped.get();
        }
        String name = model.name().text();
        if (!derives(model)) {
            return name;
        }
        String snake = Inflection.snakeCase(name);
        return settings.tablePlurals() ? Inflection.pluralizeLast(snake) : snake;
    }

    /**
     * Returns the column name of a field.
     *
     * @param model     the block holding the field
     * @param fieldName the field's name
     * @return its {@code @map}, or its name derived under the schema's naming; the name itself when the field is unknown
     */
    public String column(ModelBlock model, String fieldName) {
        Optional<FieldDeclaration> field = model.field(fieldName);
        Optional<String> mapped = field.flatMap(f -> f.attribute("map")).flatMap(a -> ArgumentValues.string(a, "name"));
        if (mapped.isPresent()) {
            return mapped.get();
        }
        return field.isPresent() && derives(model) ? Inflection.snakeCase(fieldName) : fieldName;
    }

    /**
     * Tells whether a model's names are derived: its {@code @@naming("exact" | "snake_case")} decides,
     * else the schema's {@code naming}.
     *
     * @param model the model block
     * @return true when unmapped names are turned into snake_case
     */
    public boolean derives(ModelBlock model) {
        return model.attribute(MODEL_ATTRIBUTE)
                .flatMap(a -> a.namedOrFirst("value")).flatMap(a -> ArgumentValues.string(a.value()))
                .map(v -> v.equals("snake_case")).orElse(settings.snakeCaseStorage());
    }
}
