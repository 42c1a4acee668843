package dev.plinth.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.RelationRequest;
import dev.plinth.api.record.RowSpans;
import dev.plinth.api.record.Scope;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.ListQuery;

import dev.plinth.query.Pagination;
import dev.plinth.sql.DatabaseKind;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

/** Renders one list page, with its includes and labels, for the collection route and the nested routes. */
final class ListPage {

    private static final Logger LOG = LoggerFactory.getLogger(ListPage.class);

    private ListPage() {
    }

    /** Pages larger than this many rows are streamed to the client instead of buffered. */
    static final int STREAMED_ABOVE = 1000;

    /**
     * Tells whether a list answer is streamed: {@code per_page=all} and pages of more than
     * {@value #STREAMED_ABOVE} rows, so memory does not grow with the page. Includes and labels rewrite a
     * buffered page, so {@code per_page=all} refuses them and other big pages with them stay buffered.
     *
     * @param query     the parsed query
     * @param relations what to embed
     * @return true to stream
     * @throws ProblemException 400 for {@code per_page=all} with {@code include} or labels
     */
    static boolean streamed(ListQuery query, RelationRequest relations) {
        boolean all = query.pagination() instanceof Pagination.Offset o && o.all();
        if (all && relations.any()) {
            throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "per_page=all cannot embed related rows",
                    List.of(new FieldError("per_page", "invalid_value",
                            "per_page=all streams rows as they are read; drop include/labels or page with per_page or cursor")));
        }
        return !relations.any() && query.pagination().pageSize() > STREAMED_ABOVE;
    }

    /**
     * Streams a page straight from the {@code ResultSet} to the response, holding one read connection
     * for the whole answer. The status (200) and the first rows are sent before the last rows are read,
     * so a database or network failure mid-way cannot become a problem answer any more: the body then
     * stops where it failed, without its closing {@code ]}/{@code }}, which no JSON parser accepts, and the
     * failure is logged (docs/api.md, "Exports"). A failure before the first byte is a normal problem answer.
     *
     * @param api      the shared context
     * @param ctx      the request
     * @param resource the listed resource
     * @param query    the parsed query
     * @param scope    the caller's scope on the resource
     * @param caller   the caller
     * @throws SQLException when the database fails before anything was sent
     */
    static void stream(ApiContext api, Context ctx, Resource resource, ListQuery query, Scope scope, Caller caller)
            throws SQLException {
        api.database().read(c -> {
            boolean postgres = api.database().kind() == DatabaseKind.POSTGRESQL;
            if (postgres) {
                // the PostgreSQL driver fetches in batches only inside a transaction
                c.setAutoCommit(false);
            }
            try {
                // the response stream is opened at the first byte Jackson hands over (after its own
                // buffer of some kilobytes fills), so an early failure still becomes a problem answer
                FirstByteStream out = new FirstByteStream(() -> {
                    ctx.status(200);
                    ctx.contentType("application/json");
                    return ctx.outputStream();
                });
                JsonGenerator g = api.json().createGenerator(out);
                // a failure must not close the document: a cut-off export has to look broken
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
                try {
                    api.lists().list(c, resource, query, scope, caller, g);
                    g.close();
                } catch (SQLException | RuntimeException e) {
                    if (!out.opened()) {
                        throw e;
                    }
                    LOG.error("{} {}: streamed list failed after its first rows; the answer is cut off", ctx.method(), ctx.path(), e);
                    g.flush();
                }
                return null;
            } catch (IOException e) {
                // the client went away (or the stream broke): there is nobody left to answer
                LOG.debug("{} {}: streaming stopped: {}", ctx.method(), ctx.path(), e.toString());
                return null;
            } finally {
                if (postgres) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        });
    }

    /**
     * Renders a page into bytes (buffered so that a database error mid-way still becomes a problem answer).
     *
     * @param api       the shared context
     * @param c         a read connection
     * @param resource  the listed resource
     * @param query     the parsed query
     * @param scope     the caller's scope on the resource
     * @param relations what to embed
     * @param caller    the caller
     * @return the page's JSON
     * @throws SQLException when the database fails
     */
    static byte[] render(ApiContext api, Connection c, Resource resource, ListQuery query, Scope scope,
                         RelationRequest relations, Caller caller) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        // where each row lies, for splicing related rows in (only when something is embedded)
        RowSpans rows = relations.any() ? new RowSpans(out) : null;
        try (JsonGenerator g = api.json().createGenerator((OutputStream) out)) {
            api.lists().list(c, resource, query, scope, caller, g, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] page = out.toByteArray();
        return rows != null ? api.relations().embed(c, resource, page, rows, relations, caller) : page;
    }

    /** An output stream that opens the response stream only when the first byte is written. */
    private static final class FirstByteStream extends OutputStream {
        private final java.util.function.Supplier<OutputStream> open;
        private OutputStream target;

        FirstByteStream(java.util.function.Supplier<OutputStream> open) {
            this.open = open;
        }

        boolean opened() {
            return target != null;
        }

        private OutputStream target() {
            if (target == null) {
                target = open.get();
            }
            return target;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                target().write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (target != null) {
                target.flush();
            }
        }

        @Override
        public void close() throws IOException {
            // the first write may never have come (an empty page is still a few bytes, so only on failure)
            if (target != null) {
                target.close();
            }
        }
    }
}
