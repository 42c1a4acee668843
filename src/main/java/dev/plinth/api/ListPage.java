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
     * The most bytes of an export kept on the heap; beyond, it spills to a temporary file. 1 MiB is about
     * 5,000 rows of the benchmark's contacts, so pages up to that size never touch the disk, and 32
     * concurrent exports hold at most 32 MiB (docs/benchmarks.md, finding 13).
     */
    static final int SPOOL_IN_MEMORY_BYTES = 1 << 20;

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
     * Sends a big page or an export: the rows are rendered into an {@link ExportSpool} (memory up to
     * {@value #SPOOL_IN_MEMORY_BYTES} bytes, a temporary file beyond) while one read connection is held, and
     * sent once that connection is back in the pool (chunked, so Javalin may still compress it). A slow or stalled
     * client so never holds a database connection (docs/api.md, "Exports"), and a database failure, found
     * before anything is sent, is a normal problem answer. At most half the pool renders exports at once
     * ({@link dev.plinth.api.store.Database#readExport}).
     *
     * @param api      the shared context
     * @param ctx      the request
     * @param resource the listed resource
     * @param query    the parsed query
     * @param scope    the caller's scope on the resource
     * @param caller   the caller
     * @throws SQLException when the database fails (nothing was sent)
     * @throws IOException  when the temporary file cannot be written (nothing was sent)
     */
    static void stream(ApiContext api, Context ctx, Resource resource, ListQuery query, Scope scope, Caller caller)
            throws SQLException, IOException {
        try (ExportSpool spool = new ExportSpool(SPOOL_IN_MEMORY_BYTES)) {
            api.database().readExport(c -> {
                boolean postgres = api.database().kind() == DatabaseKind.POSTGRESQL;
                if (postgres) {
                    // the PostgreSQL driver fetches in batches only inside a transaction
                    c.setAutoCommit(false);
                }
                try (JsonGenerator g = api.json().createGenerator(spool)) {
                    // the spool is sent below, after the connection is released
                    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    api.lists().list(c, resource, query, scope, caller, g);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    if (postgres) {
                        c.rollback();
                        c.setAutoCommit(true);
                    }
                }
                return null;
            });
            ctx.status(200);
            ctx.contentType("application/json");
            try {
                spool.sendTo(ctx.outputStream());
            } catch (IOException e) {
                // the client went away or stopped reading past the idle timeout: nobody is left to answer
                LOG.debug("{} {}: sending stopped: {}", ctx.method(), ctx.path(), e.toString());
            }
        }
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
}
