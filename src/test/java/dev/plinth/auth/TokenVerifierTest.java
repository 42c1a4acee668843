package dev.plinth.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenVerifierTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static AuthConfig secretConfig(byte[] secret) {
        return new AuthConfig(Optional.of(secret), Optional.empty(), Optional.empty(), false);
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Test
    void issuedTokenVerifiesWithItsClaims() throws Exception {
        String token = new TokenIssuer(SECRET).issue("42",
                Map.of("role", "admin", "team_ids", List.of(1, 2)), Duration.ofMinutes(5));

        Principal principal = TokenVerifier.create(secretConfig(SECRET)).verify(token);

        assertThat(principal.subject()).isEqualTo("42");
        assertThat(principal.claimText("role")).contains("admin");
        assertThat(principal.claimTexts("team_ids")).containsExactly("1", "2");
        assertThat(principal.claimTexts("role")).containsExactly("admin");
        assertThat(principal.claims().get("exp")).isInstanceOf(Long.class);
    }

    @Test
    void tokenSignedWithAnotherSecretIsRefused() {
        String token = new TokenIssuer("another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8))
                .issue("42", Map.of(), Duration.ofMinutes(5));

        assertThatThrownBy(() -> TokenVerifier.create(secretConfig(SECRET)).verify(token))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("refused");
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("42")
                .expirationTime(Date.from(Instant.now().minusSeconds(3600))).build();
        String token = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims);

        assertThatThrownBy(() -> TokenVerifier.create(secretConfig(SECRET)).verify(token))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("xpired");
    }

    @Test
    void tokenNotYetValidIsRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("42")
                .notBeforeTime(Date.from(Instant.now().plusSeconds(3600))).build();
        String token = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims);

        assertThatThrownBy(() -> TokenVerifier.create(secretConfig(SECRET)).verify(token))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void tokenWithoutSubjectIsRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("role", "admin").build();
        String token = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims);

        assertThatThrownBy(() -> TokenVerifier.create(secretConfig(SECRET)).verify(token))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("sub");
    }

    @Test
    void unsignedTokenIsRefused() {
        String token = new PlainJWT(new JWTClaimsSet.Builder().subject("42").build()).serialize();

        assertThatThrownBy(() -> TokenVerifier.create(secretConfig(SECRET)).verify(token))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void garbageIsRefused() {
        TokenVerifier verifier = TokenVerifier.create(secretConfig(SECRET));
        for (String garbage : List.of("", "abc", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.", "😀.😀.😀")) {
            assertThatThrownBy(() -> verifier.verify(garbage)).isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void shortSecretIsAConfigurationError() {
        assertThatThrownBy(() -> TokenVerifier.create(secretConfig("short".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void rs256TokenVerifiesWithPemPublicKey(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        String token = sign(new RSASSASigner(pair.getPrivate()), JWSAlgorithm.RS256,
                new JWTClaimsSet.Builder().subject("alice").build());

        TokenVerifier verifier = TokenVerifier.create(
                new AuthConfig(Optional.empty(), Optional.of(pem), Optional.empty(), false));

        assertThat(verifier.verify(token).subject()).isEqualTo("alice");
        // An HS256 token made with the public key's bytes as secret must not pass (algorithm confusion).
        String confused = sign(new MACSigner(pair.getPublic().getEncoded()), JWSAlgorithm.HS256,
                new JWTClaimsSet.Builder().subject("mallory").build());
        assertThatThrownBy(() -> verifier.verify(confused)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void es256TokenVerifiesWithJwksFile(@TempDir Path dir) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        String token = sign(new ECDSASigner(key), JWSAlgorithm.ES256,
                new JWTClaimsSet.Builder().subject("bob").build());

        TokenVerifier verifier = TokenVerifier.create(
                new AuthConfig(Optional.empty(), Optional.empty(), Optional.of(jwks), false));

        assertThat(verifier.verify(token).subject()).isEqualTo("bob");
    }

    @Test
    void unreadableKeyFileIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path notAKey = dir.resolve("nope.pem");
        Files.writeString(notAKey, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> TokenVerifier.create(
                new AuthConfig(Optional.empty(), Optional.of(notAKey), Optional.empty(), false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither an RSA nor an EC public key");
    }
}
