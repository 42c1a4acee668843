package dev.plinth.api;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

/**
 * Compact JWS tokens (RFC 7515 section 7.1) built by hand, so that a test can sign claims no issuer
 * would write ({@code "sub": null}, {@code "exp": null}, invalid UTF-8) with the server's real key, or
 * break the encoding itself (padding, standard base64, {@code alg: none}).
 *
 * <p>Segments are base64url without padding (RFC 7515 section 2); the signature is HMAC-SHA256 over
 * {@code header.payload} (RFC 7518 section 3.2).
 */
final class HostileTokens {

    private HostileTokens() {
    }

    /** The HS256 header. */
    static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    /**
     * Returns a token over the given header and payload text, signed with the test server's key.
     *
     * @param header  the header JSON, as text
     * @param payload the payload JSON, as text; {@link RawHttpClient#rawByte} characters become raw bytes
     * @return {@code header.payload.signature}
     */
    static String signed(String header, String payload) {
        String input = segment(header) + "." + segment(payload);
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(input));
    }

    /** Returns a valid token of {@code subject} in organization {@code org}, expiring in an hour. */
    static String valid(String subject, int org) {
        return signed(HS256, "{\"sub\":\"" + subject + "\",\"org_id\":" + org + ",\"exp\":" + inAnHour() + "}");
    }

    /** Returns the epoch second an hour from now (a valid {@code exp}). */
    static long inAnHour() {
        return Instant.now().getEpochSecond() + 3600;
    }

    /** Returns the base64url form, without padding, of text encoded as {@link RawHttpClient#encode} does. */
    static String segment(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(RawHttpClient.encode(text));
    }

    /** Returns HMAC-SHA256 of {@code input} with the test server's secret. */
    static byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(TestServer.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
