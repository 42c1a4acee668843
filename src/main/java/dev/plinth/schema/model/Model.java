package dev.plinth.schema.model;

import java.util.List;
import java.util.Optional;

/**
 * A {@code model} or {@code view} block, resolved.
 *
 * @param name          the model's name in the schema
 * @param tableName     {@code @@map("…")} or the model name (Prisma's rule)
 * @param databaseSchema {@code @@schema("…")} (multi-schema PostgreSQL), when given
 * @param view          true for a {@code view} block (read-only)
 * @param ignored       true for {@code @@ignore} (kept in the database, never served)
 * @param fields        every field in declaration order, relation fields included
 * @param primaryKey    the primary key, or empty (views without {@code @id}, ignored models)
 * @param indexes       unique constraints, indexes and full-text indexes in declaration order
 *                      (field-level {@code @unique} first, as Prisma lists them)
 * @param documentation the {@code ///} comment above the block
 * @param span          where it is declared
 * @param displayField  the field named by Plinth's {@code @@display("field")}, whose value labels a row; empty without it
 * @param conventions   which fields play the column conventions (docs/schema.md, "Conventions")
 * @param route         the route segment named by Plinth's {@code @@route("…")} (docs/api.md, "Routes"); empty without it
 * @param labels        Plinth's {@code @@labels("always" | "on_request")}, the model's own choice of when reads carry
 *                      display labels (docs/search-and-relations.md, "Labels on every read"); empty without it
 * @param checks        Plinth's {@code @@check} CHECK constraints, in declaration order (docs/schema.md, "CHECK constraints");
 *                      empty without them
 */
public record Model(
        String name,
        String tableName,
        Optional<String> databaseSchema,
        boolean view,
        boolean ignored,
        List<Field> fields,
        Optional<PrimaryKey> primaryKey,
        List<Index> indexes,
        Optional<String> documentation,
        Span span,
        Optional<String> displayField,
        ModelConventions conventions,
        Optional<String> route,
        Optional<String> labels,
        List<CheckConstraint> checks) {

    /** A model without {@code @@check}; parameters as for the record. */
    public Model(String name, String tableName, Optional<String> databaseSchema, boolean view, boolean ignored,
                 List<Field> fields, Optional<PrimaryKey> primaryKey, List<Index> indexes,
                 Optional<String> documentation, Span span, Optional<String> displayField, ModelConventions conventions,
                 Optional<String> route, Optional<String> labels) {
        this(name, tableName, databaseSchema, view, ignored, fields, primaryKey, indexes, documentation, span, displayField,
                conventions, route, labels, List.of());
    }

    /** A model without {@code @@route} and {@code @@labels}; parameters as for the record. */
    public Model(String name, String tableName, Optional<String> databaseSchema, boolean view, boolean ignored,
                 List<Field> fields, Optional<PrimaryKey> primaryKey, List<Index> indexes,
                 Optional<String> documentation, Span span, Optional<String> displayField, ModelConventions conventions) {
        this(name, tableName, databaseSchema, view, ignored, fields, primaryKey, indexes, documentation, span, displayField,
                conventions, Optional.empty(), Optional.empty());
    }

    /** A model whose conventions are those of exact column names, without {@code @@labels}; parameters as for the record. */
    public Model(String name, String tableName, Optional<String> databaseSchema, boolean view, boolean ignored,
                 List<Field> fields, Optional<PrimaryKey> primaryKey, List<Index> indexes,
                 Optional<String> documentation, Span span, Optional<String> displayField, Optional<String> route) {
        this(name, tableName, databaseSchema, view, ignored, fields, primaryKey, indexes, documentation, span, displayField,
                ModelConventions.byColumnNames(fields), route, Optional.empty());
    }

    public Model {
        fields = List.copyOf(fields);
        indexes = List.copyOf(indexes);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /**
     * Returns this model with other CHECK constraints.
     *
     * @param other the constraints, in declaration order
     * @return the copy
     */
    public Model withChecks(List<CheckConstraint> other) {
        return new Model(name, tableName, databaseSchema, view, ignored, fields, primaryKey, indexes, documentation, span,
                displayField, conventions, route, labels, other);
    }

    /** A model whose conventions are those of exact column names ({@link ModelConventions#byColumnNames}). */
    public Model(String name, String tableName, Optional<String> databaseSchema, boolean view, boolean ignored,
                 List<Field> fields, Optional<PrimaryKey> primaryKey, List<Index> indexes,
                 Optional<String> documentation, Span span, Optional<String> displayField) {
        this(name, tableName, databaseSchema, view, ignored, fields, primaryKey, indexes, documentation, span, displayField,
                ModelConventions.byColumnNames(fields));
    }

    /**
     * Returns this model with other conventions.
     *
     * @param other the conventions
     * @return the copy
     */
    public Model withConventions(ModelConventions other) {
        return new Model(name, tableName, databaseSchema, view, ignored, fields, primaryKey, indexes, documentation, span,
                displayField, other, route, labels, checks);
    }

    /**
     * Returns this model with more fields appended (the audit fields {@code audit_fields = true} adds).
     *
     * @param added the fields to append
     * @param other the conventions of the result (which name the added fields)
     * @return the copy
     */
    public Model withFields(List<Field> added, ModelConventions other) {
        List<Field> all = new java.util.ArrayList<>(fields);
        all.addAll(added);
        return new Model(name, tableName, databaseSchema, view, ignored, all, primaryKey, indexes, documentation, span,
                displayField, other, route, labels, checks);
    }

    /** A model without {@code @@display}. */
    public Model(String name, String tableName, Optional<String> databaseSchema, boolean view, boolean ignored,
                 List<Field> fields, Optional<PrimaryKey> primaryKey, List<Index> indexes,
                 Optional<String> documentation, Span span) {
        this(name, tableName, databaseSchema, view, ignored, fields, primaryKey, indexes, documentation, span, Optional.empty());
    }

    /**
     * Returns this model with other fields (same names, in the same order), e.g. with the defaults
     * {@code id_strategy} gives.
     *
     * @param newFields the fields
     * @return a copy of this model holding {@code newFields}
     */
    public Model withFields(List<Field> newFields) {
        return new Model(name, tableName, databaseSchema, view, ignored, newFields, primaryKey, indexes, documentation,
                span, displayField, ModelConventions.byColumnNames(newFields), route, labels, checks);
    }

    /**
     * Finds a field by its schema name.
     *
     * @param fieldName a field name as written in the schema
     * @return the field, or empty
     */
    public Optional<Field> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /**
     * Finds a column field by its database column name (the names the REST API uses).
     *
     * @param columnName a column name after {@code @map}
     * @return the field stored in that column, or empty
     */
    public Optional<Field> fieldByColumn(String columnName) {
        return fields.stream().filter(f -> f.isColumn() && f.columnName().equals(columnName)).findFirst();
    }

    /**
     * Finds a column field by the name the REST API uses for it ({@link Field#apiName()}).
     *
     * @param apiName a JSON key or filter name
     * @return the field, or empty
     */
    public Optional<Field> fieldByApiName(String apiName) {
        return fields.stream().filter(f -> f.isColumn() && f.apiName().equals(apiName)).findFirst();
    }

    /** Returns the fields stored in columns, in declaration order. */
    public List<Field> columnFields() {
        return fields.stream().filter(Field::isColumn).toList();
    }

    /** Returns the relation fields, in declaration order. */
    public List<Field> relationFields() {
        return fields.stream().filter(Field::isRelation).toList();
    }

    /** Returns the unique constraints (not the primary key), in declaration order. */
    public List<Index> uniques() {
        return indexes.stream().filter(i -> i.kind() == Index.Kind.UNIQUE).toList();
    }
}
