package dev.plinth.studio;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The Studio's default and the sign-in's rule (docs/studio.md, "Turning the Studio on and off, signing in"). */
class StudioSettingsTest {

    private static final dev.plinth.auth.TokenIssuer ISSUER = new dev.plinth.auth.TokenIssuer(
            "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Test
    void onByDefaultOnLoopbackInterfacesOnly() {
        assertThat(StudioSettings.onByDefault("127.0.0.1")).isTrue();
        assertThat(StudioSettings.onByDefault("::1")).isTrue();
        assertThat(StudioSettings.onByDefault("localhost")).isTrue();
        assertThat(StudioSettings.onByDefault("0.0.0.0")).isFalse();
        assertThat(StudioSettings.onByDefault("::")).isFalse();
        assertThat(StudioSettings.onByDefault("192.0.2.10")).isFalse();
    }

    @Test
    void theSignInNeedsTheStudioASecretAndLoopback() {
        StudioSettings on = StudioSettings.DEFAULT.withSignIn(ISSUER);
        assertThat(on.signInOffered("127.0.0.1")).isTrue();
        assertThat(on.signInOffered("0.0.0.0")).isFalse();
        assertThat(StudioSettings.DEFAULT.signInOffered("127.0.0.1")).as("no secret").isFalse();
        assertThat(new StudioSettings(false, Optional.of(ISSUER), Optional.empty()).signInOffered("127.0.0.1")).isFalse();
    }

    @Test
    void theAddressShownIsOneToOpen() {
        assertThat(StudioSettings.url("127.0.0.1", 8080)).isEqualTo("http://127.0.0.1:8080/studio");
        assertThat(StudioSettings.url("0.0.0.0", 8080)).isEqualTo("http://localhost:8080/studio");
        assertThat(StudioSettings.url("::1", 8080)).isEqualTo("http://[::1]:8080/studio");
    }
}
