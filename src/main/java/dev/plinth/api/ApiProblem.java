package dev.plinth.api;

/**
 * The catalog of every error the REST API answers: each entry owns its HTTP status, its stable
 * machine {@code code} and its title. Bodies are {@code application/problem+json} (RFC 9457,
 * https://www.rfc-editor.org/rfc/rfc9457); the {@code type} member is {@code urn:plinth:problem:{code}}.
 *
 * <p>The codes are part of the API: clients switch on them, so they never change once published.
 */
public enum ApiProblem {
    /** The HTTP request itself is malformed (request line, headers, encoding); answered before routing. */
    BAD_REQUEST(400, "bad_request", "Bad request"),
    /** The body is not well-formed JSON. */
    MALFORMED_JSON(400, "malformed_json", "Malformed JSON"),
    /** The query string has a percent-escape that is not {@code %} and two hex digits, or bytes that are not UTF-8. */
    MALFORMED_QUERY(400, "malformed_query", "Malformed query string"),
    /** The path has a percent-escape that is not {@code %} and two hex digits, or bytes that are not UTF-8. */
    MALFORMED_PATH(400, "malformed_path", "Malformed path"),
    /** A query parameter's shape is wrong (unknown lookup, malformed group, bad page size, repeated reserved word). */
    INVALID_PARAMETER(400, "invalid_parameter", "Invalid query parameter"),
    /** A query parameter names no served column; the valid columns are listed. */
    UNKNOWN_COLUMN(400, "unknown_column", "Unknown column"),
    /** A query parameter's value does not parse as its column's type. */
    INVALID_VALUE(400, "invalid_value", "Invalid query value"),
    /** A query parameter that is understood but not served for this resource. */
    NOT_SUPPORTED(400, "not_supported", "Not supported"),
    /** A path key does not parse as the primary key's type or has the wrong number of parts. */
    INVALID_KEY(400, "invalid_key", "Invalid key"),
    /** A collection PATCH or DELETE without a filter. */
    FILTER_REQUIRED(400, "filter_required", "A filter is required"),
    /** A batch request that is not a list of operations. */
    INVALID_BATCH(400, "invalid_batch", "Invalid batch"),
    /** No token, or a token that does not verify. */
    UNAUTHENTICATED(401, "unauthenticated", "Authentication required"),
    /** The caller is known but may not do this. */
    FORBIDDEN(403, "forbidden", "Forbidden"),
    /** No such resource or row, or a row outside the caller's scope. */
    NOT_FOUND(404, "not_found", "Not found"),
    /** The method is not served on this path (views are read-only). */
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed"),
    /** A unique constraint would be broken. */
    UNIQUE_VIOLATION(409, "unique_violation", "Unique constraint violated"),
    /** {@code _expected_updated_at} differs from the row's {@code updated_at}. */
    CONCURRENT_UPDATE(409, "concurrent_update", "The row changed since it was read"),
    /** Deleting a row that rows of another resource still reference under Restrict. */
    STILL_REFERENCED(409, "still_referenced", "The row is still referenced"),
    /** {@code If-Match} no longer matches the row's ETag (RFC 9110 section 13.1.1). */
    PRECONDITION_FAILED(412, "precondition_failed", "Precondition failed"),
    /** The body is larger than the configured limit. */
    BODY_TOO_LARGE(413, "body_too_large", "Request body too large"),
    /** The request target (path and query) is longer than the server reads (RFC 9110 section 15.5.15). */
    URI_TOO_LONG(414, "uri_too_long", "URI too long"),
    /** The body is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported media type"),
    /** The request's header fields are larger than the server reads (RFC 6585 section 5). */
    HEADERS_TOO_LARGE(431, "headers_too_large", "Request header fields too large"),
    /** The client sent its request too slowly (RFC 9110 section 15.5.9); answered by the HTTP layer. */
    REQUEST_TIMEOUT(408, "request_timeout", "Request timeout"),
    /** A body was sent without a length the server can read (RFC 9110 section 15.5.12). */
    LENGTH_REQUIRED(411, "length_required", "Length required"),
    /** An {@code Expect} the server cannot meet (RFC 9110 section 15.5.18). */
    EXPECTATION_FAILED(417, "expectation_failed", "Expectation failed"),
    /** A method or transfer coding the server does not implement (RFC 9110 section 15.6.2). */
    NOT_IMPLEMENTED(501, "not_implemented", "Not implemented"),
    /** The request line names an HTTP version the server does not speak (RFC 9110 section 15.6.6). */
    HTTP_VERSION_NOT_SUPPORTED(505, "http_version_not_supported", "HTTP version not supported"),
    /** A value is beyond a limit of the database (an index entry, a row, a string the database cannot hold). */
    LIMIT_EXCEEDED(422, "limit_exceeded", "A database limit was exceeded"),
    /** The body breaks the schema: see the per-field {@code errors}. */
    VALIDATION_FAILED(422, "validation_failed", "The body does not match the schema"),
    /** A body changes a row's key (PATCH), or sets a key the server generates (POST); docs/api.md, "Keys, references and what a body may hold". */
    IMMUTABLE_FIELD(422, "immutable_field", "The field cannot be changed"),
    /** A text value is longer than an indexed or {@code @db.VarChar(n)} column takes (docs/api.md, "Keys, references and what a body may hold"). */
    VALUE_TOO_LONG(422, "value_too_long", "Value too long"),
    /** A foreign key in the body points at no row. */
    FOREIGN_KEY_VIOLATION(422, "foreign_key_violation", "Referenced row does not exist"),
    /** The database is busy; the request changed nothing and may be retried. */
    UNAVAILABLE(503, "unavailable", "Service unavailable"),
    /** A fault in Plinth or the database; never caused by input alone. */
    INTERNAL(500, "internal_error", "Internal error");

    private final int status;
    private final String code;
    private final String title;

    ApiProblem(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    /** Returns the HTTP status code. */
    public int status() {
        return status;
    }

    /** Returns the stable machine code, e.g. {@code unique_violation}. */
    public String code() {
        return code;
    }

    /** Returns the short human title. */
    public String title() {
        return title;
    }

    /** Returns the problem type URI (RFC 9457 section 3.1.1). */
    public String type() {
        return "urn:plinth:problem:" + code;
    }

    /**
     * Creates the exception that carries this problem to the HTTP layer.
     *
     * @param detail a human explanation specific to this occurrence
     * @return the exception, to be thrown
     */
    public ProblemException with(String detail) {
        return new ProblemException(this, detail, java.util.List.of(), null);
    }
}
