package dev.plinth.schema.prisma;

import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;

import java.util.List;

/**
 * Test stand-in for a naming setting: the resolved schema with every table and column that the schema does
 * not name by {@code @map}/{@code @@map} renamed to snake_case ({@code displayName} → {@code display_name},
 * {@code RoomBooking} → {@code room_booking}), and enum database names likewise, as physical names derived
 * from schema names look to the copy.
 */
final class SnakeCaseNames {

    private SnakeCaseNames() {
    }

    /**
     * Renames the physical names of a schema.
     *
     * @param schema the resolved schema
     * @return the schema with derived snake_case tables, columns and enum names where none was mapped
     */
    static Schema of(Schema schema) {
        List<Model> models = schema.models().stream().map(SnakeCaseNames::model).toList();
        List<EnumType> enums = schema.enums().stream().map(e -> e.databaseName().equals(e.name())
                ? new EnumType(e.name(), snake(e.name()), e.values(), e.documentation(), e.span()) : e).toList();
        return new Schema(schema.datasource(), schema.generators(), models, enums, schema.joinTables());
    }

    private static Model model(Model m) {
        List<Field> fields = m.fields().stream().map(f -> f.isColumn() && !f.mapped()
                ? new Field(f.name(), snake(f.name()), f.type(), f.optional(), f.list(), f.defaultValue(), f.id(),
                        f.unique(), f.updatedAt(), f.ignored(), f.nativeType(), f.relation(), f.documentation(), f.span(),
                        !snake(f.name()).equals(f.name()))
                : f).toList();
        String table = m.tableName().equals(m.name()) ? snake(m.name()) : m.tableName();
        return new Model(m.name(), table, m.databaseSchema(), m.view(), m.ignored(), fields, m.primaryKey(), m.indexes(),
                m.documentation(), m.span(), m.displayField());
    }

    /** {@code displayName} → {@code display_name}, {@code RoomBooking} → {@code room_booking}, {@code URLKey} → {@code url_key}. */
    static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z])([A-Z][a-z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
