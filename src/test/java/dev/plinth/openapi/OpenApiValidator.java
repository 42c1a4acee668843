package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Validates with {@code com.networknt:json-schema-validator}: an OpenAPI document against the official
 * OpenAPI 3.1 JSON Schema (vendored in {@code src/test/resources/openapi-schemas}, see its README;
 * nothing is fetched), and a JSON value against a component schema of a document (JSON Schema
 * 2020-12 with {@code format} asserted, so a date-time or uuid that is not one fails).
 */
public final class OpenApiValidator {

    /** The OAS 3.1 schema that also checks every Schema Object against the OAS base dialect. */
    static final String SCHEMA_BASE = "https://spec.openapis.org/oas/3.1/schema-base/2021-04-15";

    private static final SchemaRegistry OFFICIAL = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(Map.of(
                    "https://spec.openapis.org/oas/3.1/schema/2021-04-15", resource("v3.1/schema.json"),
                    // the package's schema-base.json spells the dialect's "$ref" as "$ref\"" (a typo the OpenAPI
                    // Initiative fixed in later iterations), which would skip every Schema Object check
                    SCHEMA_BASE, resource("v3.1/schema-base.json").replace("\"$ref\\\"\"", "\"$ref\""),
                    "https://spec.openapis.org/oas/3.1/dialect/base", resource("v3.1/dialect/base.schema.json"),
                    "https://spec.openapis.org/oas/3.1/meta/base", resource("v3.1/meta/base.schema.json"))));

    private static final SchemaRegistry VALUES = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private OpenApiValidator() {
    }

    /**
     * Validates a document against the official OpenAPI 3.1 schema.
     *
     * @param document the document
     * @return one line per error (location and message); empty when valid
     */
    public static List<String> documentErrors(JsonNode document) {
        return lines(OFFICIAL.getSchema(SchemaLocation.of(SCHEMA_BASE)).validate(document));
    }

    /**
     * Validates a value against a schema of a document: {@code #/components/schemas/{name}}, with every
     * {@code $ref} of the document resolved in it.
     *
     * @param document  the OpenAPI document
     * @param reference a JSON pointer into the document, e.g. {@code #/components/schemas/Contact}
     * @param value     the value answered
     * @return one line per error; empty when valid
     */
    public static List<String> valueErrors(JsonNode document, String reference, JsonNode value) {
        ObjectNode schema = ((ObjectNode) document).objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$ref", reference);
        schema.set("components", document.get("components"));
        schema.set("paths", document.get("paths"));
        return lines(VALUES.getSchema(schema).validate(value));
    }

    private static List<String> lines(List<Error> errors) {
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    private static String resource(String name) {
        try (InputStream in = OpenApiValidator.class.getResourceAsStream("/openapi-schemas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource openapi-schemas/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
