package dev.plinth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies bearer tokens (JWS-signed JWTs, RFC 7519) and turns them into a {@link Principal}.
 *
 * <p>Checks, in order: the compact form is strict ({@link CompactJws}: three canonical base64url parts,
 * UTF-8 header and payload); the algorithm is one configured — HS256 when {@code PLINTH_JWT_SECRET} is
 * set, RS256 or ES256 when public keys are (a PEM file, a JWKS file, a JWKS URL; every configured
 * source is tried) — and unsigned tokens ({@code alg: none}) are always refused; the signature
 * verifies; {@code exp} is in the future and {@code nbf} in the past (60 seconds of clock skew allowed,
 * RFC 7519 §4.1.4–4.1.5); {@code sub} is present; for public-key tokens, {@code iss} and {@code aud}
 * when configured (RFC 7519 §4.1.1, §4.1.3); finally the claims' shape ({@link ClaimsShape}: no null
 * registered claim, {@code sub} a string, no NUL or lone surrogate). Thread-safe: one instance serves
 * all requests.
 */
public final class TokenVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

    /** Smallest HS256 secret accepted, in bytes (RFC 7518 §3.2: a key of the same size as the hash). */
    public static final int MIN_SECRET_BYTES = 32;

    /** Verifies HS256 tokens with the shared secret; empty without one. */
    private final Optional<JWTProcessor<SecurityContext>> secretTokens;
    /** Verifies the identity provider's RS256/ES256 tokens; empty without public keys. */
    private final Optional<JWTProcessor<SecurityContext>> providerTokens;

    private TokenVerifier(Optional<JWTProcessor<SecurityContext>> secretTokens,
                          Optional<JWTProcessor<SecurityContext>> providerTokens) {
        this.secretTokens = secretTokens;
        this.providerTokens = providerTokens;
    }

    /**
     * Builds a verifier for a configuration. A JWKS URL is fetched once here.
     *
     * @param config the key sources; must be {@link AuthConfig#enabled() enabled}
     * @return the verifier
     * @throws IllegalArgumentException when no key is configured, the secret is shorter than
     *                                  {@value #MIN_SECRET_BYTES} bytes, a key file cannot be read or
     *                                  parsed, the JWKS URL cannot be fetched, or an issuer or audience
     *                                  is given without public keys (the message says which)
     */
    public static TokenVerifier create(AuthConfig config) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("no token key configured: set " + AuthConfig.SECRET_VARIABLE
                    + ", --jwt-public-key, --jwks-file or --jwks-url");
        }
        if ((config.issuer().isPresent() || config.audience().isPresent()) && !config.hasPublicKeys()) {
            throw new IllegalArgumentException("--jwt-issuer and --jwt-audience check the identity provider's tokens:"
                    + " give its keys with --jwks-url, --jwks-file or --jwt-public-key");
        }
        Optional<JWTProcessor<SecurityContext>> secretTokens = config.hmacSecret().map(secret -> {
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException(AuthConfig.SECRET_VARIABLE + " must be at least "
                        + MIN_SECRET_BYTES + " bytes long for HS256 (it has " + secret.length + ")");
            }
            return processor(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)),
                    new DefaultJWTClaimsVerifier<>(null, Set.of("sub")));
        });
        Optional<JWTProcessor<SecurityContext>> providerTokens = Optional.empty();
        if (config.hasPublicKeys()) {
            Set<String> required = new HashSet<>(Set.of("sub"));
            JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
            config.issuer().ifPresent(issuer -> {
                exact.issuer(issuer);
                required.add("iss");
            });
            config.audience().ifPresent(audience -> required.add("aud"));
            providerTokens = Optional.of(processor(PublicKeys.from(config), new DefaultJWTClaimsVerifier<>(
                    config.audience().map(Set::of).orElse(null), exact.build(), required, null)));
        }
        return new TokenVerifier(secretTokens, providerTokens);
    }

    private static JWTProcessor<SecurityContext> processor(JWSKeySelector<SecurityContext> keys,
                                                           DefaultJWTClaimsVerifier<SecurityContext> claims) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // Identity providers label access tokens "at+jwt" (RFC 9068 §2.1); Plinth's own say "JWT".
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
        processor.setJWSKeySelector(keys);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    /**
     * Verifies a token.
     *
     * @param bearerToken the compact JWT, without the {@code Bearer } prefix
     * @return the caller
     * @throws AuthenticationException when the token is refused; the message says why
     */
    public Principal verify(String bearerToken) throws AuthenticationException {
        if (bearerToken == null || bearerToken.isBlank()) {
            throw new AuthenticationException("the bearer token is empty");
        }
        SignedJWT jwt = CompactJws.parse(bearerToken.strip());
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        boolean hmac = JWSAlgorithm.Family.HMAC_SHA.contains(algorithm);
        JWTProcessor<SecurityContext> processor = (hmac ? secretTokens : providerTokens).orElseThrow(() ->
                new AuthenticationException("tokens signed with " + algorithm + " are not accepted: "
                        + (hmac ? "no " + AuthConfig.SECRET_VARIABLE + " is configured"
                                : "no public key is configured (--jwt-public-key, --jwks-file, --jwks-url)")));
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (BadJOSEException e) {
            throw new AuthenticationException("the bearer token was refused: " + e.getMessage());
        } catch (KeySourceException e) {
            // The provider's URL and the network error are for the operator, not the caller.
            LOG.warn("cannot verify a token: {}", e.getMessage());
            throw new AuthenticationException("the identity provider's keys could not be fetched to verify the token");
        } catch (JOSEException e) {
            throw new AuthenticationException("the bearer token could not be verified: " + e.getMessage());
        }
        ClaimsShape.check(jwt.getPayload().toJSONObject());
        return new Principal(claims.getSubject(), plainClaims(claims));
    }

    /** Converts nimbus's claim values to JSON-shaped values: dates become epoch seconds. */
    private static Map<String, Object> plainClaims(JWTClaimsSet claims) {
        Map<String, Object> plain = new HashMap<>();
        claims.getClaims().forEach((name, value) -> {
            if (value instanceof Date date) {
                plain.put(name, date.getTime() / 1000);
            } else if (value != null) {
                plain.put(name, value);
            }
        });
        return plain;
    }
}
