package dev.plinth.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.schema.model.CompositeType;
import dev.plinth.schema.model.DocumentDefaults;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Plans a composite type's change against the documents already stored (docs/schema.md, "Composite types"). The
 * column stays one JSON column whatever the type says, so the database cannot tell; Plinth asks the documents:
 * <ul>
 *   <li>a required field without {@code @default} that stored documents lack (a field added to the type, at any
 *       depth, in lists too) breaks them: a destructive {@link MigrationStep.Action#REQUIRE_NO_ROWS} step, so the
 *       plan is refused without {@code --force} naming the count and the first row, and with {@code --force} it
 *       fails and rolls back, as a column change over values its new type cannot hold does
 *       ({@link ValueConversionChecks});</li>
 *   <li>a field with a literal {@code @default} that stored documents lack is filled into them by the migration
 *       (an additive {@code UPDATE}, with SQLite's {@code json_insert} / PostgreSQL's {@code jsonb ||}, keeping every
 *       value present), so a document read back is the one a write would have stored. Computed defaults
 *       ({@code now()}, {@code uuid()}) are filled in when the document is next written.</li>
 * </ul>
 * A type that holds itself (a tree of {@code children Node[]}) is followed one level of recursion deep.
 */
final class CompositeDocumentSteps {

    private final Dialect dialect;
    private final Connection connection;
    private final TableData data;
    private final boolean sqlite;
    private int aliases;

    CompositeDocumentSteps(Dialect dialect, Connection connection, TableData data) {
        this.dialect = dialect;
        this.connection = connection;
        this.data = data;
        this.sqlite = dialect.kind() == DatabaseKind.SQLITE;
    }

    /** The checks (before any change) and the fills (after every change) of a plan. */
    record Steps(List<MigrationStep> checks, List<MigrationStep> fills) {
    }

    /**
     * Finds the stored documents a schema's composite types break or complete.
     *
     * @param schema  the resolved schema
     * @param current the live database (after renames)
     * @return the steps; both lists empty for a schema without composite types or without stored documents
     * @throws SQLException when the documents cannot be read
     */
    Steps steps(Schema schema, Snapshot current) throws SQLException {
        List<MigrationStep> checks = new ArrayList<>();
        List<MigrationStep> fills = new ArrayList<>();
        if (schema.types().isEmpty()) {
            return new Steps(checks, fills);
        }
        for (Model model : schema.models()) {
            Optional<TableSnapshot> live = current.table(model.tableName());
            if (model.view() || model.ignored() || live.isEmpty()) {
                continue;
            }
            for (Field field : model.columnFields()) {
                Optional<ColumnSnapshot> column = live.get().column(field.columnName());
                if (!field.isComposite() || column.isEmpty() || data.rows(model.tableName()) == 0) {
                    continue;
                }
                String liveType = column.get().type().toUpperCase(java.util.Locale.ROOT);
                if (!liveType.startsWith("JSON") || liveType.endsWith("[]")) {
                    // not yet a JSON column (a type change the planner makes): no documents to read
                    continue;
                }
                CompositeType type = schema.compositeType(field.type().name()).orElse(null);
                if (type == null) {
                    continue;
                }
                String col = dialect.quote(field.columnName());
                String broken = missing(schema, type, field.list(), col, f -> !f.optional() && !f.list() && f.defaultValue().isEmpty());
                if (broken != null) {
                    check(model.tableName(), live.get(), field.columnName(), type.name(), broken).ifPresent(checks::add);
                }
                String lacking = missing(schema, type, field.list(), col, f -> DocumentDefaults.literal(schema, f).isPresent());
                if (lacking != null) {
                    fill(schema, model.tableName(), field, type, col, lacking).ifPresent(fills::add);
                }
            }
        }
        return new Steps(checks, fills);
    }

    /**
     * A condition true for a stored document where some field chosen by {@code counted} is missing (or null) in
     * an object of the type, at any depth; null when the type has no such field.
     */
    private String missing(Schema schema, CompositeType type, boolean list, String column, Predicate<Field> counted) {
        return list ? inEach(schema, type, column, null, typeOf(column), counted, new ArrayList<>())
                : inObject(schema, type, column, typeOf(column), counted, new ArrayList<>());
    }

    /** A type already entered twice on the way down is not followed further (recursive types). */
    private static boolean deepEnough(CompositeType type, List<String> path) {
        if (path.stream().filter(type.name()::equals).count() >= 2) {
            return true;
        }
        path.add(type.name());
        return false;
    }

    /** {@code doc}: the object as JSON; {@code docType}: an expression giving its JSON type ('object', …). */
    private String inObject(Schema schema, CompositeType type, String doc, String docType, Predicate<Field> counted,
                            List<String> path) {
        if (deepEnough(type, path)) {
            return null;
        }
        List<String> any = new ArrayList<>();
        for (Field f : type.fields()) {
            if (counted.test(f)) {
                any.add("COALESCE(" + memberType(doc, f.columnName()) + ", 'null') = 'null'");
            }
            Optional<CompositeType> nested = nested(schema, f);
            if (nested.isPresent()) {
                String inner = f.list()
                        ? inEach(schema, nested.get(), doc, f.columnName(), memberType(doc, f.columnName()), counted, new ArrayList<>(path))
                        : inObject(schema, nested.get(), member(doc, f.columnName()), memberType(doc, f.columnName()), counted,
                        new ArrayList<>(path));
                if (inner != null) {
                    any.add(inner);
                }
            }
        }
        if (any.isEmpty()) {
            return null;
        }
        return "(" + docType + " = 'object' AND (" + String.join(" OR ", any) + "))";
    }

    /** The elements of the array at {@code doc}'s {@code key} (or {@code doc} itself when key is null). */
    private String inEach(Schema schema, CompositeType type, String doc, String key, String arrayType, Predicate<Field> counted,
                          List<String> path) {
        String alias = "d" + (++aliases);
        String element = sqlite ? alias + ".value" : alias + ".e";
        String inner = inObject(schema, type, element, sqlite ? alias + ".type" : "jsonb_typeof(" + element + ")", counted, path);
        if (inner == null) {
            return null;
        }
        return "(" + arrayType + " = 'array' AND EXISTS (SELECT 1 FROM " + elements(doc, key, alias) + " WHERE " + inner + "))";
    }

    /** The rows of an array's elements: SQLite {@code json_each} (value, type), PostgreSQL (e, i) in order. */
    private String elements(String doc, String key, String alias) {
        if (sqlite) {
            return "json_each(" + doc + (key == null ? "" : ", " + path(key)) + ") " + alias;
        }
        return "jsonb_array_elements(" + (key == null ? doc : member(doc, key)) + ") WITH ORDINALITY AS " + alias + "(e, i)";
    }

    /** A document with every missing literal default filled in, at any depth (SQLite: JSON text; PostgreSQL: jsonb). */
    private String filled(Schema schema, CompositeType type, String doc, List<String> path) {
        String out = sqlite ? "json(" + doc + ")" : doc;
        if (deepEnough(type, path)) {
            return out;
        }
        for (Field f : type.fields()) {
            Optional<JsonNode> literal = DocumentDefaults.literal(schema, f);
            if (literal.isPresent()) {
                // SQLite's json_insert and PostgreSQL's "default || doc" both keep a value already present
                out = sqlite ? "json_insert(" + out + ", " + path(f.columnName()) + ", json(" + dialect.literal(literal.get().toString()) + "))"
                        : "(jsonb_build_object(" + dialect.literal(f.columnName()) + ", " + dialect.literal(literal.get().toString())
                        + "::jsonb) || " + out + ")";
            }
            Optional<CompositeType> nested = nested(schema, f);
            if (nested.isPresent()) {
                String kind = memberType(doc, f.columnName());
                String inner = f.list()
                        ? filledEach(schema, nested.get(), doc, f.columnName(), new ArrayList<>(path))
                        : filled(schema, nested.get(), member(doc, f.columnName()), new ArrayList<>(path));
                String wanted = f.list() ? "'array'" : "'object'";
                out = "CASE WHEN " + kind + " = " + wanted + " THEN " + (sqlite
                        ? "json_set(" + out + ", " + path(f.columnName()) + ", json(" + inner + "))"
                        : "jsonb_set(" + out + ", " + dialect.literal("{" + f.columnName() + "}") + "::text[], " + inner + ")")
                        + " ELSE " + out + " END";
            }
        }
        return out;
    }

    /** The array at {@code doc}'s {@code key} (or {@code doc} itself when key is null), each object element filled. */
    private String filledEach(Schema schema, CompositeType type, String doc, String key, List<String> path) {
        String alias = "f" + (++aliases);
        if (sqlite) {
            String element = alias + ".value";
            return "(SELECT json_group_array(json(CASE WHEN " + alias + ".type = 'object' THEN " + filled(schema, type, element, path)
                    + " ELSE " + alias + ".value END)) FROM (SELECT * FROM " + elements(doc, key, "x") + " ORDER BY x.key) " + alias + ")";
        }
        String element = alias + ".e";
        return "(SELECT COALESCE(jsonb_agg(CASE WHEN jsonb_typeof(" + element + ") = 'object' THEN " + filled(schema, type, element, path)
                + " ELSE " + element + " END ORDER BY " + alias + ".i), '[]'::jsonb) FROM " + elements(doc, key, alias) + ")";
    }

    private static Optional<CompositeType> nested(Schema schema, Field f) {
        return f.type() instanceof FieldType.CompositeRef ref ? schema.compositeType(ref.name()) : Optional.empty();
    }

    /** The value under a key, as JSON (SQLite: JSON text or an SQL scalar; PostgreSQL: jsonb), or NULL when absent. */
    private String member(String doc, String key) {
        return sqlite ? "json_extract(" + doc + ", " + path(key) + ")" : "(" + doc + " -> " + dialect.literal(key) + ")";
    }

    /** The JSON type of the value under a key ('object', 'array', 'null', …), or NULL when absent. */
    private String memberType(String doc, String key) {
        return sqlite ? "json_type(" + doc + ", " + path(key) + ")" : "jsonb_typeof(" + doc + " -> " + dialect.literal(key) + ")";
    }

    private String typeOf(String doc) {
        return sqlite ? "json_type(" + doc + ")" : "jsonb_typeof(" + doc + ")";
    }

    /** A SQLite JSON path naming one key, quoted so any key is read as written (https://sqlite.org/json1.html#path_arguments). */
    private String path(String key) {
        return dialect.literal("$.\"" + key.replace("\"", "\\\"") + "\"");
    }

    private Optional<MigrationStep> check(String table, TableSnapshot live, String column, String type, String broken) throws SQLException {
        String where = " FROM " + dialect.quote(table) + " WHERE " + dialect.quote(column) + " IS NOT NULL AND " + broken;
        long rows = count(table, where);
        if (rows == 0) {
            return Optional.empty();
        }
        List<String> key = live.primaryKey().map(PrimaryKeySnapshot::columns).filter(k -> !k.isEmpty())
                .orElse(List.of(sqlite ? "rowid" : "ctid"));
        String keyList = key.stream().map(k -> k.equals("rowid") || k.equals("ctid") ? k : dialect.quote(k)).collect(Collectors.joining(", "));
        String first = "SELECT " + keyList + ", " + dialect.quote(column) + where + " ORDER BY " + keyList + " LIMIT 1";
        String example;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(data.inLiveNames(table, first))) {
            r.next();
            example = ValueConversionChecks.describe(r);
        }
        String what = "\"" + table + "\".\"" + column + "\"";
        return Optional.of(new MigrationStep(MigrationStep.Action.REQUIRE_NO_ROWS, table, Safety.DESTRUCTIVE,
                "check that every document of " + what + " fits composite type " + type,
                Optional.of(rows + " document" + (rows == 1 ? "" : "s") + " of " + what + " would break: "
                        + (rows == 1 ? "it lacks" : "they lack") + " a required field of composite type " + type
                        + " that has no @default (first: " + example + "); give the field a @default (filled into stored"
                        + " documents) or make it optional; even with --force the migration fails on them and rolls back"),
                List.of(first), rows));
    }

    private Optional<MigrationStep> fill(Schema schema, String table, Field field, CompositeType type, String col, String lacking)
            throws SQLException {
        String where = " WHERE " + col + " IS NOT NULL AND " + lacking;
        long rows = count(table, " FROM " + dialect.quote(table) + where);
        if (rows == 0) {
            return Optional.empty();
        }
        String value = field.list() ? filledEach(schema, type, col, null, new ArrayList<>()) : filled(schema, type, col, new ArrayList<>());
        String what = "\"" + table + "\".\"" + field.columnName() + "\"";
        return Optional.of(new MigrationStep(MigrationStep.Action.ALTER_COLUMN, table, Safety.ADDITIVE,
                "fill the @default values of composite type " + type.name() + " into " + rows + " stored document"
                        + (rows == 1 ? "" : "s") + " of " + what, Optional.empty(),
                List.of("UPDATE " + dialect.quote(table) + " SET " + col + " = " + value + where), rows));
    }

    private long count(String table, String from) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(data.inLiveNames(table, "SELECT COUNT(*)" + from))) {
            r.next();
            return r.getLong(1);
        }
    }
}
