package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Rejects database names that Plinth uses itself, so that a schema cannot take them and break every
 * migration or query later:
 * <ul>
 *   <li>table names beginning with {@code _plinth} (the history table {@code _plinth_migrations} and
 *       any later internal table);</li>
 *   <li>column names beginning with {@code plinth_} or {@code _plinth} (the aliases Plinth's queries
 *       add beside a table's own columns, such as {@code plinth_rn} and {@code plinth_parent});</li>
 *   <li>for a model with {@code @@fulltext} on table {@code T}: the names of its search objects, as
 *       table or index names of any model — {@code T_fts} and the FTS5 shadow tables
 *       {@code T_fts_data}, {@code T_fts_idx}, {@code T_fts_content}, {@code T_fts_docsize},
 *       {@code T_fts_config}, the triggers {@code T_fts_ai}, {@code T_fts_ad}, {@code T_fts_au} on
 *       SQLite, and the index {@code T_fts_idx} on PostgreSQL. SQLite keeps tables, indexes and
 *       triggers in one namespace, and PostgreSQL tables and indexes
 *       (https://www.sqlite.org/fts5.html#external_content_tables, "CREATE INDEX" of both manuals).</li>
 * </ul>
 * Names compare case-insensitively, as SQLite compares them.
 */
final class ReservedNameRules implements Rule {

    /** The prefix of every table Plinth creates for itself. */
    static final String TABLE_PREFIX = "_plinth";
    /** The prefix of every column alias Plinth's queries add. */
    static final String COLUMN_PREFIX = "plinth_";
    /** What Plinth appends to a full-text indexed table's name for its own objects. */
    static final List<String> FULL_TEXT_SUFFIXES = List.of("_fts", "_fts_data", "_fts_idx", "_fts_content", "_fts_docsize",
            "_fts_config", "_fts_ai", "_fts_ad", "_fts_au");

    @Override
    public void check(ValidationContext context) {
        Map<String, String> fullTextNames = new HashMap<>();
        for (ModelBlock model : context.ast().modelBlocks()) {
            if (model.kind() != ModelBlock.Kind.TYPE && !model.attributes("fulltext").isEmpty()) {
                String table = context.names().tableName(model);
                FULL_TEXT_SUFFIXES.forEach(s -> fullTextNames.put(lower(table + s), table));
            }
        }
        for (ModelBlock model : context.ast().modelBlocks()) {
            if (model.kind() == ModelBlock.Kind.TYPE) {
                continue;
            }
            String prefix = "Error validating " + model.kind().keyword() + " \"" + model.name().text() + "\": ";
            Optional<Attribute> map = model.attribute("map");
            String table = context.names().tableName(model);
            if (lower(table).startsWith(TABLE_PREFIX)) {
                context.error(prefix + "The database name `" + table + "` is reserved: Plinth names its own tables `"
                        + TABLE_PREFIX + "…` (its migration history is `_plinth_migrations`). Please choose another name"
                        + " with `@@map`.", map.map(Attribute::span).orElse(model.name().span()));
            }
            String owner = fullTextNames.get(lower(table));
            if (owner != null) {
                context.error(prefix + fullTextClash(table, owner) + " Please choose another name with `@@map`.",
                        map.map(Attribute::span).orElse(model.name().span()));
            }
            for (FieldDeclaration field : model.fields()) {
                String column = context.names().columnName(model, field.name().text());
                String lowered = lower(column);
                if (lowered.startsWith(COLUMN_PREFIX) || lowered.startsWith(TABLE_PREFIX)) {
                    context.error(prefix + "The column name `" + column + "` is reserved: Plinth's queries add columns named `"
                            + COLUMN_PREFIX + "…` beside a table's own. Please rename the field or give it another name with"
                            + " `@map`.", field.attribute("map").map(Attribute::span).orElse(field.name().span()));
                }
            }
            for (Attribute attribute : model.attributes()) {
                indexName(context, prefix, attribute, fullTextNames);
            }
            for (FieldDeclaration field : model.fields()) {
                for (String name : List.of("id", "unique")) {
                    field.attribute(name).ifPresent(a -> indexName(context, prefix, a, fullTextNames));
                }
            }
        }
    }

    private static void indexName(ValidationContext context, String prefix, Attribute attribute, Map<String, String> fullTextNames) {
        if (!List.of("id", "unique", "index", "fulltext").contains(attribute.name())) {
            return;
        }
        ArgumentValues.mappedName(attribute).ifPresent(name -> {
            String owner = fullTextNames.get(lower(name));
            if (owner != null || lower(name).startsWith(TABLE_PREFIX)) {
                String why = owner != null ? fullTextClash(name, owner)
                        : "The database name `" + name + "` is reserved: Plinth names its own objects `" + TABLE_PREFIX + "…`.";
                context.error(prefix + why + " Please choose another name with `map:`.", attribute.span());
            }
        });
    }

    private static String fullTextClash(String name, String table) {
        return "The database name `" + name + "` is reserved: Plinth uses it for the full-text search objects of table `"
                + table + "` (`" + table + "_fts…`).";
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
