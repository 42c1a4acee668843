package dev.plinth.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.api.value.NumberShape;
import dev.plinth.api.value.StringNumbers;
import dev.plinth.schema.model.PlinthSettings;
import dev.plinth.schema.model.Schema;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How an answer writes Decimal and BigInt values: as JSON numbers (the default) or as JSON strings, which a
 * JavaScript client reads without loss (docs/api.md, "Values in JSON"). A request asks with the
 * preference {@code Prefer: plinth-numbers=string} (or {@code =number}), RFC 7240 "Prefer Header for HTTP"
 * (https://www.rfc-editor.org/rfc/rfc7240); a schema makes strings its default with
 * {@code numbers = "string"} in {@code generator plinth}. An honoured preference is echoed in
 * {@code Preference-Applied}. Answers are rendered with numbers as always (so an {@code ETag} does not
 * depend on the form) and rewritten only when strings are wanted; a schema without Decimal or BigInt fields
 * never looks at the header.
 */
public final class NumberForms {

    /** The preference's name in {@code Prefer}. */
    public static final String PREFERENCE = "plinth-numbers";
    /** The {@code generator plinth} setting. */
    public static final String SETTING = "numbers";

    private final boolean active;
    private final boolean stringsByDefault;
    private final Map<String, NumberShape> rows;
    private final Map<String, NumberShape> pages;
    private final JsonFactory json;

    private NumberForms(boolean active, boolean stringsByDefault, Map<String, NumberShape> rows, JsonFactory json) {
        this.active = active;
        this.stringsByDefault = stringsByDefault;
        this.rows = rows;
        this.pages = rows.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> NumberShape.page(e.getValue())));
        this.json = json;
    }

    /** Numbers as numbers always: for a server built without the schema at hand. */
    public static final NumberForms NONE = new NumberForms(false, false, Map.of(), new JsonFactory());

    /**
     * Prepares the number forms of a served schema.
     *
     * @param schema  the schema (its {@code numbers} setting)
     * @param catalog its resources
     * @param json    the JSON factory answers are written with
     * @return the forms
     */
    public static NumberForms of(Schema schema, ResourceCatalog catalog, JsonFactory json) {
        Map<String, NumberShape> rows = NumberShape.rows(catalog);
        boolean active = rows.values().stream().anyMatch(NumberShape::holdsExact);
        boolean strings = PlinthSettings.of(schema).text(SETTING).map(v -> v.equals("string")).orElse(false);
        return new NumberForms(active, strings, rows, json);
    }

    /**
     * Decides the form of one answer, and echoes an honoured preference in {@code Preference-Applied}.
     *
     * @param ctx the request
     * @return true to write exact numbers as strings
     */
    public boolean strings(Context ctx) {
        if (!active) {
            return false;
        }
        Optional<String> asked = preference(ctx.header("Prefer"));
        if (asked.isEmpty()) {
            return stringsByDefault;
        }
        ctx.header("Preference-Applied", PREFERENCE + "=" + asked.get());
        ctx.res().addHeader("Vary", "Prefer");
        return asked.get().equals("string");
    }

    /**
     * Rewrites a rendered row (or array of rows) of a resource.
     *
     * @param strings  the answer's form ({@link #strings})
     * @param resource the rows' resource
     * @param json     the rendered JSON
     * @return the JSON in the answer's form
     */
    public byte[] row(boolean strings, Resource resource, byte[] json) {
        return strings ? StringNumbers.rewrite(this.json, json, rows.get(resource.name())) : json;
    }

    /**
     * Rewrites a rendered list page ({@code {"data": […], …}}) of a resource.
     *
     * @param strings  the answer's form
     * @param resource the rows' resource
     * @param json     the rendered page
     * @return the page in the answer's form
     */
    public byte[] page(boolean strings, Resource resource, byte[] json) {
        return strings ? StringNumbers.rewrite(this.json, json, pages.get(resource.name())) : json;
    }

    /**
     * Wraps the generator a page is streamed into.
     *
     * @param strings  the answer's form
     * @param resource the rows' resource
     * @param g        the generator
     * @return the generator to write the page into
     */
    public JsonGenerator page(boolean strings, Resource resource, JsonGenerator g) {
        return strings ? new StringNumbers(g, pages.get(resource.name())) : g;
    }

    /**
     * Reads the {@code plinth-numbers} preference of a {@code Prefer} header: comma-separated preferences,
     * each {@code token [= word] *(; parameter)}, names compared without case (RFC 7240, section 2).
     *
     * @param header the header's value, or null
     * @return {@code string} or {@code number}; empty when absent or of another value
     */
    static Optional<String> preference(String header) {
        if (header == null) {
            return Optional.empty();
        }
        for (String item : header.split(",")) {
            String pref = item.split(";", 2)[0].trim();
            int eq = pref.indexOf('=');
            String name = (eq < 0 ? pref : pref.substring(0, eq)).trim();
            if (!name.equalsIgnoreCase(PREFERENCE) || eq < 0) {
                continue;
            }
            String value = pref.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            value = value.toLowerCase(Locale.ROOT);
            if (value.equals("string") || value.equals("number")) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
