package dev.plinth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * Signs HS256 tokens with the configured secret: what {@code plinth token} prints, for trying the API
 * and for tests. Production deployments normally take tokens from their identity provider instead.
 */
public final class TokenIssuer {

    private final byte[] secret;

    /**
     * @param secret the HS256 secret, at least {@value TokenVerifier#MIN_SECRET_BYTES} bytes
     * @throws IllegalArgumentException when the secret is too short
     */
    public TokenIssuer(byte[] secret) {
        if (secret.length < TokenVerifier.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret must be at least " + TokenVerifier.MIN_SECRET_BYTES
                    + " bytes long for HS256 (it has " + secret.length + ")");
        }
        this.secret = secret.clone();
    }

    /**
     * Issues a token.
     *
     * @param subject  the {@code sub} claim (the user id)
     * @param claims   further claims (e.g. {@code role}, {@code org_id}); values must be JSON-shaped
     * @param lifetime how long the token is valid from now; sets {@code iat} and {@code exp}
     * @return the compact serialized JWT
     */
    public String issue(String subject, Map<String, Object> claims, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                builder.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            // Only a too-short key makes MACSigner fail, and the constructor refused that already.
            throw new IllegalStateException("could not sign the token", e);
        }
        return jwt.serialize();
    }
}
