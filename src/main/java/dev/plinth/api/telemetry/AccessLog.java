package dev.plinth.api.telemetry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per finished request on the SLF4J logger {@code plinth.access}: method, route template,
 * status, duration, bytes sent, request id and principal subject. With {@code fields} (what
 * {@code --log-format json} asks for) the values also travel as SLF4J key-value pairs, which the JSON
 * encoder writes as fields of their own ({@code method}, {@code route}, {@code status},
 * {@code duration_ms}, {@code bytes}, {@code subject}) for a log shipper; the text format prints the
 * message alone, built without a formatter (every request pays for this line: docs/benchmarks.md,
 * finding 15). The request id is in the MDC ({@code request_id}) while the line is written, as on every
 * other log line of the request.
 *
 * @param fields true to attach the values as key-value pairs (structured logs)
 */
public record AccessLog(boolean fields) {

    /** The logger's name: an operator silences it with this name's level. */
    public static final String LOGGER = "plinth.access";

    /** The MDC key of the request id on every log line of a request. */
    public static final String MDC_REQUEST_ID = "request_id";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /**
     * Renders a duration in milliseconds with three decimals ({@code 0.912}), without {@link String#format}'s
     * cost on every request.
     *
     * @param nanos the duration in nanoseconds, not negative
     * @return e.g. {@code "12.034"}
     */
    static String milliseconds(long nanos) {
        long micros = Math.round(nanos / 1000.0);
        long fraction = micros % 1000;
        return (micros / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    /**
     * Writes the line of one finished request (nothing when the logger is off at INFO).
     *
     * @param method       the request method
     * @param path         the request path, written when no route matched
     * @param record       the request's id, route and subject
     * @param status       the response status
     * @param elapsedNanos the time from arrival to completion, in nanoseconds
     * @param bytes        the response body bytes written
     */
    public void log(String method, String path, RequestRecord record, int status, long elapsedNanos, long bytes) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String route = record.route().orElse(path);
        String subject = record.subject().orElse("-");
        String line = new StringBuilder(96).append(method).append(' ').append(route).append(' ').append(status).append(' ')
                .append(milliseconds(elapsedNanos)).append(" ms ").append(bytes).append(" B subject ").append(subject).toString();
        // Jetty mostly calls the request log on the request's own thread before the handler's MDC entry is
        // removed; only a line written elsewhere needs the id put in (and the previous value put back).
        String previous = MDC.get(MDC_REQUEST_ID);
        if (record.id().equals(previous)) {
            write(method, route, status, elapsedNanos, bytes, subject, line);
            return;
        }
        MDC.put(MDC_REQUEST_ID, record.id());
        try {
            write(method, route, status, elapsedNanos, bytes, subject, line);
        } finally {
            if (previous == null) {
                MDC.remove(MDC_REQUEST_ID);
            } else {
                MDC.put(MDC_REQUEST_ID, previous);
            }
        }
    }

    private void write(String method, String route, int status, long elapsedNanos, long bytes, String subject,
                       String line) {
        if (fields) {
            LOG.atInfo()
                    .addKeyValue("method", method)
                    .addKeyValue("route", route)
                    .addKeyValue("status", status)
                    .addKeyValue("duration_ms", Math.round(elapsedNanos / 1000.0) / 1000.0)
                    .addKeyValue("bytes", bytes)
                    .addKeyValue("subject", subject)
                    .log(line);
        } else {
            LOG.info(line);
        }
    }
}
