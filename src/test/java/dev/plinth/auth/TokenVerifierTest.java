package dev.plinth.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
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
import java.net.URI;
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

    // --- strict tokens (issue 11, A.4 and A.5) ---

    /** Signs a payload given as raw bytes with the HS256 secret, as a hostile client could. */
    private static String signRaw(byte[] payload) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                new Payload(payload));
        jws.sign(new MACSigner(SECRET));
        return jws.serialize();
    }

    private static String signRaw(String payloadJson) throws Exception {
        return signRaw(payloadJson.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> TokenVerifier.create(secretConfig(SECRET)).verify(token))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aNullSubjectIsRefused() throws Exception {
        assertRefused(signRaw("{\"sub\":null}"), "\"sub\" claim is null");
    }

    @Test
    void aNonStringSubjectIsRefused() throws Exception {
        assertThatThrownBy(() -> TokenVerifier.create(secretConfig(SECRET)).verify(signRaw("{\"sub\":42}")))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void aNullExpiryIsRefusedRatherThanReadAsNeverExpiring() throws Exception {
        assertRefused(signRaw("{\"sub\":\"42\",\"exp\":null}"), "\"exp\" claim is null");
        assertRefused(signRaw("{\"sub\":\"42\",\"nbf\":null}"), "\"nbf\" claim is null");
    }

    @Test
    void aSignatureInPaddedStandardBase64IsRefused() throws Exception {
        String token = new TokenIssuer(SECRET).issue("42", Map.of(), Duration.ofMinutes(5));
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        String padded = parts[0] + "." + parts[1] + "." + Base64.getEncoder().encodeToString(signature);
        assertThat(padded).endsWith("=");
        TokenVerifier verifier = TokenVerifier.create(secretConfig(SECRET));
        assertThat(verifier.verify(token).subject()).isEqualTo("42");
        assertRefused(padded, "base64url without padding");
        assertRefused(parts[0] + "=." + parts[1] + "." + parts[2], "base64url without padding");
        // A last character with stray low bits decodes to the same bytes: still not the token's one spelling.
        char last = parts[2].charAt(parts[2].length() - 1);
        String stray = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 1)
                + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charAt(
                        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(last) | 1));
        assertRefused(stray, "base64url without padding");
    }

    @Test
    void invalidUtf8InTheClaimsIsRefused() throws Exception {
        byte[] payload = "{\"sub\":\"4?2\"}".getBytes(StandardCharsets.US_ASCII);
        payload[9] = (byte) 0xFF;
        assertRefused(signRaw(payload), "payload is not valid UTF-8");
    }

    @Test
    void aNulOrALoneSurrogateInAClaimIsRefused() throws Exception {
        assertRefused(signRaw("{\"sub\":\"a\\u0000b\"}"), "\"sub\" claim contains a NUL character");
        assertRefused(new TokenIssuer(SECRET).issue("a\u0000b", Map.of(), Duration.ofMinutes(5)), "NUL character");
        assertRefused(signRaw("{\"sub\":\"42\",\"org_id\":[\"\\ud800\"]}"), "\"org_id\" claim contains a lone surrogate");
        assertRefused(signRaw("{\"sub\":\"42\",\"a\\u0000\":1}"), "a claim name contains a NUL character");
    }

    // --- several key sources, PEM with kid, JWKS URL, iss/aud (issue 11, A.17-A.19) ---

    private static Path pemFile(Path dir, java.security.PublicKey key) throws Exception {
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return pem;
    }

    @Test
    void aPemKeyVerifiesTokensWhateverTheirKid(@TempDir Path dir) throws Exception {
        RSAKey rsa = JwksTestServer.rsaKey("provider-key-7");
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        TokenVerifier rsaVerifier = TokenVerifier.create(new AuthConfig(Optional.empty(),
                Optional.of(pemFile(dir, rsa.toRSAPublicKey())), Optional.empty(), false));
        assertThat(rsaVerifier.verify(JwksTestServer.token(rsa, new JWTClaimsSet.Builder().subject("alice").build()))
                .subject()).isEqualTo("alice");

        Files.delete(dir.resolve("key.pem"));
        TokenVerifier ecVerifier = TokenVerifier.create(new AuthConfig(Optional.empty(),
                Optional.of(pemFile(dir, ec.toECPublicKey())), Optional.empty(), false));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
                new JWTClaimsSet.Builder().subject("carol").build());
        jwt.sign(new ECDSASigner(ec));
        assertThat(ecVerifier.verify(jwt.serialize()).subject()).isEqualTo("carol");
    }

    @Test
    void aSecretAndPublicKeysTogetherAcceptTokensOfEach(@TempDir Path dir) throws Exception {
        RSAKey pemKey = JwksTestServer.rsaKey("pem");
        ECKey jwksKey = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(jwksKey.toPublicJWK()).toString());
        TokenVerifier verifier = TokenVerifier.create(new AuthConfig(Optional.of(SECRET),
                Optional.of(pemFile(dir, pemKey.toRSAPublicKey())), Optional.of(jwks), false));

        assertThat(verifier.verify(new TokenIssuer(SECRET).issue("hs", Map.of(), Duration.ofMinutes(5))).subject())
                .isEqualTo("hs");
        assertThat(verifier.verify(JwksTestServer.token(pemKey, new JWTClaimsSet.Builder().subject("rs").build()))
                .subject()).isEqualTo("rs");
        assertThat(verifier.verify(sign(new ECDSASigner(jwksKey), JWSAlgorithm.ES256,
                new JWTClaimsSet.Builder().subject("es").build())).subject()).isEqualTo("es");
        RSAKey stranger = JwksTestServer.rsaKey("pem");
        assertThatThrownBy(() -> verifier.verify(JwksTestServer.token(stranger, new JWTClaimsSet.Builder().subject("x").build())))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void theIssuerAndAudienceAreCheckedOnProviderTokensOnly(@TempDir Path dir) throws Exception {
        RSAKey key = JwksTestServer.rsaKey("k");
        Path pem = pemFile(dir, key.toRSAPublicKey());
        TokenVerifier verifier = TokenVerifier.create(new AuthConfig(Optional.of(SECRET), Optional.of(pem),
                Optional.empty(), Optional.empty(), Optional.of("https://idp.example/"), Optional.of("plinth-api"), false));
        JWTClaimsSet good = new JWTClaimsSet.Builder().subject("a").issuer("https://idp.example/")
                .audience(List.of("other", "plinth-api")).build();
        assertThat(verifier.verify(JwksTestServer.token(key, good)).subject()).isEqualTo("a");
        for (JWTClaimsSet bad : List.of(
                new JWTClaimsSet.Builder(good).issuer("https://evil.example/").build(),
                new JWTClaimsSet.Builder(good).issuer(null).build(),
                new JWTClaimsSet.Builder(good).audience("other").build(),
                new JWTClaimsSet.Builder(good).audience((String) null).build())) {
            assertThatThrownBy(() -> verifier.verify(JwksTestServer.token(key, bad)))
                    .as(bad.toString()).isInstanceOf(AuthenticationException.class);
        }
        // plinth token's own tokens carry neither and still pass.
        assertThat(verifier.verify(new TokenIssuer(SECRET).issue("hs", Map.of(), Duration.ofMinutes(5))).subject())
                .isEqualTo("hs");
        assertThatThrownBy(() -> TokenVerifier.create(new AuthConfig(Optional.of(SECRET), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("https://idp.example/"), Optional.empty(), false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jwks-url");
    }

    private static AuthConfig jwksUrlConfig(URI url) {
        return new AuthConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(url),
                Optional.empty(), Optional.empty(), false);
    }

    @Test
    void aJwksUrlFollowsKeyRotationAndRefusesUnknownKeys() throws Exception {
        RSAKey key1 = JwksTestServer.rsaKey("key-1");
        RSAKey key2 = JwksTestServer.rsaKey("key-2");
        try (JwksTestServer jwks = JwksTestServer.start(new JWKSet(key1), "public, max-age=3600")) {
            TokenVerifier verifier = TokenVerifier.create(jwksUrlConfig(jwks.url()));
            assertThat(jwks.fetches()).isEqualTo(1);

            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice").build();
            assertThat(verifier.verify(JwksTestServer.token(key1, claims)).subject()).isEqualTo("alice");
            assertThat(verifier.verify(JwksTestServer.token(key1, claims)).subject()).isEqualTo("alice");
            assertThat(jwks.fetches()).as("max-age=3600 keeps the set").isEqualTo(1);

            jwks.rotate(new JWKSet(key2));
            assertThat(verifier.verify(JwksTestServer.token(key2, claims)).subject()).isEqualTo("alice");
            assertThat(jwks.fetches()).as("an unknown kid fetches the set again").isEqualTo(2);

            RSAKey unknown = JwksTestServer.rsaKey("key-3");
            assertThatThrownBy(() -> verifier.verify(JwksTestServer.token(unknown, claims)))
                    .isInstanceOf(AuthenticationException.class);
            assertThatThrownBy(() -> verifier.verify(JwksTestServer.token(key1, claims)))
                    .as("the rotated-out key").isInstanceOf(AuthenticationException.class);
            assertThat(jwks.fetches()).as("rate-limited: at most two fetches per 30 s").isEqualTo(2);
        }
    }

    @Test
    void aJwksUrlWithoutCachingIsFetchedAgainWhenStale() throws Exception {
        RSAKey key1 = JwksTestServer.rsaKey("key-1");
        try (JwksTestServer jwks = JwksTestServer.start(new JWKSet(key1), "no-store")) {
            TokenVerifier verifier = TokenVerifier.create(jwksUrlConfig(jwks.url()));
            verifier.verify(JwksTestServer.token(key1, new JWTClaimsSet.Builder().subject("a").build()));
            assertThat(jwks.fetches()).isEqualTo(2);
        }
    }

    @Test
    void aProviderOutageDoesNotLockCallersOutAtOnce() throws Exception {
        RSAKey key1 = JwksTestServer.rsaKey("key-1");
        TokenVerifier verifier;
        try (JwksTestServer jwks = JwksTestServer.start(new JWKSet(key1), "no-store")) {
            verifier = TokenVerifier.create(jwksUrlConfig(jwks.url()));
        }
        assertThat(verifier.verify(JwksTestServer.token(key1, new JWTClaimsSet.Builder().subject("a").build())).subject())
                .isEqualTo("a");
        assertThatThrownBy(() -> verifier.verify(JwksTestServer.token(JwksTestServer.rsaKey("key-2"),
                new JWTClaimsSet.Builder().subject("a").build())))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageNotContaining("127.0.0.1");
    }

    @Test
    void cacheControlMaxAgeIsRead() {
        assertThat(JwksEndpoint.maxAge(List.of("public, max-age=600, must-revalidate"))).isEqualTo(Duration.ofMinutes(10));
        assertThat(JwksEndpoint.maxAge(List.of("public", "max-age=60"))).isEqualTo(Duration.ofMinutes(1));
        assertThat(JwksEndpoint.maxAge(List.of("s-maxage=600"))).isEqualTo(JwksEndpoint.DEFAULT_MAX_AGE);
        assertThat(JwksEndpoint.maxAge(List.of())).isEqualTo(JwksEndpoint.DEFAULT_MAX_AGE);
        assertThat(JwksEndpoint.maxAge(List.of("no-cache"))).isEqualTo(Duration.ZERO);
        assertThat(JwksEndpoint.maxAge(List.of("max-age=99999999999"))).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aJwksUrlMustBeHttpsOffTheLoopbackAndReachable() throws Exception {
        assertThatThrownBy(() -> TokenVerifier.create(jwksUrlConfig(URI.create("http://idp.example/jwks.json"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        URI gone;
        try (JwksTestServer jwks = JwksTestServer.start(new JWKSet(JwksTestServer.rsaKey("k")), null)) {
            gone = jwks.url();
        }
        assertThatThrownBy(() -> TokenVerifier.create(jwksUrlConfig(gone)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jwks-url");
    }
}
