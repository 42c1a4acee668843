package dev.plinth.api.telemetry;

import java.util.Optional;

/**
 * What is known about one request for its access-log line and its metrics: its id from the start, the
 * route template once a route matched, the principal's subject once a token was verified. Created by
 * {@link RequestTelemetry} before any handler runs and kept as a request attribute; the fields written
 * during handling are read when the response completes, possibly on another thread, hence volatile.
 */
public final class RequestRecord {

    /** The request attribute holding the record. */
    public static final String ATTRIBUTE = "plinth.request";

    private final String id;
    private volatile String route;
    private volatile String subject;

    /**
     * @param id the request id ({@link RequestId#choose})
     */
    public RequestRecord(String id) {
        this.id = id;
    }

    /**
     * Returns the record of a request being handled.
     *
     * @param ctx the request
     * @return its record; a new one (with a generated id) when {@link RequestTelemetry} did not run, as for
     *         a handler called outside a server
     */
    public static RequestRecord of(io.javalin.http.Context ctx) {
        RequestRecord record = ctx.attribute(ATTRIBUTE);
        if (record == null) {
            record = new RequestRecord(RequestId.generate());
            ctx.attribute(ATTRIBUTE, record);
        }
        return record;
    }

    /** Returns the request id. */
    public String id() {
        return id;
    }

    /** Returns the matched route template, e.g. {@code /api/companies/{key}}; empty when none matched. */
    public Optional<String> route() {
        return Optional.ofNullable(route);
    }

    /**
     * Records the matched route template.
     *
     * @param template the template as registered, e.g. {@code /api/companies/{key}}
     */
    public void route(String template) {
        this.route = template;
    }

    /** Returns the verified token's subject; empty for anonymous requests. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /**
     * Records the principal's subject.
     *
     * @param subject the {@code sub} claim of the verified token
     */
    public void subject(String subject) {
        this.subject = subject;
    }
}
