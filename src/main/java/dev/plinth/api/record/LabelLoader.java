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
import dev.plinth.schema.model.LabelSettings;
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
 * Display labels ({@code labels=true}, or every read under {@code labels = "always"} /
 * {@code @@labels("always")}): beside each foreign-key column, e.g. {@code company_id}, a
 * {@code company_label} with the related row's display column — the field named by
 * {@code @@display("…")} on the related model, else the first of {@link LabelSettings#DISPLAY_COLUMNS} it
 * has (Quickback's rule). One statement per foreign key for the whole page; the related model's owner
 * scoping and soft deletes apply, so a row the caller cannot see labels nothing (null).
 *
 * <p>The label's key follows {@link LabelSettings#keys()}. A schema with label settings
 * ({@link LabelSettings#configured()}) also finds display columns in either spelling and skips system columns.
 */
public final class LabelLoader {

    /** The display columns looked for, in order, when the related model has no {@code @@display}. */
    public static final List<String> DISPLAY_COLUMNS = LabelSettings.DISPLAY_COLUMNS;

    private final Schema schema;
    private final ResourceCatalog catalog;
    private final SqlRenderer renderer;
    private final RecordService records;
    private final RelatedFetch fetch;
    private final LabelSettings settings;

    /**
     * One foreign key a row of a resource carries a label for.
     *
     * @param link    the to-one relation holding the key
     * @param fk      the key's column, as rows show it
     * @param display the related model's display column
     * @param key     the label's key in the row
     */
    public record Labelled(RelationLink link, String fk, Column display, String key) {
    }

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
        this.settings = LabelSettings.of(schema);
    }

    /**
     * Tells whether every read of a resource carries labels without {@code labels=true}.
     *
     * @param resource the read resource
     * @return true under {@code labels = "always"} or the model's {@code @@labels("always")}
     */
    public boolean always(Resource resource) {
        return settings.always(resource.model());
    }

    /**
     * Returns the display column of a resource by exact column names (a schema without label settings).
     *
     * @param target the resource
     * @return the column, or empty when it has none
     */
    public static Optional<Column> displayColumn(Resource target) {
        return displayColumn(target, false);
    }

    /**
     * Returns the display column of a resource.
     *
     * @param target      the resource
     * @param anySpelling true to match {@link #DISPLAY_COLUMNS} in either spelling ({@code displayName},
     *                    {@code display_name}) by field or column name; false for exact column names
     * @return the column, or empty when it has none
     */
    public static Optional<Column> displayColumn(Resource target, boolean anySpelling) {
        Optional<String> declared = target.model().displayField().flatMap(target.model()::field).map(Field::apiName);
        if (declared.isPresent()) {
            return target.column(declared.get());
        }
        for (String name : DISPLAY_COLUMNS) {
            Optional<Column> c = target.column(name).or(() -> target.stored(name));
            if (c.isPresent()) {
                return c;
            }
            if (anySpelling) {
                String wanted = LabelSettings.spellingKey(name);
                for (Column column : target.columns()) {
                    if (LabelSettings.spellingKey(column.name()).equals(wanted)
                            || LabelSettings.spellingKey(column.field().name()).equals(wanted)) {
                        return Optional.of(column);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Returns the name of the label written beside a foreign-key column (the standard pattern). */
    static String labelName(String column) {
        return LabelSettings.Keys.STANDARD.key(column);
    }

    /**
     * Lists the foreign keys of a resource that its rows carry labels for: each single-column to-one key
     * whose related model has a display column, without the system columns of a configured schema.
     *
     * @param schema   the served schema
     * @param catalog  the served resources
     * @param settings the schema's label settings
     * @param resource the rows' resource
     * @return the labelled keys, in relation-field order
     */
    public static List<Labelled> labelled(Schema schema, ResourceCatalog catalog, LabelSettings settings, Resource resource) {
        List<Labelled> out = new ArrayList<>();
        for (Field field : resource.model().relationFields()) {
            Optional<RelationLink> found = RelationLink.of(schema, catalog, resource.model(), field);
            if (found.isEmpty() || found.get().many() || found.get().local().size() != 1
                    || !field.relation().orElseThrow().holdsForeignKey()) {
                continue;
            }
            RelationLink link = found.get();
            Field local = link.local().getFirst();
            if (settings.configured() && LabelSettings.system(resource.model(), local.name())) {
                continue;
            }
            Optional<Column> display = displayColumn(link.target(), settings.configured());
            if (display.isPresent()) {
                String fk = local.apiName();
                out.add(new Labelled(link, fk, display.get(), settings.key(fk)));
            }
        }
        return out;
    }

    /**
     * Adds the labels of every single-column foreign key to the rows.
     *
     * @param c        a connection
     * @param resource the rows' resource
     * @param rows     the rendered rows, extended in place
     * @param caller   the caller
     * @param byDefault true when the schema, not the request, asked for the labels: a related model whose
     *                  fields are hidden or masked for the caller then labels nothing instead of refusing the read
     * @throws SQLException when the database fails
     * @throws dev.plinth.query.QueryException 400 when {@code labels=true} asks for labels of a model hidden from the caller
     */
    void label(Connection c, Resource resource, RenderedRows rows, Caller caller, boolean byDefault) throws SQLException {
        for (Labelled labelled : labelled(schema, catalog, settings, resource)) {
            RelationLink link = labelled.link();
            Optional<Column> display = Optional.of(labelled.display());
            String fk = labelled.fk();
            if (rows.size() == 0 || !rows.has(fk)) {
                continue;
            }
            String label = labelled.key();
            Set<List<String>> keys = new LinkedHashSet<>();
            for (int i = 0; i < rows.size(); i++) {
                List<String> key = rows.key(i, link.local());
                if (key != null) {
                    keys.add(key);
                }
            }
            Map<String, RenderedRows.Embedded> labels = new HashMap<>();
            Optional<Scope> visible = RelatedFetch.visible(records, link.target(), caller)
                    .filter(scope -> !byDefault || scope.writer().isEmpty());
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
