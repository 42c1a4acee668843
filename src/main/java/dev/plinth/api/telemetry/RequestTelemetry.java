package dev.plinth.api.telemetry;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.MDC;

import java.util.Optional;

/**
 * The outermost Jetty handler: gives every request its id before anything else runs (so even an answer
 * of Jetty's graceful stop carries one) and puts it in the SLF4J MDC for the log lines written while the
 * request is handled. As the server's {@link RequestLog}, which Jetty calls once a response is complete,
 * it records {@code http.server.requests} ({@link HttpServerMetrics}) and writes the access-log line
 * ({@link AccessLog}); each part is optional, so a server without metrics or access log pays for neither.
 *
 * <p>Why a request log and not a wrapped callback: Jetty calls its request log once per completed
 * response, those it answered itself included, and a wrapped callback would hide the original's
 * {@code InvocationType}, by which Jetty decides whether a response may complete without a thread hand-off.
 */
public final class RequestTelemetry extends Handler.Wrapper implements RequestLog {

    private final Optional<HttpServerMetrics> metrics;
    private final Optional<AccessLog> accessLog;

    /**
     * @param metrics   the request timer, or empty when metrics are off
     * @param accessLog the access log, or empty when it is off
     */
    public RequestTelemetry(Optional<HttpServerMetrics> metrics, Optional<AccessLog> accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /** Returns true when there is something to do once a response completes (metrics or access log). */
    public boolean logsRequests() {
        return metrics.isPresent() || accessLog.isPresent();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        RequestRecord record = new RequestRecord(RequestId.choose(request.getHeaders().get(RequestId.HEADER)));
        request.setAttribute(RequestRecord.ATTRIBUTE, record);
        response.getHeaders().put(RequestId.HEADER, record.id());
        MDC.put(AccessLog.MDC_REQUEST_ID, record.id());
        boolean handled = false;
        try {
            handled = super.handle(request, response, callback);
            return handled;
        } finally {
            // Jetty calls log() below on this thread once the response completes; the id stays in the MDC until
            // then, so the access line finds it there instead of putting it in and taking it out again.
            if (!handled || !logsRequests()) {
                MDC.remove(AccessLog.MDC_REQUEST_ID);
            }
        }
    }

    /** Called by Jetty once per completed response (also one Jetty answered itself before any handler). */
    @Override
    public void log(Request request, Response response) {
        long elapsed = System.nanoTime() - request.getBeginNanoTime();
        RequestRecord record = request.getAttribute(RequestRecord.ATTRIBUTE) instanceof RequestRecord r ? r
                : new RequestRecord("-");
        int status = response.getStatus();
        String route = record.route().orElse(null);
        metrics.ifPresent(m -> m.record(request.getMethod(), route, status, elapsed));
        accessLog.ifPresent(log -> log.log(request.getMethod(), request.getHttpURI().getPath(), record, status, elapsed,
                Response.getContentBytesWritten(response)));
        if (record.id().equals(MDC.get(AccessLog.MDC_REQUEST_ID))) {
            MDC.remove(AccessLog.MDC_REQUEST_ID);
        }
    }
}
