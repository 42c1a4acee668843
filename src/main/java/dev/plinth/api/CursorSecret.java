package dev.plinth.api;

import dev.plinth.auth.AuthConfig;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the key that signs keyset cursors comes from ({@link dev.plinth.query.CursorCodec}). Instances
 * behind one load balancer must share it, or a {@code next_cursor} of one is a {@code 400} on another.
 *
 * @param key    the key, at least 16 bytes; empty for a random key of this process
 * @param origin how the banner names the key's source
 */
public record CursorSecret(Optional<byte[]> key, String origin) {

    /** The environment variable holding the cursor key. */
    public static final String VARIABLE = "PLINTH_CURSOR_SECRET";
    /** The shortest cursor key accepted, in bytes. */
    public static final int MIN_BYTES = 16;

    /**
     * Reads the cursor key from the environment: {@value #VARIABLE}; else a key derived from
     * {@code PLINTH_JWT_SECRET} (HMAC-SHA256 of a fixed label, RFC 2104, so the token secret itself never
     * signs cursors); else none, and each process draws a random key.
     *
     * @param environment the process environment
     * @return the key and its origin
     * @throws IllegalArgumentException when {@value #VARIABLE} is set but shorter than {@value #MIN_BYTES} bytes
     */
    public static CursorSecret from(Map<String, String> environment) {
        String secret = environment.get(VARIABLE);
        if (secret != null && !secret.isEmpty()) {
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            if (key.length < MIN_BYTES) {
                throw new IllegalArgumentException(VARIABLE + " must be at least " + MIN_BYTES
                        + " bytes long (it has " + key.length + ")");
            }
            return new CursorSecret(Optional.of(key), VARIABLE);
        }
        String tokenSecret = environment.get(AuthConfig.SECRET_VARIABLE);
        if (tokenSecret != null && !tokenSecret.isEmpty()) {
            return new CursorSecret(Optional.of(derive(tokenSecret)), "a key derived from " + AuthConfig.SECRET_VARIABLE);
        }
        return new CursorSecret(Optional.empty(), "random");
    }

    /** Returns the line the banner prints about cursors. */
    public String describe() {
        return key.isPresent() ? "Cursors: signed with " + origin
                : "Cursors: signed with a random key of this process; another instance or a restart refuses its"
                        + " next_cursor values (set " + VARIABLE + " to share one)";
    }

    private static byte[] derive(String tokenSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("plinth keyset cursor key v1".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
