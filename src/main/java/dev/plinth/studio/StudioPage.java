package dev.plinth.studio;

import dev.plinth.api.ApiProblem;
import dev.plinth.api.JarResources;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code GET /studio}: Plinth Studio, the web admin for the served data (docs/studio.md). This class
 * serves its static files only, all from the jar: the page and its modules from this package's resources
 * ({@code /studio/assets/{file}}), and lit-html, the library that renders its views, from the
 * {@code org.webjars.npm:lit-html} WebJar ({@code /studio/vendor/lit-html/{path}}, its ES modules kept in
 * their directories so their relative imports resolve). The page reads everything it shows through the
 * public API ({@code /openapi.json}, {@code /api/…}) with the signed-in caller's token, so it needs no
 * token to be served itself: it holds no data.
 */
public final class StudioPage {

    /** The Studio's address. */
    public static final String PATH = "/studio";

    private static final String ASSETS = PATH + "/assets/";
    private static final String VENDOR = PATH + "/vendor/lit-html/";
    private static final String OWN = "/dev/plinth/studio/";
    /** A vendor path: directories and a file name of letters, digits, dots, dashes, ending in .js; no "..". */
    private static final Pattern VENDOR_FILE = Pattern.compile("(?:[a-z0-9-]+/)*[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.js");
    /** The Studio's own files: a fixed list, so nothing else in the package's resources can be fetched. */
    static final Set<String> OWN_FILES = Set.of("studio.css", "app.js", "api.js", "models.js", "sign-in.js", "sidebar.js",
            "table-view.js", "filter-bar.js", "row-view.js", "schema-view.js", "orphans-view.js", "favicon.svg",
            "field-input.js");

    private final String litVersion;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    /**
     * Reads lit-html's version from its WebJar's Maven metadata.
     *
     * @throws IllegalStateException when the WebJar is not on the class path
     */
    public StudioPage() {
        this.litVersion = JarResources.webJarVersion("org.webjars.npm", "lit-html");
    }

    /** The lit-html version the Studio serves (the WebJar's), e.g. {@code 3.3.2}. */
    public String litHtmlVersion() {
        return litVersion;
    }

    /**
     * Adds {@code GET}/{@code HEAD} of {@code /studio}, {@code /studio/assets/{file}} and
     * {@code /studio/vendor/lit-html/{path}} to {@code config}. They are not API routes, so they stay out of
     * the OpenAPI document.
     *
     * @param config the server's configuration, before it starts
     */
    public void register(JavalinConfig config) {
        add(config, PATH, this::page);
        add(config, PATH + "/", this::page);
        add(config, ASSETS + "{file}", this::ownAsset);
        add(config, VENDOR + "<path>", this::vendorAsset);
    }

    private static void add(JavalinConfig config, String path, Handler handler) {
        config.routes.addHttpHandler(HandlerType.GET, path, handler);
        config.routes.addHttpHandler(HandlerType.HEAD, path, handler);
    }

    private void page(Context ctx) {
        // the page names its modules; revalidate it so a new build's modules are picked up
        send(ctx, OWN + "index.html", "text/html; charset=utf-8", "no-cache");
    }

    private void ownAsset(Context ctx) {
        String file = ctx.pathParam("file");
        if (!OWN_FILES.contains(file)) {
            throw ApiProblem.NOT_FOUND.with("no Studio file " + ctx.path());
        }
        // the Studio's own files change with every build: revalidate each time (they are small)
        send(ctx, OWN + file, mediaType(file), "no-cache");
    }

    private void vendorAsset(Context ctx) {
        String path = ctx.pathParam("path");
        if (!VENDOR_FILE.matcher(path).matches() || path.contains("..")) {
            throw ApiProblem.NOT_FOUND.with("no Studio file " + ctx.path());
        }
        String resource = "/META-INF/resources/webjars/lit-html/" + litVersion + "/" + path;
        if (!JarResources.exists(resource)) {
            throw ApiProblem.NOT_FOUND.with("no Studio file " + ctx.path());
        }
        // a vendor file changes only with a new WebJar version: cache for a day, then revalidate with the
        // ETag (RFC 9111 section 5.2.2.1, RFC 9110 section 13.1.2)
        String etag = "\"lit-html-" + litVersion + "-" + path + "\"";
        ctx.header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.header("Cache-Control", "public, max-age=86400");
            ctx.status(304);
            return;
        }
        send(ctx, resource, "text/javascript; charset=utf-8", "public, max-age=86400");
    }

    private void send(Context ctx, String resource, String mediaType, String cacheControl) {
        byte[] body = loaded.computeIfAbsent(resource, JarResources::read);
        ctx.status(200);
        ctx.header("Cache-Control", cacheControl);
        ctx.header("X-Content-Type-Options", "nosniff");
        // the page never sends its address (which may carry #token=… only client-side) to another origin
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.contentType(mediaType);
        ctx.result(body);
    }

    private static String mediaType(String file) {
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (file.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "text/javascript; charset=utf-8";
    }
}
