package dev.plinth.schema.model;

import java.util.Optional;

/**
 * A field of a model, resolved.
 *
 * @param name          the field name in the schema
 * @param columnName    the database column name: {@code @map("…")} or the field name (Prisma's rule);
 *                      for relation fields, which have no column, the field name
 * @param type          what the field holds
 * @param optional      true for {@code Type?}
 * @param list          true for {@code Type[]}
 * @param defaultValue  the {@code @default(…)}, typed
 * @param id            true when the field carries {@code @id}
 * @param unique        true when a one-field unique constraint ({@code @unique} or {@code @@unique([field])})
 *                      covers the field
 * @param updatedAt     true when the field carries {@code @updatedAt}
 * @param ignored       true when the field carries {@code @ignore} (kept in the database, never served)
 * @param nativeType    the {@code @db.*} attribute
 * @param relation      for a field whose type is a model: the relation it belongs to
 * @param documentation the {@code ///} comment lines above the field, joined with newlines
 * @param span          where the field is declared
 * @param mapped        true when {@code @map} names the column (Prisma's DMMF then shows it as {@code dbName},
 *                      even when it equals the field name)
 * @param normalization how the API normalizes this field's values before using them: set on the String key
 *                      fields of a model with {@code @@normalizeKey(…)} and on the foreign keys referencing them
 *                      ({@link KeyNormalization#NONE} otherwise)
 * @param apiName       the name the REST API uses for the field (JSON key, filter, {@code orderBy}, {@code select}):
 *                      the column name by default, the field name under {@code api_names = "field"} in
 *                      {@code generator plinth} (docs/schema.md, "Naming")
 */
public record Field(
        String name,
        String columnName,
        FieldType type,
        boolean optional,
        boolean list,
        Optional<DefaultValue> defaultValue,
        boolean id,
        boolean unique,
        boolean updatedAt,
        boolean ignored,
        Optional<NativeType> nativeType,
        Optional<RelationInfo> relation,
        Optional<String> documentation,
        Span span,
        boolean mapped,
        KeyNormalization normalization,
        String apiName) {

    public Field {
        normalization = normalization == null ? KeyNormalization.NONE : normalization;
        apiName = apiName == null ? columnName : apiName;
    }

    /** A field the API names by its column, without key normalization; parameters as for the record. */
    public Field(String name, String columnName, FieldType type, boolean optional, boolean list,
                 Optional<DefaultValue> defaultValue, boolean id, boolean unique, boolean updatedAt, boolean ignored,
                 Optional<NativeType> nativeType, Optional<RelationInfo> relation, Optional<String> documentation,
                 Span span, boolean mapped) {
        this(name, columnName, type, optional, list, defaultValue, id, unique, updatedAt, ignored, nativeType, relation,
                documentation, span, mapped, KeyNormalization.NONE, columnName);
    }

    /** A field the API names by its column; parameters as for the record. */
    public Field(String name, String columnName, FieldType type, boolean optional, boolean list,
                 Optional<DefaultValue> defaultValue, boolean id, boolean unique, boolean updatedAt, boolean ignored,
                 Optional<NativeType> nativeType, Optional<RelationInfo> relation, Optional<String> documentation,
                 Span span, boolean mapped, KeyNormalization normalization) {
        this(name, columnName, type, optional, list, defaultValue, id, unique, updatedAt, ignored, nativeType, relation,
                documentation, span, mapped, normalization, columnName);
    }

    /** A field without key normalization; parameters as for the record. */
    public Field(String name, String columnName, FieldType type, boolean optional, boolean list,
                 Optional<DefaultValue> defaultValue, boolean id, boolean unique, boolean updatedAt, boolean ignored,
                 Optional<NativeType> nativeType, Optional<RelationInfo> relation, Optional<String> documentation,
                 Span span, boolean mapped, String apiName) {
        this(name, columnName, type, optional, list, defaultValue, id, unique, updatedAt, ignored, nativeType, relation,
                documentation, span, mapped, KeyNormalization.NONE, apiName);
    }

    /** A field whose column is mapped exactly when its name differs from the field's. */
    public Field(String name, String columnName, FieldType type, boolean optional, boolean list,
                 Optional<DefaultValue> defaultValue, boolean id, boolean unique, boolean updatedAt, boolean ignored,
                 Optional<NativeType> nativeType, Optional<RelationInfo> relation, Optional<String> documentation,
                 Span span) {
        this(name, columnName, type, optional, list, defaultValue, id, unique, updatedAt, ignored, nativeType, relation,
                documentation, span, !columnName.equals(name));
    }

    /**
     * Returns this field with another default, e.g. the one {@code id_strategy} gives a key without {@code @default}.
     *
     * @param value the default
     * @return a copy of this field with {@code value} as its default
     */
    public Field withDefault(DefaultValue value) {
        return new Field(name, columnName, type, optional, list, Optional.of(value), id, unique, updatedAt, ignored,
                nativeType, relation, documentation, span, mapped, normalization, apiName);
    }

    /**
     * Returns this field with a key normalization.
     *
     * @param value the normalization
     * @return a copy of this field normalized by {@code value}
     */
    public Field withNormalization(KeyNormalization value) {
        return new Field(name, columnName, type, optional, list, defaultValue, id, unique, updatedAt, ignored,
                nativeType, relation, documentation, span, mapped, value, apiName);
    }

    /**
     * Returns true for a field stored in a column: a scalar, an enum, an unsupported type, or a composite type
     * (one JSON document per row, a list of them one JSON array; docs/schema.md, "Composite types").
     */
    public boolean isColumn() {
        return !(type instanceof FieldType.ModelRef);
    }

    /** Returns true for a field whose type is a composite type (stored as a JSON document). */
    public boolean isComposite() {
        return type instanceof FieldType.CompositeRef;
    }

    /** Returns true for a field whose type is a model. */
    public boolean isRelation() {
        return type instanceof FieldType.ModelRef;
    }

    /** Returns the scalar type, or empty for enums, relations and unsupported types. */
    public Optional<ScalarType> scalarType() {
        return type instanceof FieldType.Scalar scalar ? Optional.of(scalar.scalar()) : Optional.empty();
    }

    /** Returns true when a value must be given on insert: required, not a list, no default, not {@code @updatedAt}. */
    public boolean requiredOnInsert() {
        return isColumn() && !optional && !list && defaultValue.isEmpty() && !updatedAt;
    }
}
