package dev.plinth.api.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.query.Filter;
import dev.plinth.query.ListQuery;
import dev.plinth.query.RelatedRows;
import dev.plinth.query.SqlRenderer;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Display labels ({@code labels=true}): beside each foreign-key column, e.g. {@code company_id}, a
 * {@code company_label} with the related row's display column — the field named by
 * {@code @@display("…")} on the related model, else the first of {@link #DISPLAY_COLUMNS} it has
 * (Quickback's rule). One statement per foreign key for the whole page; the related model's owner
 * scoping and soft deletes apply, so a row the caller cannot see labels nothing (null).
 *
 * <p>The label's name: {@code x_id} → {@code x_label}, {@code xId} → {@code xLabel}, else {@code column_label}.
 */
public final class LabelLoader {

    /** The display columns looked for, in order, when the related model has no {@code @@display}. */
    public static final List<String> DISPLAY_COLUMNS = List.of("name", "title", "label", "headline", "subject", "code",
            "display_name", "full_name", "description");

    private final Schema schema;
    private final ResourceCatalog catalog;
    private final SqlRenderer renderer;
    private final RecordService records;
    private final RelatedFetch fetch;

    /**
     * @param schema   the served schema
     * @param catalog  the served resources
     * @param renderer the SQL renderer
     * @param records  the single-row service (for scopes)
     * @param mapper   the JSON mapper
     */
    public LabelLoader(Schema schema, ResourceCatalog catalog, SqlRenderer renderer, RecordService records, ObjectMapper mapper) {
        this.schema = schema;
        this.catalog = catalog;
        this.renderer = renderer;
        this.records = records;
        this.fetch = new RelatedFetch(mapper);
    }

    /**
     * Returns the display column of a resource.
     *
     * @param target the resource
     * @return the column, or empty when it has none
     */
    public static Optional<Column> displayColumn(Resource target) {
        Optional<String> declared = target.model().displayField().flatMap(target.model()::field).map(Field::apiName);
        if (declared.isPresent()) {
            return target.column(declared.get());
        }
        for (String name : DISPLAY_COLUMNS) {
            Optional<Column> c = target.column(name).or(() -> target.stored(name));
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    /** Returns the name of the label written beside a foreign-key column. */
    static String labelName(String column) {
        if (column.endsWith("_id") && column.length() > 3) {
            return column.substring(0, column.length() - 3) + "_label";
        }
        if (column.endsWith("Id") && column.length() > 2) {
            return column.substring(0, column.length() - 2) + "Label";
        }
        return column + "_label";
    }

    /**
     * Adds the labels of every single-column foreign key to the rows.
     *
     * @param c        a connection
     * @param resource the rows' resource
     * @param rows     the rendered rows, extended in place
     * @param caller   the caller
     * @throws SQLException when the database fails
     */
    void label(Connection c, Resource resource, RenderedRows rows, Caller caller) throws SQLException {
        for (Field field : resource.model().relationFields()) {
            Optional<RelationLink> found = RelationLink.of(schema, catalog, resource.model(), field);
            if (found.isEmpty() || found.get().many() || found.get().local().size() != 1
                    || !field.relation().orElseThrow().holdsForeignKey()) {
                continue;
            }
            RelationLink link = found.get();
            Optional<Column> display = displayColumn(link.target());
            String fk = link.local().getFirst().apiName();
            if (display.isEmpty() || rows.size() == 0 || !rows.has(fk)) {
                continue;
            }
            String label = labelName(fk);
            Set<List<String>> keys = new LinkedHashSet<>();
            for (int i = 0; i < rows.size(); i++) {
                List<String> key = rows.key(i, link.local());
                if (key != null) {
                    keys.add(key);
                }
            }
            Map<String, RenderedRows.Embedded> labels = new HashMap<>();
            Optional<Scope> visible = RelatedFetch.visible(records, link.target(), caller);
            if (!keys.isEmpty() && visible.isPresent()) {
                Field remote = link.remote().getFirst();
                Filter filter = RelatedRows.keyIn(link.target().model(), link.remote(), new ArrayList<>(keys), schema);
                List<Field> selection = remote.equals(display.get().field()) ? List.of(remote) : List.of(remote, display.get().field());
                Scope scope = visible.get();
                ListQuery q = RelatedFetch.restrict(RelatedRows.query(link.target().model(), filter, keys.size(), selection),
                        scope, link.target(), "labels");
                RenderedRows targets = fetch.rows(c, link.target(), renderer.select(q, ListService.predicates(link.target(), scope)));
                for (int i = 0; i < targets.size(); i++) {
                    labels.put(targets.key(i, link.remote()).getFirst(),
                            new RenderedRows.Embedded.Json(targets.value(i, display.get().name())));
                }
            }
            for (int i = 0; i < rows.size(); i++) {
                List<String> key = rows.key(i, link.local());
                RenderedRows.Embedded value = key == null ? null : labels.get(key.getFirst());
                rows.set(i, label, value == null ? RenderedRows.Embedded.NULL_VALUE : value);
            }
        }
    }
}
