package dev.plinth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request's JSON body: checks the media type (415), the size limit (413) and the syntax (400).
 *
 * @param mapper   the JSON mapper (exact decimals, duplicate keys refused, trailing tokens refused)
 * @param maxBytes the largest body accepted, in bytes
 */
public record RequestBody(ObjectMapper mapper, long maxBytes) {

    /**
     * Reads and parses the body.
     *
     * @param ctx the request
     * @return the JSON value
     * @throws ProblemException 413, 415 or 400 ({@code malformed_json})
     */
    public JsonNode read(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !isJson(type)) {
            throw ApiProblem.UNSUPPORTED_MEDIA_TYPE.with("send the body as application/json"
                    + (type == null ? " (no Content-Type was given)" : ", not " + type));
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw ApiProblem.MALFORMED_JSON.with("the body could not be read: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw tooLarge();
        }
        return parse(bytes);
    }

    /**
     * Parses JSON bytes.
     *
     * @param bytes the body
     * @return the JSON value
     * @throws ProblemException 400 {@code malformed_json}
     */
    public JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiProblem.MALFORMED_JSON.with("the body is empty; send a JSON object");
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw ApiProblem.MALFORMED_JSON.with("the body is empty; send a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiProblem.MALFORMED_JSON.with("the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiProblem.MALFORMED_JSON.with("the body could not be read: " + e.getMessage());
        }
    }

    private ProblemException tooLarge() {
        return ApiProblem.BODY_TOO_LARGE.with("the body is larger than " + maxBytes + " bytes");
    }

    private static boolean isJson(String contentType) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return base.equals("application/json") || (base.startsWith("application/") && base.endsWith("+json"));
    }
}
