package dev.plinth.api;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import dev.plinth.api.telemetry.RequestId;
import dev.plinth.api.telemetry.RequestRecord;

import java.nio.ByteBuffer;

/**
 * Answers the errors Jetty raises itself, before a request reaches Plinth's routes (a request line
 * or header block too long, a malformed request), as {@code application/problem+json} (RFC 9457)
 * like every other error of the API, instead of Jetty's HTML page.
 */
final class HttpProblemErrorHandler extends ErrorHandler {

    private final ProblemWriter problems;
    private final dev.plinth.api.cors.CorsPolicy cors;

    /**
     * @param problems renders problem bodies
     * @param cors     the allowed origins, whose headers these answers carry too
     */
    HttpProblemErrorHandler(ProblemWriter problems, dev.plinth.api.cors.CorsPolicy cors) {
        this.problems = problems;
        this.cors = cors;
    }

    /** Bad messages are answered by the HTTP parser, with no request object: only status and reason are known. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ProblemWriter.MEDIA_TYPE);
        String id = RequestId.generate();
        fields.put(RequestId.HEADER, id);
        return ByteBuffer.wrap(render(status, reason, null, id));
    }

    /**
     * Jetty writes an error body only for GET, POST and HEAD ({@code ERROR_METHODS}); every method is
     * answered with problem details here, so a {@code DELETE *} or a {@code PATCH} with a broken header
     * gets the same document as a GET.
     *
     * @param method the request's method, any token
     * @return always {@code true}
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemWriter.MEDIA_TYPE);
        // the id RequestTelemetry gave the request; a new one when the error came before it ran
        String id = request.getAttribute(RequestRecord.ATTRIBUTE) instanceof RequestRecord record ? record.id() : RequestId.generate();
        response.getHeaders().put(RequestId.HEADER, id);
        if (!response.getHeaders().contains("Access-Control-Allow-Origin")) {
            cors.answerHeaders(request.getHeaders().get("Origin")).forEach(response.getHeaders()::put);
        }
        // the status line follows the body's problem, so the two never disagree
        response.setStatus(problemOf(code).status());
        response.write(true, ByteBuffer.wrap(render(problemOf(code).status(), message, request.getHttpURI().getPath(), id)), callback);
    }

    /**
     * Renders the problem of a status Jetty answers; the body's {@code status} and {@code code} are
     * those of the status line (a 505 is not described as a 500).
     */
    private byte[] render(int status, String reason, String path, String requestId) {
        ApiProblem problem = problemOf(status);
        String detail = reason == null || reason.isBlank() ? problem.title() : reason;
        if (problem.status() != status) {
            // a status with no catalog entry: still say which one the status line carries
            detail = "HTTP " + status + ": " + detail;
        }
        return problems.render(problem.with(detail), path, -1, requestId);
    }

    /**
     * Returns the catalog entry of a status the HTTP layer answers.
     *
     * @param status the status of the status line
     * @return the entry with that status; for a status with none, 400 {@code bad_request} for a 4xx,
     *         500 {@code internal_error} otherwise
     */
    static ApiProblem problemOf(int status) {
        return switch (status) {
            case 413 -> ApiProblem.BODY_TOO_LARGE;
            case 414 -> ApiProblem.URI_TOO_LONG;
            case 431 -> ApiProblem.HEADERS_TOO_LARGE;
            case 404 -> ApiProblem.NOT_FOUND;
            case 405 -> ApiProblem.METHOD_NOT_ALLOWED;
            case 408 -> ApiProblem.REQUEST_TIMEOUT;
            case 411 -> ApiProblem.LENGTH_REQUIRED;
            case 415 -> ApiProblem.UNSUPPORTED_MEDIA_TYPE;
            case 417 -> ApiProblem.EXPECTATION_FAILED;
            case 501 -> ApiProblem.NOT_IMPLEMENTED;
            case 503 -> ApiProblem.UNAVAILABLE;
            case 505 -> ApiProblem.HTTP_VERSION_NOT_SUPPORTED;
            default -> status >= 500 ? ApiProblem.INTERNAL : ApiProblem.BAD_REQUEST;
        };
    }
}
