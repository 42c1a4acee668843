package dev.plinth.auth;

import com.nimbusds.jwt.SignedJWT;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Parses a JWS in compact serialization strictly, before any of it is trusted: exactly three parts
 * (RFC 7515 §7.1); each part canonical base64url without padding (RFC 7515 §2, RFC 4648 §5 and §3.5:
 * no {@code =}, no {@code +} or {@code /}, no stray bits in the last character), so a token has
 * exactly one spelling; header and payload valid UTF-8 (RFC 7515 §7.1, RFC 8259 §8.1). nimbus-jose-jwt
 * alone decodes leniently (padded standard base64 passes, invalid UTF-8 becomes U+FFFD).
 */
final class CompactJws {

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final String[] PART_NAMES = {"header", "payload", "signature"};

    private CompactJws() {
    }

    /**
     * Parses a token.
     *
     * @param token the compact serialization, {@code header.payload.signature}
     * @return the parsed JWS, signature not yet verified
     * @throws AuthenticationException when the token has not three parts, a part is not canonical
     *                                 unpadded base64url, the header or payload is not UTF-8, or nimbus
     *                                 cannot parse it as a signed JWT
     */
    static SignedJWT parse(String token) throws AuthenticationException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new AuthenticationException("the bearer token is not a signed JWT (header.payload.signature)");
        }
        for (int i = 0; i < parts.length; i++) {
            byte[] bytes = decode(parts[i], PART_NAMES[i]);
            if (i < 2) {
                requireUtf8(bytes, PART_NAMES[i]);
            }
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new AuthenticationException("the bearer token is not a well-formed JWT");
        }
    }

    private static byte[] decode(String part, String name) throws AuthenticationException {
        if (BASE64URL.matcher(part).matches()) {
            try {
                byte[] bytes = Base64.getUrlDecoder().decode(part);
                // Re-encoding exposes non-zero padding bits in the last character (RFC 4648 §3.5).
                if (Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) {
                    return bytes;
                }
            } catch (IllegalArgumentException e) {
                // an impossible length; refused below
            }
        }
        throw new AuthenticationException("the bearer token's " + name
                + " is not base64url without padding (RFC 7515 §2)");
    }

    private static void requireUtf8(byte[] bytes, String name) throws AuthenticationException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new AuthenticationException("the bearer token's " + name + " is not valid UTF-8");
        }
    }
}
