package dev.plinth.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An identity provider's key endpoint for tests: serves a JWK Set on 127.0.0.1 (a free port) at
 * {@code /.well-known/jwks.json}, with a chosen {@code Cache-Control}, counting the fetches; the set
 * can be rotated while it runs.
 */
public final class JwksTestServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicReference<JWKSet> keys;
    private final AtomicInteger fetches = new AtomicInteger();

    private JwksTestServer(HttpServer server, AtomicReference<JWKSet> keys) {
        this.server = server;
        this.keys = keys;
    }

    /**
     * Starts serving the public halves of {@code initial}.
     *
     * @param initial      the keys served first
     * @param cacheControl the {@code Cache-Control} value of every answer, or null for none
     * @return the running server
     * @throws IOException when no port can be bound
     */
    public static JwksTestServer start(JWKSet initial, String cacheControl) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicReference<JWKSet> keys = new AtomicReference<>(initial.toPublicJWKSet());
        JwksTestServer jwks = new JwksTestServer(server, keys);
        server.createContext("/.well-known/jwks.json", exchange -> {
            jwks.fetches.incrementAndGet();
            byte[] body = keys.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            if (cacheControl != null) {
                exchange.getResponseHeaders().set("Cache-Control", cacheControl);
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return jwks;
    }

    /** Generates an RSA signing key with a key id. */
    public static RSAKey rsaKey(String kid) throws Exception {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    /** Signs an RS256 token for {@code subject} with {@code key}, its {@code kid} in the header. */
    public static String token(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The JWK Set's URL. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    /** Serves {@code next} from now on (the provider rotated its keys). */
    public void rotate(JWKSet next) {
        keys.set(next.toPublicJWKSet());
    }

    /** How many times the set was fetched. */
    public int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
