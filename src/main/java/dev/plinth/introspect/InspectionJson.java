package dev.plinth.introspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.EnumSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexColumn;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.List;
import java.util.Optional;

/**
 * Renders an inspection as the JSON document of {@code plinth db inspect --json}. The shape is stable and
 * documented in docs/migrations.md ("Introspection: db inspect and db pull"): every key is always present (absent
 * values are {@code null} or empty arrays), tables, views and enums in name order.
 */
public final class InspectionJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private InspectionJson() {
    }

    /**
     * Renders an inspection.
     *
     * @param inspection the inspection
     * @return the JSON text, indented
     */
    public static String render(DatabaseInspection inspection) {
        ObjectNode root = JSON.createObjectNode();
        root.put("database", inspection.kind() == DatabaseKind.SQLITE ? "sqlite" : "postgresql");
        ArrayNode tables = root.putArray("tables");
        for (TableSnapshot t : inspection.tables()) {
            ObjectNode table = tables.addObject();
            table.put("name", t.name());
            ArrayNode columns = table.putArray("columns");
            t.columns().forEach(c -> column(columns.addObject(), c));
            if (t.primaryKey().isPresent()) {
                ObjectNode pk = table.putObject("primaryKey");
                pk.put("name", t.primaryKey().get().name().orElse(null));
                strings(pk.putArray("columns"), t.primaryKey().get().columns());
            } else {
                table.putNull("primaryKey");
            }
            ArrayNode indexes = table.putArray("indexes");
            for (IndexSnapshot i : t.indexes()) {
                ObjectNode index = indexes.addObject();
                index.put("name", i.name());
                index.put("unique", i.unique());
                index.put("method", i.method().orElse(null));
                ArrayNode ic = index.putArray("columns");
                for (IndexColumn c : i.columns()) {
                    ObjectNode col = ic.addObject();
                    col.put("name", c.name());
                    col.put("descending", c.descending());
                    col.put("operatorClass", c.operatorClass().orElse(null));
                    col.put("jsonPath", c.jsonPath().orElse(null));
                }
            }
            ArrayNode keys = table.putArray("foreignKeys");
            for (ForeignKeySnapshot f : t.foreignKeys()) {
                ObjectNode key = keys.addObject();
                key.put("name", f.name().orElse(null));
                strings(key.putArray("columns"), f.columns());
                key.put("referencedTable", f.referencedTable());
                strings(key.putArray("referencedColumns"), f.referencedColumns());
                key.put("onDelete", f.onDelete().sql());
                key.put("onUpdate", f.onUpdate().sql());
            }
            ArrayNode checks = table.putArray("checks");
            for (CheckDefinition c : inspection.checksOf(t.name())) {
                ObjectNode check = checks.addObject();
                check.put("name", c.name().orElse(null));
                check.put("expression", c.expression());
                check.put("plinth", c.plinths());
            }
            Optional<FullTextDefinition> fts = inspection.fullTextOf(t.name());
            if (fts.isPresent()) {
                ObjectNode f = table.putObject("fullText");
                f.put("structure", fts.get().structure());
                strings(f.putArray("columns"), fts.get().columns());
            } else {
                table.putNull("fullText");
            }
        }
        ArrayNode enums = root.putArray("enums");
        for (EnumSnapshot e : inspection.snapshot().enums()) {
            ObjectNode en = enums.addObject();
            en.put("name", e.name());
            strings(en.putArray("values"), e.values());
        }
        ArrayNode views = root.putArray("views");
        for (ViewSnapshot v : inspection.views()) {
            ObjectNode view = views.addObject();
            view.put("name", v.name());
            view.put("materialized", v.materialized());
            view.put("definition", v.definition());
            ArrayNode columns = view.putArray("columns");
            v.columns().forEach(c -> column(columns.addObject(), c));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the inspection as JSON", e);
        }
    }

    private static void column(ObjectNode node, ColumnSnapshot c) {
        node.put("name", c.name());
        node.put("type", c.type());
        node.put("nullable", c.nullable());
        node.put("default", c.defaultExpression().orElse(null));
        node.put("autoincrement", c.autoincrement());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
