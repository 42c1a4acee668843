package dev.plinth.docs;

import dev.plinth.api.ApiProblem;
import dev.plinth.api.JarResources;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /docs}: the interactive API reference (docs/api.md, "API reference page"), Swagger UI over
 * the server's own {@code /openapi.json}. Everything the page loads is served from the jar: Plinth's
 * page and start script from this package, Swagger UI's bundle from the {@code org.webjars:swagger-ui}
 * WebJar (its files sit under {@code META-INF/resources/webjars/swagger-ui/<version>/}), so the page
 * works without any CDN. Like {@code /openapi.json}, the page needs no token: it shows the API, not its
 * data; calls made from it ("Try it out") carry the token typed into "Authorize" and are checked as usual.
 */
public final class ReferencePage {

    /** The page's address. */
    public static final String PATH = "/docs";

    private static final String ASSETS = PATH + "/assets/";
    private static final String OWN = "/dev/plinth/docs/";

    /** A file the page may load: where it lies on the class path, and its media type. */
    private record Asset(String resource, String mediaType) { }

    private final String version;
    private final Map<String, Asset> assets;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    /** Reads the WebJar's version from its Maven metadata; fails when the WebJar is not on the class path. */
    public ReferencePage() {
        this.version = JarResources.webJarVersion("org.webjars", "swagger-ui");
        String webJar = "/META-INF/resources/webjars/swagger-ui/" + version + "/";
        this.assets = Map.of(
                "swagger-ui-bundle.js", new Asset(webJar + "swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
                "swagger-ui.css", new Asset(webJar + "swagger-ui.css", "text/css; charset=utf-8"),
                "favicon-32x32.png", new Asset(webJar + "favicon-32x32.png", "image/png"),
                "favicon-16x16.png", new Asset(webJar + "favicon-16x16.png", "image/png"),
                "plinth-docs.js", new Asset(OWN + "plinth-docs.js", "text/javascript; charset=utf-8"));
    }

    /** The Swagger UI version the page serves (the WebJar's). */
    public String swaggerUiVersion() {
        return version;
    }

    /**
     * Adds {@code GET}/{@code HEAD /docs} and {@code /docs/assets/{file}} to {@code config}. They are not
     * API routes, so they stay out of the server's route list and the OpenAPI document.
     */
    public void register(JavalinConfig config) {
        add(config, PATH, this::page);
        add(config, ASSETS + "{file}", this::asset);
    }

    private static void add(JavalinConfig config, String path, Handler handler) {
        config.routes.addHttpHandler(HandlerType.GET, path, handler);
        config.routes.addHttpHandler(HandlerType.HEAD, path, handler);
    }

    private void page(Context ctx) {
        // the page is tiny and names the assets; revalidate it so a new version's assets are picked up
        send(ctx, new Asset(OWN + "index.html", "text/html; charset=utf-8"), "no-cache");
    }

    private void asset(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("file"));
        if (asset == null) {
            throw ApiProblem.NOT_FOUND.with("no asset " + ctx.path() + " (the reference page serves "
                    + String.join(", ", new java.util.TreeSet<>(assets.keySet())) + ")");
        }
        // the asset changes only with a new Plinth build (a new WebJar version): cache for a day, then
        // revalidate with the ETag (RFC 9111 section 5.2.2.1, RFC 9110 section 13.1.2)
        String etag = "\"swagger-ui-" + version + "-" + ctx.pathParam("file") + "\"";
        ctx.header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.header("Cache-Control", "public, max-age=86400");
            ctx.status(304);
            return;
        }
        send(ctx, asset, "public, max-age=86400");
    }

    private void send(Context ctx, Asset asset, String cacheControl) {
        byte[] body = loaded.computeIfAbsent(asset.resource(), JarResources::read);
        ctx.status(200);
        ctx.header("Cache-Control", cacheControl);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(asset.mediaType());
        ctx.result(body);
    }
}
