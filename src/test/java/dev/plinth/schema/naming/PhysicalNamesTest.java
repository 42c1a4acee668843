package dev.plinth.schema.naming;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code naming}, {@code table_plurals}, {@code api_names} and {@code @@naming}: the names the resolver derives. */
class PhysicalNamesTest {

    private static final String MODELS = """
            model RoomBooking {
              id          Int      @id @default(autoincrement())
              displayName String
              roomTypeId  Int
              roomType    RoomType @relation(fields: [roomTypeId], references: [id])
              mappedNote  String?  @map("note")
              createdAt   DateTime @default(now())

              @@unique([displayName, roomTypeId])
              @@index([createdAt])
            }

            model RoomType {
              id       Int           @id
              name     String        @unique
              bookings RoomBooking[]
            }

            model LegacyThing {
              id        Int    @id
              someField String

              @@naming("exact")
            }

            model Mapped {
              id    Int    @id
              fooBar String

              @@map("the_mapped")
            }
            """;

    static Schema load(String settings, String provider) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", """
                datasource db {
                  provider = "%s"
                  url      = "file:./dev.db"
                }

                generator plinth {
                  provider = "plinth"
                  %s
                }

                """.formatted(provider, settings) + MODELS);
        assertThat(result.errors()).isEmpty();
        return result.schema().orElseThrow();
    }

    private static Field field(Schema schema, String model, String field) {
        return schema.model(model).orElseThrow().field(field).orElseThrow();
    }

    @Test
    void exactIsPrismasNamesAndTheDefault() {
        Schema schema = load("", "sqlite");
        Model booking = schema.model("RoomBooking").orElseThrow();
        assertThat(booking.tableName()).isEqualTo("RoomBooking");
        assertThat(field(schema, "RoomBooking", "displayName").columnName()).isEqualTo("displayName");
        assertThat(field(schema, "RoomBooking", "displayName").apiName()).isEqualTo("displayName");
        assertThat(field(schema, "RoomBooking", "displayName").mapped()).isFalse();
        assertThat(field(schema, "RoomBooking", "mappedNote").apiName()).isEqualTo("note");
        assertThat(booking.primaryKey().orElseThrow().constraintName()).isEqualTo("RoomBooking_pkey");
    }

    @Test
    void snakeCaseDerivesTablesColumnsAndPrismaConstraintNamesFromThem() {
        Schema schema = load("naming = \"snake_case\"", "postgresql");
        Model booking = schema.model("RoomBooking").orElseThrow();
        assertThat(booking.tableName()).isEqualTo("room_booking");
        assertThat(field(schema, "RoomBooking", "displayName").columnName()).isEqualTo("display_name");
        assertThat(field(schema, "RoomBooking", "displayName").mapped()).isTrue();
        assertThat(field(schema, "RoomBooking", "createdAt").columnName()).isEqualTo("created_at");
        assertThat(field(schema, "RoomBooking", "mappedNote").columnName()).isEqualTo("note");
        // the API keeps the column names unless api_names = "field"
        assertThat(field(schema, "RoomBooking", "displayName").apiName()).isEqualTo("display_name");
        assertThat(booking.primaryKey().orElseThrow().constraintName()).isEqualTo("room_booking_pkey");
        assertThat(booking.indexes()).extracting(i -> i.constraintName())
                .containsExactly("room_booking_display_name_room_type_id_key", "room_booking_created_at_idx");
        assertThat(field(schema, "RoomBooking", "roomType").relation().orElseThrow().foreignKeyName())
                .contains("room_booking_room_type_id_fkey");
        assertThat(schema.model("RoomType").orElseThrow().indexes().getFirst().constraintName()).isEqualTo("room_type_name_key");
    }

    @Test
    void mapAndAtAtNamingExactAlwaysWin() {
        Schema schema = load("naming = \"snake_case\"\n  table_plurals = true", "sqlite");
        assertThat(schema.model("Mapped").orElseThrow().tableName()).isEqualTo("the_mapped");
        assertThat(field(schema, "Mapped", "fooBar").columnName()).isEqualTo("foo_bar");
        assertThat(schema.model("LegacyThing").orElseThrow().tableName()).isEqualTo("LegacyThing");
        assertThat(field(schema, "LegacyThing", "someField").columnName()).isEqualTo("someField");
        assertThat(schema.model("RoomBooking").orElseThrow().tableName()).isEqualTo("room_bookings");
        assertThat(schema.model("RoomType").orElseThrow().tableName()).isEqualTo("room_types");
    }

    @Test
    void fieldApiNamesPutACamelCaseApiOnSnakeCaseStorage() {
        Schema schema = load("naming = \"snake_case\"\n  api_names = \"field\"", "sqlite");
        Field displayName = field(schema, "RoomBooking", "displayName");
        assertThat(displayName.columnName()).isEqualTo("display_name");
        assertThat(displayName.apiName()).isEqualTo("displayName");
        assertThat(schema.model("RoomBooking").orElseThrow().fieldByApiName("displayName")).contains(displayName);
        assertThat(schema.model("RoomBooking").orElseThrow().fieldByApiName("display_name")).isEmpty();
        assertThat(field(schema, "RoomBooking", "mappedNote").apiName()).isEqualTo("mappedNote");
    }

    @Test
    void routesFollowRouteCasePrefixAndAtAtRoute() {
        NamingSettings kebab = NamingSettings.of(load("route_case = \"kebab\"\n  path_prefix = \"/api/v1/\"", "sqlite"));
        assertThat(kebab.routeOf("RoomBooking")).isEqualTo("room-bookings");
        assertThat(kebab.pathPrefix()).isEqualTo("/api/v1");
        NamingSettings snake = NamingSettings.of(load("", "sqlite"));
        assertThat(snake.routeOf("RoomBooking")).isEqualTo("room_bookings");
        assertThat(snake.routeOf("Person", java.util.Optional.of("people"))).isEqualTo("people");
        assertThat(snake.pathPrefix()).isEqualTo("/api");
    }

    @Test
    void snakeCaseAndPlurals() {
        assertThat(List.of("displayName", "RoomBooking", "HTTPLog", "userId", "already_snake", "address2"))
                .map(Inflection::snakeCase)
                .containsExactly("display_name", "room_booking", "http_log", "user_id", "already_snake", "address2");
        assertThat(Inflection.pluralizeLast("room_booking")).isEqualTo("room_bookings");
        assertThat(Inflection.pluralizeLast("company")).isEqualTo("companies");
        assertThat(Inflection.pluralizeLast("user_settings")).isEqualTo("user_settings");
        assertThat(Inflection.pluralizeLast("status")).isEqualTo("statuses");
    }
}
