package dev.plinth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Verifies bearer tokens (JWS-signed JWTs, RFC 7519) and turns them into a {@link Principal}.
 *
 * <p>Checks, in order: the compact form parses; the algorithm is one configured (HS256 for a secret;
 * RS256 or ES256 for public keys) — unsigned tokens ({@code alg: none}) are always refused; the
 * signature verifies; {@code exp} is in the future and {@code nbf} in the past (60 seconds of clock
 * skew allowed, RFC 7519 §4.1.4–4.1.5); {@code sub} is present. Thread-safe: one instance serves all
 * requests.
 */
public final class TokenVerifier {

    /** Smallest HS256 secret accepted, in bytes (RFC 7518 §3.2: a key of the same size as the hash). */
    public static final int MIN_SECRET_BYTES = 32;

    private final ConfigurableJWTProcessor<SecurityContext> processor;

    private TokenVerifier(ConfigurableJWTProcessor<SecurityContext> processor) {
        this.processor = processor;
    }

    /**
     * Builds a verifier for a configuration.
     *
     * @param config the key source; must be {@link AuthConfig#enabled() enabled}
     * @return the verifier
     * @throws IllegalArgumentException when no key is configured, the secret is shorter than
     *                                  {@value #MIN_SECRET_BYTES} bytes, or a key file cannot be read or
     *                                  parsed (the message names the file and the reason)
     */
    public static TokenVerifier create(AuthConfig config) {
        JWKSource<SecurityContext> keys;
        Set<JWSAlgorithm> algorithms;
        if (config.hmacSecret().isPresent()) {
            byte[] secret = config.hmacSecret().get();
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException(AuthConfig.SECRET_VARIABLE + " must be at least "
                        + MIN_SECRET_BYTES + " bytes long for HS256 (it has " + secret.length + ")");
            }
            keys = new ImmutableSecret<>(secret);
            algorithms = Set.of(JWSAlgorithm.HS256);
        } else if (config.publicKeyFile().isPresent()) {
            keys = new ImmutableJWKSet<>(new JWKSet(readPemPublicKey(config.publicKeyFile().get())));
            algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
        } else if (config.jwksFile().isPresent()) {
            keys = new ImmutableJWKSet<>(readJwks(config.jwksFile().get()));
            algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
        } else {
            throw new IllegalArgumentException("no token key configured: set " + AuthConfig.SECRET_VARIABLE
                    + ", --jwt-public-key or --jwks-file");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, Set.of("sub")));
        return new TokenVerifier(processor);
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
        JWTClaimsSet claims;
        try {
            claims = processor.process(bearerToken.strip(), null);
        } catch (ParseException e) {
            throw new AuthenticationException("the bearer token is not a well-formed JWT");
        } catch (BadJOSEException e) {
            throw new AuthenticationException("the bearer token was refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw new AuthenticationException("the bearer token could not be verified: " + e.getMessage());
        }
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

    private static JWK readPemPublicKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read public key file " + file + ": " + e.getMessage(), e);
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a PEM public key (-----BEGIN PUBLIC KEY-----)", e);
        }
        PublicKey key = decodePublicKey(file, der);
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        ECPublicKey ec = (ECPublicKey) key;
        return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
    }

    private static PublicKey decodePublicKey(Path file, byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException(file + " holds neither an RSA nor an EC public key");
    }

    private static JWKSet readJwks(Path file) {
        try {
            return JWKSet.load(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read JWKS file " + file + ": " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new IllegalArgumentException(file + " is not a JSON Web Key Set: " + e.getMessage(), e);
        }
    }
}
