package dev.plinth.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How bearer tokens are verified. Every configured key source is used: a token is accepted when any
 * key verifies it. An HMAC secret verifies HS256 tokens (those {@code plinth token} prints); a PEM
 * public key file, a JWKS file and a JWKS URL verify RS256 and ES256 tokens (an identity provider's).
 * With none, authentication is off: owner-scoped tables then refuse every request (there is no
 * caller to scope to) and other tables are open.
 *
 * @param hmacSecret     the shared secret for HS256, at least 32 bytes (RFC 7518 §3.2 requires a key
 *                       of at least the hash size)
 * @param publicKeyFile  a PEM file holding an RSA or EC public key ({@code -----BEGIN PUBLIC KEY-----})
 * @param jwksFile       a JSON Web Key Set file (RFC 7517 §5)
 * @param jwksUrl        the identity provider's {@code jwks_uri} (OpenID Connect Discovery 1.0 §3): a
 *                       JSON Web Key Set fetched over HTTPS (plain HTTP only on a loopback address)
 * @param issuer         the {@code iss} that public-key tokens must carry (RFC 7519 §4.1.1), or empty
 *                       for no check
 * @param audience       a value that public-key tokens' {@code aud} must contain (RFC 7519 §4.1.3), or
 *                       empty for no check
 * @param anonymousReads when true, tables without owner scoping answer GET requests without a token
 *                       even when authentication is configured
 */
public record AuthConfig(Optional<byte[]> hmacSecret, Optional<Path> publicKeyFile, Optional<Path> jwksFile,
                         Optional<URI> jwksUrl, Optional<String> issuer, Optional<String> audience,
                         boolean anonymousReads) {

    /** The environment variable holding the HS256 secret. */
    public static final String SECRET_VARIABLE = "PLINTH_JWT_SECRET";

    /**
     * A configuration without a JWKS URL and without issuer or audience checks; parameters as for the
     * record.
     */
    public AuthConfig(Optional<byte[]> hmacSecret, Optional<Path> publicKeyFile, Optional<Path> jwksFile,
                      boolean anonymousReads) {
        this(hmacSecret, publicKeyFile, jwksFile, Optional.empty(), Optional.empty(), Optional.empty(), anonymousReads);
    }

    /** Authentication off. */
    public static AuthConfig none() {
        return new AuthConfig(Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /**
     * Builds the configuration from the environment and the key-file options, without a JWKS URL.
     *
     * @param environment    the process environment; {@value #SECRET_VARIABLE} is read from it
     * @param publicKeyFile  {@code --jwt-public-key}, or null
     * @param jwksFile       {@code --jwks-file}, or null
     * @param anonymousReads {@code --anonymous-reads}
     * @return the configuration
     */
    public static AuthConfig from(Map<String, String> environment, Path publicKeyFile, Path jwksFile,
                                  boolean anonymousReads) {
        return from(environment, publicKeyFile, jwksFile, null, null, null, anonymousReads);
    }

    /**
     * Builds the configuration from the environment and command-line options.
     *
     * @param environment    the process environment; {@value #SECRET_VARIABLE} is read from it
     * @param publicKeyFile  {@code --jwt-public-key}, or null
     * @param jwksFile       {@code --jwks-file}, or null
     * @param jwksUrl        {@code --jwks-url}, or null
     * @param issuer         {@code --jwt-issuer}, or null
     * @param audience       {@code --jwt-audience}, or null
     * @param anonymousReads {@code --anonymous-reads}
     * @return the configuration
     */
    public static AuthConfig from(Map<String, String> environment, Path publicKeyFile, Path jwksFile, URI jwksUrl,
                                  String issuer, String audience, boolean anonymousReads) {
        String secret = environment.get(SECRET_VARIABLE);
        return new AuthConfig(
                secret == null || secret.isEmpty() ? Optional.empty()
                        : Optional.of(secret.getBytes(StandardCharsets.UTF_8)),
                Optional.ofNullable(publicKeyFile),
                Optional.ofNullable(jwksFile),
                Optional.ofNullable(jwksUrl),
                Optional.ofNullable(issuer),
                Optional.ofNullable(audience),
                anonymousReads);
    }

    /** Returns true when tokens are verified (some key source is configured). */
    public boolean enabled() {
        return hmacSecret.isPresent() || hasPublicKeys();
    }

    /** Returns true when an identity provider's public keys are configured (a PEM file, a JWKS file or URL). */
    public boolean hasPublicKeys() {
        return publicKeyFile.isPresent() || jwksFile.isPresent() || jwksUrl.isPresent();
    }
}
