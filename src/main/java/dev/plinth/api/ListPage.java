package dev.plinth.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.ListService;
import dev.plinth.api.record.TotalCounter;
import dev.plinth.api.record.RelationRequest;
import dev.plinth.api.record.RowSpans;
import dev.plinth.api.record.Scope;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.CountMode;
import dev.plinth.query.ListQuery;

import dev.plinth.query.Pagination;
import dev.plinth.sql.DatabaseKind;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
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
        if (all && relations.any() && !relations.asked()) {
            return true; // labels only by the schema's labels = "always": an export streams the rows without them
        }
        if (all && relations.any()) {
            throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "per_page=all cannot embed related rows",
                    List.of(new FieldError("per_page", "invalid_value",
                            "per_page=all streams rows as they are read; drop include/labels or page with per_page or cursor")));
        }
        return !relations.any() && query.pagination().pageSize() > STREAMED_ABOVE;
    }

    /**
     * Sends a big page or an export: the rows are rendered into an {@link ExportSpool} (memory up to
     * {@value #SPOOL_IN_MEMORY_BYTES} bytes, a temporary file beyond) while one read connection is held,
     * and sent as they are rendered; rendering goes on at the database's pace however slowly the client
     * reads, so the connection is back in the pool as soon as the last row is rendered and a slow or
     * stalled client never holds it (docs/api.md, "Limits and timeouts"). At most half the pool renders
     * exports at once ({@link dev.plinth.api.store.Database#readExport}). A failure before the first
     * 64 KiB are rendered is a normal problem answer; a later one cuts the answer off without its
     * closing {@code ]}/{@code }}, which no JSON parser accepts, and is logged (docs/query.md, "Exports").
     *
     * @param api      the shared context
     * @param ctx      the request
     * @param resource the listed resource
     * @param query    the parsed query
     * @param scope    the caller's scope on the resource
     * @param caller   the caller
     * @throws SQLException when the database fails before anything was sent
     * @throws IOException  when the temporary file cannot be written before anything was sent
     */
    static void stream(ApiContext api, Context ctx, Resource resource, ListQuery query, Scope scope, Caller caller)
            throws SQLException, IOException {
        stream(api, ctx, resource, query, scope, caller, false);
    }

    /**
     * Sends a big page or an export, its Decimal and BigInt values as strings when asked ({@link NumberForms}).
     *
     * @param api      the shared context
     * @param ctx      the request
     * @param resource the listed resource
     * @param query    the parsed query
     * @param scope    the caller's scope on the resource
     * @param caller   the caller
     * @param strings  true to write exact numbers as strings
     * @throws SQLException when the database fails before anything was sent
     * @throws IOException  when the temporary file cannot be written before anything was sent
     */
    static void stream(ApiContext api, Context ctx, Resource resource, ListQuery query, Scope scope, Caller caller,
                       boolean strings) throws SQLException, IOException {
        ExportSpool spool = new ExportSpool(SPOOL_IN_MEMORY_BYTES);
        Thread render = Thread.ofVirtual().start(() -> {
            try {
                api.database().readExport(c -> render(api, c, resource, query, scope, caller, spool, strings));
                spool.finish();
            } catch (Throwable e) {
                spool.fail(e);
            }
        });
        try {
            spool.awaitStart();
            ctx.status(200);
            ctx.contentType("application/json");
            try {
                spool.sendTo(ctx.outputStream());
            } catch (IOException e) {
                if (spool.failed()) {
                    LOG.error("{} {}: streamed list failed after its first rows; the answer is cut off", ctx.method(), ctx.path(), e);
                } else {
                    // the client went away or read nothing past the idle timeout: nobody is left to answer
                    LOG.debug("{} {}: sending stopped: {}", ctx.method(), ctx.path(), e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending an export", e);
        } finally {
            // rendering ends at the database's pace; only then may the spool's file go
            boolean interrupted = false;
            while (render.isAlive()) {
                try {
                    render.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            spool.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Renders the rows into the spool on a read connection; the document is closed only on success. */
    private static Void render(ApiContext api, Connection c, Resource resource, ListQuery query, Scope scope,
                               Caller caller, ExportSpool spool, boolean strings) throws SQLException {
        boolean postgres = api.database().kind() == DatabaseKind.POSTGRESQL;
        if (postgres) {
            // the PostgreSQL driver fetches in batches only inside a transaction
            c.setAutoCommit(false);
        }
        try {
            JsonGenerator g = api.numbers().page(strings, resource, api.json().createGenerator(spool.sink()));
            // a failure must not close the document: a cut-off export has to look broken
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            api.lists().list(c, resource, query, scope, caller, g);
            g.close();
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (postgres) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * A rendered page.
     *
     * @param json   the page's JSON
     * @param listed what the page held (its total, position and rows)
     */
    record Rendered(byte[] json, ListService.Listed listed) {
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
     * @return the page's JSON and what it held
     * @throws SQLException when the database fails
     */
    static Rendered render(ApiContext api, Connection c, Resource resource, ListQuery query, Scope scope,
                           RelationRequest relations, Caller caller) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        // where each row lies, for splicing related rows in (only when something is embedded)
        RowSpans rows = relations.any() ? new RowSpans(out) : null;
        ListService.Listed listed;
        try (JsonGenerator g = api.json().createGenerator((OutputStream) out)) {
            listed = api.lists().list(c, resource, query, scope, caller, g, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] page = out.toByteArray();
        return new Rendered(rows != null ? api.relations().embed(c, resource, page, rows, relations, caller) : page, listed);
    }

    /**
     * Returns the {@code count} preference of the request's {@code Prefer} headers ({@link CountPreference}),
     * or empty when there is none. A streamed page does not ask it: its headers leave before its rows are
     * read, so its range is not known (docs/api.md, "Counting").
     *
     * @param ctx the request
     * @return the preferred count
     */
    static Optional<CountMode> preferredCount(Context ctx) {
        java.util.Enumeration<String> prefer = ctx.req().getHeaders("Prefer");
        return prefer == null ? Optional.empty() : CountPreference.of(Collections.list(prefer));
    }

    /**
     * Sets the headers of a page counted because of a {@code Prefer: count=…} header: {@code Content-Range}
     * ({@link ContentRange}), {@code Preference-Applied: count=…} (RFC 7240 section 3) and
     * {@code Plinth-Count: exact} or {@code estimated}; nothing without the preference.
     *
     * @param ctx       the request
     * @param preferred the preferred count, or empty
     * @param listed    what the page held
     */
    static void countHeaders(Context ctx, Optional<CountMode> preferred, ListService.Listed listed) {
        if (preferred.isEmpty() || listed.total().isEmpty()) {
            return;
        }
        TotalCounter.Total total = listed.total().get();
        ctx.header("Content-Range", ContentRange.of(listed.first(), listed.rows(), total.value()));
        ctx.res().addHeader("Preference-Applied", "count=" + preferred.get().word());
        ctx.header("Plinth-Count", total.estimated() ? "estimated" : "exact");
    }
}
