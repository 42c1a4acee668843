package dev.plinth.api.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.plinth.testing.CapturedEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RequestTelemetry} in a real Jetty server on a free port: a log line written by a handler carries
 * the request's id in the MDC, the id is answered, and once the response completes the access line and
 * {@code http.server.requests} are recorded — for a request no handler took too.
 */
class RequestTelemetryTest {

    private static final org.slf4j.Logger HANDLER_LOG = LoggerFactory.getLogger("plinth.test.handler");

    private final CapturedEvents logged = new CapturedEvents();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Server server;
    private Level accessLevel;

    @BeforeEach
    void start() throws Exception {
        logged.start();
        ((Logger) LoggerFactory.getLogger("plinth.test.handler")).addAppender(logged);
        Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
        accessLevel = access.getLevel();
        access.setLevel(Level.INFO);
        access.addAppender(logged);
        server = new Server();
        server.addConnector(new ServerConnector(server));
        RequestTelemetry telemetry = new RequestTelemetry(Optional.of(new HttpServerMetrics(registry)), Optional.of(new AccessLog(true)));
        telemetry.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!request.getHttpURI().getPath().equals("/hello")) {
                    return false; // Jetty answers 404 itself
                }
                ((RequestRecord) request.getAttribute(RequestRecord.ATTRIBUTE)).route("/hello");
                HANDLER_LOG.warn("handling");
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.setHandler(telemetry);
        server.setRequestLog(telemetry);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        ((Logger) LoggerFactory.getLogger("plinth.test.handler")).detachAppender(logged);
        Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
        access.detachAppender(logged);
        access.setLevel(accessLevel);
    }

    @Test
    void theHandlersLogLinesCarryTheRequestIdAndTheAccessLineFollows() throws Exception {
        HttpResponse<String> answer = get("/hello", "trace-me-1");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue(RequestId.HEADER)).contains("trace-me-1");
        List<ILoggingEvent> events = await(2);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getLoggerName()).isEqualTo("plinth.test.handler");
            assertThat(e.getMDCPropertyMap()).containsEntry(AccessLog.MDC_REQUEST_ID, "trace-me-1");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getLoggerName()).isEqualTo(AccessLog.LOGGER);
            assertThat(e.getMDCPropertyMap()).containsEntry(AccessLog.MDC_REQUEST_ID, "trace-me-1");
            assertThat(e.getFormattedMessage()).startsWith("GET /hello 200 ").contains(" 2 B ", "subject -");
        });
        assertThat(registry.get(HttpServerMetrics.NAME).tags("uri", "/hello", "status", "200", "method", "GET",
                "outcome", "SUCCESS").timer().count()).isEqualTo(1);
        // the handler's thread does not keep the id once the request is done
        assertThat(org.slf4j.MDC.get(AccessLog.MDC_REQUEST_ID)).isNull();
    }

    @Test
    void aRequestNoHandlerTookIsCountedAsNotFoundWithItsPathLogged() throws Exception {
        HttpResponse<String> answer = get("/nowhere/42", "bad id with spaces");
        assertThat(answer.statusCode()).isEqualTo(404);
        String id = answer.headers().firstValue(RequestId.HEADER).orElseThrow();
        assertThat(id).hasSize(36).isNotEqualTo("bad id with spaces");
        ILoggingEvent line = await(1).get(0);
        assertThat(line.getFormattedMessage()).startsWith("GET /nowhere/42 404 ");
        assertThat(line.getMDCPropertyMap()).containsEntry(AccessLog.MDC_REQUEST_ID, id);
        assertThat(registry.get(HttpServerMetrics.NAME).tags("uri", "NOT_FOUND", "status", "404").timer().count()).isEqualTo(1);
    }

    @Test
    void anUnknownMethodDoesNotGrowTheSeries() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.send(HttpRequest.newBuilder(uri("/hello")).method("BREW", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        // the handler's own line comes first; the access line (and the timer) once the response completed
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (logged.events().stream().noneMatch(e -> e.getLoggerName().equals(AccessLog.LOGGER)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(registry.find(HttpServerMetrics.NAME).tags("method", "UNKNOWN").timers())
                .extracting(io.micrometer.core.instrument.Timer::count).containsExactly(1L);
        assertThat(registry.find(HttpServerMetrics.NAME).tags("method", "BREW").timer()).isNull();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    private HttpResponse<String> get(String path, String requestId) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(uri(path)).header(RequestId.HEADER, requestId).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The access line is written as the response completes, just after the client has it: wait for it. */
    private List<ILoggingEvent> await(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (logged.events().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<ILoggingEvent> events = logged.events();
        assertThat(events).hasSizeGreaterThanOrEqualTo(count);
        return events;
    }
}
