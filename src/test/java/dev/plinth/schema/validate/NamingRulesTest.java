package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The naming settings, {@code @@naming} and {@code @@route} are checked with their place and the values that work. */
class NamingRulesTest {

    static SchemaResult load(String settings, String models) {
        return SchemaLoader.parse("schema.prisma", """
                datasource db {
                  provider = "sqlite"
                  url      = "file:./dev.db"
                }

                generator plinth {
                  provider = "plinth"
                  %s
                }

                model Room {
                  id   Int    @id
                  name String
                }
                %s
                """.formatted(settings, models));
    }

    private static Diagnostic onlyError(SchemaResult result) {
        assertThat(result.errors()).hasSize(1);
        return result.errors().getFirst();
    }

    @Test
    void validSettingsPass() {
        assertThat(load("""
                naming = "snake_case"
                  table_plurals = true
                  api_names = "field"
                  route_case = "kebab"
                  path_prefix = "/api/v1"
                """, "").diagnostics()).isEmpty();
        assertThat(load("naming = \"exact\"\n  api_names = \"column\"\n  route_case = \"snake\"", "").diagnostics()).isEmpty();
    }

    @Test
    void aWrongValueNamesTheValidOnesAtItsPlace() {
        Diagnostic naming = onlyError(load("naming = \"camelCase\"", ""));
        assertThat(naming.message()).contains("naming = \"camelCase\"", "\"exact\"", "\"snake_case\"");
        assertThat(naming.span().line()).isEqualTo(8);
        assertThat(naming.span().column()).isEqualTo(12);
        assertThat(onlyError(load("api_names = \"json\"", "")).message()).contains("\"column\", \"field\"");
        assertThat(onlyError(load("route_case = \"camel\"", "")).message()).contains("\"snake\", \"kebab\"");
        assertThat(onlyError(load("table_plurals = \"yes\"", "")).message()).contains("true, false");
    }

    @Test
    void pathPrefixIsAPathOutsideThePathsThePlinthServesItself() {
        assertThat(onlyError(load("path_prefix = \"api\"", "")).message()).contains("is not a path");
        assertThat(onlyError(load("path_prefix = \"/api/../x\"", "")).message()).contains("is not a path");
        assertThat(onlyError(load("path_prefix = \"/api?x=1\"", "")).message()).contains("is not a path");
        assertThat(onlyError(load("path_prefix = \"/health\"", "")).message()).contains("Plinth serves itself");
        assertThat(onlyError(load("path_prefix = \"/docs/v1\"", "")).message()).contains("Plinth serves itself");
    }

    @Test
    void tablePluralsWithoutSnakeCaseIsAWarning() {
        SchemaResult result = load("table_plurals = true", "");
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("no effect"));
    }

    @Test
    void atAtNamingTakesExactOrSnakeCase() {
        assertThat(load("", "model A {\n  id Int @id\n  @@naming(\"exact\")\n}").diagnostics()).isEmpty();
        Diagnostic wrong = onlyError(load("", "model A {\n  id Int @id\n  @@naming(\"kebab\")\n}"));
        assertThat(wrong.message()).contains("@@naming takes \"exact\"", "\"snake_case\"");
        assertThat(wrong.span().line()).isEqualTo(17);
    }

    @Test
    void atAtRouteIsOnePathSegment() {
        assertThat(load("", "model Person {\n  id Int @id\n  @@route(\"people\")\n}").diagnostics()).isEmpty();
        assertThat(onlyError(load("", "model Person {\n  id Int @id\n  @@route(\"a/b\")\n}")).message())
                .contains("one path segment");
        assertThat(onlyError(load("", "model Person {\n  id Int @id\n  @@route(\"batch\")\n}")).message())
                .contains("/api/batch", "batch route");
    }

    @Test
    void aRouteClashIsAnErrorAtEachModel() {
        SchemaResult kebab = load("route_case = \"kebab\"", "model Rooms {\n  id Int @id\n}");
        assertThat(kebab.errors()).hasSize(2).allSatisfy(e -> assertThat(e.message())
                .contains("Models Room, Rooms would all be served at /api/rooms", "@@route"));
        assertThat(kebab.errors()).extracting(e -> e.span().line()).containsExactly(11, 15);
        SchemaResult byRoute = load("", "model Hall {\n  id Int @id\n  @@route(\"rooms\")\n}");
        assertThat(byRoute.errors()).hasSize(2);
        assertThat(byRoute.errors().get(1).span().line()).isEqualTo(17);
        // the kebab spelling of a two-word model can clash with a one-word @@route too
        assertThat(load("route_case = \"kebab\"", "model RoomBooking {\n  id Int @id\n}\nmodel X {\n  id Int @id\n  @@route(\"room-bookings\")\n}")
                .errors()).hasSize(2);
    }

    @Test
    void aRouteClashWithoutRoutingSettingsStaysAWarningAsBefore() {
        SchemaResult result = SchemaLoader.parse("schema.prisma", "model User {\n  id Int @id\n}\nmodel Users {\n  id Int @id\n}\n");
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).hasSize(2);
    }

    @Test
    void twoFieldsOnOneDerivedColumnAreReported() {
        SchemaResult result = load("naming = \"snake_case\"", "model A {\n  id Int @id\n  userId Int\n  user_id Int\n}");
        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("user_id"));
    }

    @Test
    void aFieldStoredUnderASystemNameIsProtectedFromRules() {
        String model = "model A {\n  id Int @id\n  createdAt DateTime @default(now()) @allow('update', true)\n}";
        assertThat(load("naming = \"snake_case\"", model).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("`createdAt` is a protected system field"));
        assertThat(load("", model).errors()).isEmpty();
    }
}
