package dev.plinth.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How bearer tokens are verified. At most one key source is used, in this order of preference:
 * an HMAC secret (HS256), a PEM public key file (RS256 or ES256), a JWKS file (RS256 or ES256).
 * With none, authentication is off: owner-scoped tables then refuse every request (there is no
 * caller to scope to) and other tables are open.
 *
 * @param hmacSecret     the shared secret for HS256, at least 32 bytes (RFC 7518 §3.2 requires a key
 *                       of at least the hash size)
 * @param publicKeyFile  a PEM file holding an RSA or EC public key ({@code -----BEGIN PUBLIC KEY-----})
 * @param jwksFile       a JSON Web Key Set file (RFC 7517 §5)
 * @param anonymousReads when true, tables without owner scoping answer GET requests without a token
 *                       even when authentication is configured
 */
public record AuthConfig(Optional<byte[]> hmacSecret, Optional<Path> publicKeyFile, Optional<Path> jwksFile,
                         boolean anonymousReads) {

    /** The environment variable holding the HS256 secret. */
    public static final String SECRET_VARIABLE = "PLINTH_JWT_SECRET";

    /** Authentication off. */
    public static AuthConfig none() {
        return new AuthConfig(Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /**
     * Builds the configuration from the environment and command-line options.
     *
     * @param environment    the process environment; {@value #SECRET_VARIABLE} is read from it
     * @param publicKeyFile  {@code --jwt-public-key}, or null
     * @param jwksFile       {@code --jwks-file}, or null
     * @param anonymousReads {@code --anonymous-reads}
     * @return the configuration
     */
    public static AuthConfig from(Map<String, String> environment, Path publicKeyFile, Path jwksFile,
                                  boolean anonymousReads) {
        String secret = environment.get(SECRET_VARIABLE);
        return new AuthConfig(
                secret == null || secret.isEmpty() ? Optional.empty()
                        : Optional.of(secret.getBytes(StandardCharsets.UTF_8)),
                Optional.ofNullable(publicKeyFile),
                Optional.ofNullable(jwksFile),
                anonymousReads);
    }

    /** Returns true when tokens are verified (some key source is configured). */
    public boolean enabled() {
        return hmacSecret.isPresent() || publicKeyFile.isPresent() || jwksFile.isPresent();
    }
}
