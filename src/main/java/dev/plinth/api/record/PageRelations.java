package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.resource.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds what a list request asks to embed ({@link RelationRequest}: includes, labels) to a rendered page
 * {@code {"data":[…], …}}.
 */
public final class PageRelations {

    private final ObjectMapper mapper;
    private final IncludeLoader includes;
    private final LabelLoader labels;

    /**
     * @param mapper   the JSON mapper
     * @param includes embeds related rows
     * @param labels   adds display labels
     */
    public PageRelations(ObjectMapper mapper, IncludeLoader includes, LabelLoader labels) {
        this.mapper = mapper;
        this.includes = includes;
        this.labels = labels;
    }

    /**
     * Embeds into one row (a single-row GET).
     *
     * @param c        a connection
     * @param resource the row's resource
     * @param row      the row's JSON
     * @param request  what to embed
     * @param caller   the caller
     * @return the row's JSON with the embedded data
     * @throws SQLException when the database fails
     */
    public byte[] embedRow(Connection c, Resource resource, byte[] row, RelationRequest request, Caller caller) throws SQLException {
        try {
            ObjectNode node = (ObjectNode) mapper.readTree(row);
            if (request.labels()) {
                labels.label(c, resource, List.of(node), caller);
            }
            if (!request.include().isEmpty()) {
                includes.embed(c, resource, List.of(node), request.include(), request.includeLimit(), caller);
            }
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Embeds into a page.
     *
     * @param c        a connection (the one the page was read on)
     * @param resource the page's resource
     * @param page     the page's JSON
     * @param request  what to embed
     * @param caller   the caller
     * @return the page's JSON with the embedded data
     * @throws SQLException when the database fails
     */
    public byte[] embed(Connection c, Resource resource, byte[] page, RelationRequest request, Caller caller) throws SQLException {
        try {
            ObjectNode root = (ObjectNode) mapper.readTree(page);
            List<ObjectNode> rows = new ArrayList<>();
            for (JsonNode row : root.get("data")) {
                rows.add((ObjectNode) row);
            }
            if (request.labels()) {
                labels.label(c, resource, rows, caller);
            }
            if (!request.include().isEmpty()) {
                includes.embed(c, resource, rows, request.include(), request.includeLimit(), caller);
            }
            return mapper.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
