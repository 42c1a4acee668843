package dev.plinth.api.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.api.resource.Resource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Adds what a list request asks to embed ({@link RelationRequest}: includes, labels) to rendered rows:
 * the labels first, then the includes, each a field after the row's own. The rows' bytes are kept and the
 * new fields spliced in before each row's closing {@code }}; related rows are rendered once each, so a
 * page is never parsed back into a tree and serialized again (issue 5).
 */
public final class PageRelations {

    private final com.fasterxml.jackson.databind.ObjectReader values;
    private final IncludeLoader includes;
    private final LabelLoader labels;

    /**
     * @param mapper   the JSON mapper
     * @param includes embeds related rows
     * @param labels   adds display labels
     */
    public PageRelations(ObjectMapper mapper, IncludeLoader includes, LabelLoader labels) {
        this.values = RenderedRows.valueReader(mapper);
        this.includes = includes;
        this.labels = labels;
    }

    /**
     * Embeds into one row (a single-row GET).
     *
     * @param c        a connection
     * @param resource the row's resource
     * @param row      the row's JSON, one object as {@link RowWriter#toBytes} renders it
     * @param request  what to embed
     * @param caller   the caller
     * @return the row's JSON with the embedded data
     * @throws SQLException when the database fails
     * @throws dev.plinth.query.QueryException 400 for an include or label the caller may not have
     */
    public byte[] embedRow(Connection c, Resource resource, byte[] row, RelationRequest request, Caller caller) throws SQLException {
        RowSpans one = new RowSpans(null);
        one.mark(0, row.length - 1);
        return embed(c, resource, row, one, request, caller);
    }

    /**
     * Embeds into a page.
     *
     * @param c        a connection (the one the page was read on)
     * @param resource the page's resource
     * @param page     the page's JSON
     * @param rows     where the page's rows lie in {@code page}, as {@link ListService} recorded them
     * @param request  what to embed
     * @param caller   the caller
     * @return the page's JSON with the embedded data
     * @throws SQLException when the database fails
     * @throws dev.plinth.query.QueryException 400 for an include or label the caller may not have
     */
    public byte[] embed(Connection c, Resource resource, byte[] page, RowSpans rows, RelationRequest request, Caller caller)
            throws SQLException {
        RenderedRows rendered = new RenderedRows(values, page, rows);
        if (request.labels()) {
            labels.label(c, resource, rendered, caller, request.labelsByDefault());
        }
        if (!request.include().isEmpty()) {
            includes.embed(c, resource, rendered, request.include(), request.includeLimit(), caller);
        }
        return rendered.splice();
    }

    /**
     * Tells whether every read of a resource carries labels without {@code labels=true}.
     *
     * @param resource the read resource
     * @return true under {@code labels = "always"} or the model's {@code @@labels("always")}
     */
    public boolean labelsAlways(Resource resource) {
        return labels.always(resource);
    }
}
