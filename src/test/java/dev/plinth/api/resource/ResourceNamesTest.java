package dev.plinth.api.resource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Resource names: the plural of the model name in lower snake_case (docs/api.md, "Routes"). */
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

    @Test
    void keepsAcronymsTogether() {
        assertThat(ResourceNames.snakeCase("HTTPLog")).isEqualTo("http_log");
        assertThat(ResourceNames.snakeCase("roomBooking")).isEqualTo("room_booking");
        assertThat(ResourceNames.snakeCase("OAuth2Token")).isEqualTo("o_auth2_token");
        assertThat(ResourceNames.snakeCase("already_snake")).isEqualTo("already_snake");
    }
}
