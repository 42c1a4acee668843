package dev.plinth.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The identity provider's public keys, from every configured source at once: a PEM key file, a JWKS
 * file, a JWKS URL. A token's candidate keys are those of every source that fit its header; the
 * token is accepted when one of them verifies it. A PEM file holds one key, so a token's {@code kid}
 * is not matched against it (a key without an id matches any {@code kid}); JWK Sets are matched by
 * {@code kid} and key type as RFC 7515 §4.1.4 intends.
 */
final class PublicKeys implements JWSKeySelector<SecurityContext> {

    /** The signature algorithms accepted with public keys (RFC 7518 §3.3, §3.4). */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final List<JWSKeySelector<SecurityContext>> sources;

    private PublicKeys(List<JWSKeySelector<SecurityContext>> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * Reads the configured public keys; a JWKS URL is fetched once now, so a wrong URL is found at start.
     *
     * @param config the configuration; at least one public key source must be set
     * @return the keys
     * @throws IllegalArgumentException when a key file cannot be read or parsed, or the JWKS URL is not
     *                                  https (http on loopback) or cannot be fetched; the message says which
     */
    static PublicKeys from(AuthConfig config) {
        List<JWSKeySelector<SecurityContext>> sources = new ArrayList<>();
        config.publicKeyFile().ifPresent(file -> sources.add(pemKey(file)));
        config.jwksFile().ifPresent(file -> sources.add(
                new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(readJwks(file)))));
        config.jwksUrl().ifPresent(url -> {
            JwksEndpoint endpoint = new JwksEndpoint(url);
            try {
                endpoint.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), System.currentTimeMillis(), null);
            } catch (KeySourceException e) {
                throw new IllegalArgumentException("--jwks-url: " + e.getMessage(), e);
            }
            sources.add(new JWSVerificationKeySelector<>(ALGORITHMS, new JWKSetBasedJWKSource<>(endpoint)));
        });
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no public key configured: set --jwt-public-key, --jwks-file or --jwks-url");
        }
        return new PublicKeys(sources);
    }

    /**
     * Returns the keys of every source that fit the header (algorithm, and {@code kid} for JWK Sets).
     *
     * @throws KeySourceException when a JWK Set URL cannot be fetched and no set is in hand
     */
    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        List<Key> keys = new ArrayList<>();
        for (JWSKeySelector<SecurityContext> source : sources) {
            keys.addAll(source.selectJWSKeys(header, context));
        }
        return keys;
    }

    private static JWSKeySelector<SecurityContext> pemKey(Path file) {
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
        if (key instanceof RSAPublicKey) {
            return new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, key);
        }
        if (!Curve.P_256.equals(Curve.forECParameterSpec(((ECPublicKey) key).getParams()))) {
            throw new IllegalArgumentException(file + " holds an EC key that is not on curve P-256 (ES256 needs P-256)");
        }
        return new SingleKeyJWSKeySelector<>(JWSAlgorithm.ES256, key);
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
