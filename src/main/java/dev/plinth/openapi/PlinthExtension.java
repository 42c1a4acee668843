package dev.plinth.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.record.LabelLoader;
import dev.plinth.api.record.RelationLink;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.LabelSettings;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.FullTextIndex;

import java.util.Optional;

/**
 * The {@code x-plinth} object of a row schema (docs/api.md, "OpenAPI"): what a generic client such as
 * Plinth Studio needs to show a model without reading the Prisma schema: the model's name, its path, its
 * key, its column conventions and its relations. OpenAPI 3.1 allows such {@code x-} members on a Schema
 * Object (OpenAPI 3.1.0 section 4.9, "Specification Extensions"); other tools ignore them.
 *
 * <p>Shape: {@code {"model":"Contact","path":"/api/contacts","key":["id"],"softDelete":"deleted_at"|null,
 * "owner":"user_id"|null,"updatedAt":"updated_at"|null,"fulltext":["name","email"],"label":"name"|null,
 * "readOnly":false,"relations":[{"name":"company","kind":"to-one","model":"Company","path":"/api/companies",
 * "fields":["company_id"],"references":["id"],"labelKey":"company_label"|null,"required":false}, {"name":"contacts",
 * "kind":"to-many","model":"Contact","path":"/api/companies/{key}/contacts","fields":[],"references":[],
 * "labelKey":null,"required":false}]}} ("required": the foreign key has no default and no null, so a create must set
 * it; always false on a to-many) (a to-many path is null on a keyless view); every column named is an API name (after {@code @map} and the naming convention).
 */
final class PlinthExtension {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PlinthExtension() {
    }

    /**
     * Describes one served model.
     *
     * @param schema  the served schema
     * @param catalog the served resources
     * @param r       the model's resource
     * @return the {@code x-plinth} object
     */
    static ObjectNode of(Schema schema, ResourceCatalog catalog, Resource r) {
        ObjectNode x = NODES.objectNode();
        x.put("model", r.model().name());
        x.put("path", r.path());
        ArrayNode key = x.putArray("key");
        r.key().forEach(c -> key.add(c.name()));
        putColumn(x, "softDelete", r.deletedAt());
        putColumn(x, "owner", r.owner());
        putColumn(x, "updatedAt", r.updatedAt());
        ArrayNode fulltext = x.putArray("fulltext");
        FullTextIndex.of(r.model()).ifPresent(index -> index.columns().forEach(stored ->
                r.stored(stored).or(() -> r.column(stored)).ifPresent(c -> fulltext.add(c.name()))));
        putColumn(x, "label", LabelLoader.displayColumn(r, LabelSettings.of(schema).configured()));
        x.put("readOnly", r.readOnly());
        ArrayNode relations = x.putArray("relations");
        LabelSettings labels = LabelSettings.of(schema);
        for (Field field : r.model().relationFields()) {
            Optional<RelationLink> found = RelationLink.of(schema, catalog, r.model(), field);
            if (found.isEmpty() || field.name().equals("restore")) {
                continue;
            }
            RelationLink link = found.get();
            ObjectNode rel = relations.addObject();
            rel.put("name", field.name());
            rel.put("kind", link.many() ? "to-many" : "to-one");
            rel.put("model", link.target().model().name());
            ArrayNode fields = rel.putArray("fields");
            ArrayNode references = rel.putArray("references");
            boolean holdsKey = !link.many() && field.relation().map(info -> info.holdsForeignKey()).orElse(false);
            if (link.many()) {
                // the nested route exists only under an addressable row (a keyless view has none)
                if (r.addressable()) {
                    rel.put("path", r.path() + "/{key}/" + field.name());
                } else {
                    rel.putNull("path");
                }
            } else {
                rel.put("path", link.target().path());
                if (holdsKey) {
                    link.local().forEach(f -> fields.add(f.apiName()));
                    link.remote().forEach(f -> references.add(f.apiName()));
                }
            }
            // the Create schema cannot list a foreign key as required (a nested "connect" may set it instead), so
            // the Studio learns here that a create must give the key one way or the other
            rel.put("required", holdsKey && !link.local().isEmpty() && link.local().stream().allMatch(Field::requiredOnInsert));
            Optional<String> labelKey = LabelLoader.labelled(schema, catalog, labels, r).stream()
                    .filter(l -> l.link().field().name().equals(field.name())).map(LabelLoader.Labelled::key).findFirst();
            if (labelKey.isPresent()) {
                rel.put("labelKey", labelKey.get());
            } else {
                rel.putNull("labelKey");
            }
        }
        return x;
    }

    private static void putColumn(ObjectNode x, String member, Optional<Column> column) {
        if (column.isPresent()) {
            x.put(member, column.get().name());
        } else {
            x.putNull(member);
        }
    }
}
