package dev.plinth.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.RelationRequest;
import dev.plinth.api.record.Scope;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.ListQuery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

/** Renders one list page, with its includes and labels, for the collection route and the nested routes. */
final class ListPage {

    private ListPage() {
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
        try (JsonGenerator g = api.json().createGenerator((OutputStream) out)) {
            api.lists().list(c, resource, query, scope, caller, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] page = out.toByteArray();
        return relations.any() ? api.relations().embed(c, resource, page, relations, caller) : page;
    }
}
