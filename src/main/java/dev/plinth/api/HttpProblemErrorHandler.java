package dev.plinth.api;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Answers the errors Jetty raises itself, before a request reaches Plinth's routes (a request line
 * or header block too long, a malformed request), as {@code application/problem+json} (RFC 9457)
 * like every other error of the API, instead of Jetty's HTML page.
 */
final class HttpProblemErrorHandler extends ErrorHandler {

    private final ProblemWriter problems;

    /**
     * @param problems renders problem bodies
     */
    HttpProblemErrorHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    /** Bad messages are answered by the HTTP parser, with no request object: only status and reason are known. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ProblemWriter.MEDIA_TYPE);
        return ByteBuffer.wrap(render(status, reason, null));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemWriter.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(render(code, message, request.getHttpURI().getPath())), callback);
    }

    private byte[] render(int status, String reason, String path) {
        ApiProblem problem = switch (status) {
            case 413 -> ApiProblem.BODY_TOO_LARGE;
            case 414 -> ApiProblem.URI_TOO_LONG;
            case 431 -> ApiProblem.HEADERS_TOO_LARGE;
            case 404 -> ApiProblem.NOT_FOUND;
            case 405 -> ApiProblem.METHOD_NOT_ALLOWED;
            case 415 -> ApiProblem.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ApiProblem.INTERNAL : ApiProblem.BAD_REQUEST;
        };
        String detail = reason == null || reason.isBlank() ? problem.title() : reason;
        return problems.render(problem.with(detail), path, -1);
    }
}
