package dev.plinth.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Reads the files the server's pages serve from its own jar: the pages' own files and the WebJars'
 * (libraries packaged as jars, their files under {@code META-INF/resources/webjars/<artifact>/<version>/};
 * https://www.webjars.org/documentation). Used by the API reference page ({@code /docs}) and the Studio
 * ({@code /studio}).
 */
public final class JarResources {

    private JarResources() {
    }

    /**
     * Reads a class-path resource whole.
     *
     * @param resource an absolute resource name, e.g. {@code /dev/plinth/studio/app.js}
     * @return its bytes
     * @throws IllegalStateException when the jar lacks it
     * @throws UncheckedIOException  when it cannot be read
     */
    public static byte[] read(String resource) {
        try (InputStream in = JarResources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * Tells whether a class-path resource exists.
     *
     * @param resource an absolute resource name
     * @return true when the jar holds it
     */
    public static boolean exists(String resource) {
        return JarResources.class.getResource(resource) != null;
    }

    /**
     * Reads the version of a WebJar from its Maven metadata ({@code META-INF/maven/<group>/<artifact>/pom.properties}).
     *
     * @param group    the WebJar's group id, e.g. {@code org.webjars.npm}
     * @param artifact its artifact id, e.g. {@code lit-html}
     * @return the version, e.g. {@code 3.3.2}
     * @throws IllegalStateException when the WebJar is not on the class path
     * @throws UncheckedIOException  when its metadata cannot be read
     */
    public static String webJarVersion(String group, String artifact) {
        String metadata = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        if (!exists(metadata)) {
            throw new IllegalStateException("the " + artifact + " WebJar is not on the class path (no " + metadata + ")");
        }
        Properties p = new Properties();
        try (InputStream in = JarResources.class.getResourceAsStream(metadata)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metadata, e);
        }
        return p.getProperty("version");
    }
}
