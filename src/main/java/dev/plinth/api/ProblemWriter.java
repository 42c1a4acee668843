package dev.plinth.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Renders a {@link ProblemException} as an RFC 9457 problem details document.
 */
public final class ProblemWriter {

    /** The media type of problem bodies (RFC 9457 section 3). */
    public static final String MEDIA_TYPE = "application/problem+json";

    private final JsonFactory factory;

    /**
     * Creates a writer.
     *
     * @param factory the JSON factory shared by the server
     */
    public ProblemWriter(JsonFactory factory) {
        this.factory = factory;
    }

    /**
     * Renders a problem.
     *
     * @param problem   the problem
     * @param instance  the request path, for the {@code instance} member
     * @param operation the index of the failed batch operation, or -1
     * @param requestId the request's id ({@code X-Request-Id}), for the {@code request_id} member, or null
     * @return the UTF-8 JSON bytes
     */
    public byte[] render(ProblemException problem, String instance, int operation, String requestId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(g, problem, instance, operation, requestId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes a problem object into a generator.
     *
     * @param g         the generator
     * @param problem   the problem
     * @param instance  the request path, or null
     * @param operation the index of the failed batch operation, or -1
     * @param requestId the request's id, written as {@code request_id} (an extension member, RFC 9457
     *                  section 3.2) so a reported answer can be found in the log; null to leave it out
     * @throws IOException when writing fails
     */
    public void write(JsonGenerator g, ProblemException problem, String instance, int operation, String requestId)
            throws IOException {
        ApiProblem p = problem.problem();
        g.writeStartObject();
        g.writeStringField("type", p.type());
        g.writeStringField("title", p.title());
        g.writeNumberField("status", p.status());
        g.writeStringField("code", p.code());
        if (problem.detail() != null) {
            g.writeStringField("detail", problem.detail());
        }
        if (instance != null) {
            g.writeStringField("instance", instance);
        }
        if (operation >= 0) {
            g.writeNumberField("operation", operation);
        }
        if (requestId != null) {
            g.writeStringField("request_id", requestId);
        }
        if (!problem.errors().isEmpty()) {
            g.writeArrayFieldStart("errors");
            for (FieldError e : problem.errors()) {
                g.writeStartObject();
                g.writeStringField("field", e.field());
                g.writeStringField("code", e.code());
                g.writeStringField("message", e.message());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (problem.currentRow() != null) {
            g.writeFieldName("current");
            g.writeRawValue(new String(problem.currentRow(), java.nio.charset.StandardCharsets.UTF_8));
        }
        g.writeEndObject();
    }
}
