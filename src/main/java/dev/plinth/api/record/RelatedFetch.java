package dev.plinth.api.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.ListQuery;
import dev.plinth.query.SelectSql;
import dev.plinth.schema.model.Field;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one SELECT of related rows and renders them to JSON, written by the same column codecs as every
 * other answer, so embedded rows are exactly what a GET of them shows.
 */
final class RelatedFetch {

    private final ObjectMapper mapper;
    /** The reader of the fetched rows' values, made once ({@link RenderedRows#valueReader}). */
    private final com.fasterxml.jackson.databind.ObjectReader values;

    RelatedFetch(ObjectMapper mapper) {
        this.mapper = mapper;
        this.values = RenderedRows.valueReader(mapper);
    }

    /** Runs {@code select} and returns its rows, rendered as objects of its shown columns. */
    RenderedRows rows(Connection c, Resource target, SelectSql select) throws SQLException {
        return rows(c, target, select, null);
    }

    /**
     * Runs a {@link dev.plinth.query.SqlRenderer#selectLinked} SELECT: its rows, and in {@code parents}
     * the parent id (as text) of each, in the same order.
     */
    RenderedRows rows(Connection c, Resource target, SelectSql select, List<String> parents) throws SQLException {
        List<Column> columns = select.columns().subList(0, select.shownColumns()).stream()
                .map(f -> target.column(f.apiName()).orElseThrow()).toList();
        RowWriter writer = new RowWriter(columns);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        RowSpans spans = new RowSpans(out);
        try (PreparedStatement ps = c.prepareStatement(select.statement().sql())) {
            List<Object> binds = select.statement().binds();
            for (int i = 0; i < binds.size(); i++) {
                ps.setObject(i + 1, binds.get(i));
            }
            try (ResultSet rs = ps.executeQuery(); JsonGenerator g = mapper.getFactory().createGenerator(out)) {
                g.writeStartArray();
                while (rs.next()) {
                    spans.begin(g);
                    writer.write(rs, g);
                    spans.end(g);
                    if (parents != null) {
                        parents.add(rs.getString(columns.size() + 1));
                    }
                }
                g.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RenderedRows(values, out.toByteArray(), spans);
    }

    /**
     * The caller's scope on a related resource, or empty when the caller can see none of its rows: an
     * owner-scoped resource and a caller without a token, or whose subject cannot be a value of its
     * {@code user_id} (not a number for an integer column, not a UUID for a {@code @db.Uuid} one).
     * Embedding then shows nothing rather than refusing the whole page.
     *
     * @param records the single-row service
     * @param target  the related resource
     * @param caller  the caller
     */
    static java.util.Optional<Scope> visible(RecordService records, Resource target, Caller caller) {
        try {
            // The owner column's codec refuses a subject that cannot be one of its values (a 403).
            return java.util.Optional.of(records.readScope(target, caller, false));
        } catch (dev.plinth.api.ProblemException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Restricts a query on a related resource to the rows the caller may read there: the access
     * rules' or tenant conventions' condition of {@code scope} is ANDed in. Related rows are written
     * in full, so a target whose fields are hidden or masked for this caller is refused rather than
     * embedded (docs/access-rules.md).
     *
     * @param query     the query on the related resource
     * @param scope     the caller's scope there
     * @param target    the related resource
     * @param parameter the request parameter that asked for the related rows ({@code include}, {@code labels})
     * @return the restricted query
     * @throws dev.plinth.query.QueryException 400 when fields of the target are hidden or masked for the caller
     */
    static ListQuery restrict(ListQuery query, Scope scope, Resource target, String parameter) {
        if (scope.writer().isPresent()) {
            throw RelationRequest.refused(dev.plinth.query.QueryError.Code.NOT_SUPPORTED, parameter, "'" + parameter
                    + "': fields of " + target.name() + " are hidden or masked for this caller by access rules;"
                    + " read them from " + target.path());
        }
        return ListService.restricted(query, scope);
    }

    /**
     * The key tuple of a row as text per column, or null when a value is null (such a row relates to nothing).
     *
     * @param row     a row as JSON
     * @param columns the key columns
     */
    static List<String> key(ObjectNode row, List<Field> columns) {
        List<String> key = new ArrayList<>(columns.size());
        for (Field f : columns) {
            JsonNode v = row.get(f.apiName());
            if (v == null || v.isNull()) {
                return null;
            }
            key.add(keyText(v));
        }
        return key;
    }

    /** The text a key value is matched and bound by: a scalar's text, else its compact JSON. */
    static String keyText(JsonNode v) {
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
