package dev.plinth.api.resource;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Resource names: the plural of the model name in lower snake_case, unless it is plural already. */
class ResourceNamesTest {

    @Test
    void pluralizesTheLastWordOfTheSnakeCaseName() {
        assertThat(ResourceNames.of("Contact")).isEqualTo("contacts");
        assertThat(ResourceNames.of("Company")).isEqualTo("companies");
        assertThat(ResourceNames.of("RoomBooking")).isEqualTo("room_bookings");
        assertThat(ResourceNames.of("VerificationToken")).isEqualTo("verification_tokens");
        assertThat(ResourceNames.of("Status")).isEqualTo("statuses");
        assertThat(ResourceNames.of("user")).isEqualTo("users");
    }

    /** Words ending in o take -s ({@code memos}, {@code todos}) except the few that take -es ({@code heroes}). */
    @Test
    void oWordsTakeSExceptTheEsFew() {
        assertThat(List.of("Memo", "Todo", "Logo", "Photo", "Repo", "Demo", "Info", "Studio", "Portfolio", "PromoCode", "UserRepo"))
                .extracting(ResourceNames::of)
                .containsExactly("memos", "todos", "logos", "photos", "repos", "demos", "infos", "studios", "portfolios", "promo_codes", "user_repos");
        assertThat(List.of("Hero", "Potato", "Tomato", "Echo")).extracting(ResourceNames::of)
                .containsExactly("heroes", "potatoes", "tomatoes", "echoes");
        assertThat(ResourceNames.of("Memos")).isEqualTo("memos");
        assertThat(ResourceNames.of("Heroes")).isEqualTo("heroes");
    }

    @Test
    void keepsAcronymsTogether() {
        assertThat(ResourceNames.snakeCase("HTTPLog")).isEqualTo("http_log");
        assertThat(ResourceNames.snakeCase("roomBooking")).isEqualTo("room_booking");
        assertThat(ResourceNames.snakeCase("OAuth2Token")).isEqualTo("o_auth2_token");
        assertThat(ResourceNames.snakeCase("already_snake")).isEqualTo("already_snake");
    }

    /** A plural or uncountable last word is kept; singular names are as before. */
    @Test
    void keepsNamesThatAreAlreadyPlural() {
        assertThat(ResourceNames.of("Users")).isEqualTo("users");
        assertThat(ResourceNames.of("ApiKeys")).isEqualTo("api_keys");
        assertThat(ResourceNames.of("CacheData")).isEqualTo("cache_data");
        assertThat(ResourceNames.of("Companies")).isEqualTo("companies");
        assertThat(ResourceNames.of("Statuses")).isEqualTo("statuses");
        assertThat(ResourceNames.of("UserSettings")).isEqualTo("user_settings");
        assertThat(ResourceNames.of("People")).isEqualTo("people");
        assertThat(ResourceNames.of("Sheep")).isEqualTo("sheep");
        assertThat(ResourceNames.of("DailyStats")).isEqualTo("daily_stats");
        // singular words ending in s are still pluralized
        assertThat(ResourceNames.of("Address")).isEqualTo("addresses");
        assertThat(ResourceNames.of("Bonus")).isEqualTo("bonuses");
        assertThat(ResourceNames.of("Analysis")).isEqualTo("analyses");
        assertThat(ResourceNames.of("Alias")).isEqualTo("aliases");
        assertThat(ResourceNames.of("Datum")).isEqualTo("data");
    }

    /** Two models on one route is an error at start, naming both, never a silent clash. */
    @Test
    void twoModelsOnOneRouteAreRefused() {
        var result = dev.plinth.schema.SchemaLoader.parse("schema.prisma",
                "model User {\n  id Int @id\n}\nmodel Users {\n  id Int @id\n}\n");
        var schema = result.schema().orElseThrow();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResourceCatalog.of(schema, dev.plinth.sql.DatabaseKind.SQLITE,
                        new com.fasterxml.jackson.databind.ObjectMapper(), dev.plinth.query.DateTimeStorage.ISO_TEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("User", "Users", "/api/users");
    }
}
