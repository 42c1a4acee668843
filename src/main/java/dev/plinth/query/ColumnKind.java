package dev.plinth.query;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * How the query grammar treats a served column: which lookups apply, whether it can be ordered by,
 * and which Java type its parsed values have (see {@link ColumnValues}).
 *
 * <p>{@code Bytes} columns and scalar lists ({@code String[]}, PostgreSQL arrays) have no portable
 * comparison between SQLite and PostgreSQL, so they take {@code __isnull} only and cannot be ordered by.
 * A {@code Json} column is compared inside, by path ({@link #jsonDocument()}, {@link JsonSql}); the
 * document itself takes {@code __isnull}, {@code __contains}, {@code __has} and {@code __has_key}. Enums compare for equality only: their order differs between the databases
 * (declaration order for a PostgreSQL enum, text order on SQLite), so {@code __gt} and friends are
 * refused rather than answered differently; ordering by an enum column is allowed and follows the
 * database's own order.
 */
public enum ColumnKind {
    /** {@code String}: every lookup. Values: {@link String}. */
    STRING(EnumSet.complementOf(EnumSet.of(Operator.HAS, Operator.HAS_KEY)), true),
    /** {@code Int}: equality, lists, comparisons. Values: {@link Integer}. */
    INT(ordered(), true),
    /** {@code BigInt}: equality, lists, comparisons. Values: {@link Long}. */
    BIGINT(ordered(), true),
    /** {@code Float}: equality, lists, comparisons. Values: {@link Double}. */
    FLOAT(ordered(), true),
    /** {@code Decimal}: equality, lists, comparisons, exact. Values: {@link java.math.BigDecimal}. */
    DECIMAL(ordered(), true),
    /** {@code DateTime}: equality, lists, comparisons. Values: {@link java.time.Instant}. */
    DATETIME(ordered(), true),
    /** {@code Boolean}: equality and lists. Values: {@link Boolean}. */
    BOOLEAN(equality(), true),
    /** An enum: equality and lists, by the values' database names. Values: {@link String} (the database name). */
    ENUM(equality(), true),
    /**
     * {@code Json}, and a composite type's JSON document (docs/schema.md, "Composite types"): on the document, {@code __isnull}, {@code __contains} (containment), {@code __has}
     * and {@code __has_key}; a path inside it ({@code meta.plan}) takes {@link #JSON_PATH_OPERATORS} and
     * can be ordered by. See {@link #jsonDocument()}.
     */
    JSON(EnumSet.of(Operator.ISNULL, Operator.CONTAINS, Operator.HAS, Operator.HAS_KEY), false),
    /** {@code Bytes}: {@code __isnull} only. */
    BYTES(EnumSet.of(Operator.ISNULL), false),
    /** A scalar list ({@code Type[]}): {@code __isnull} only. */
    LIST(EnumSet.of(Operator.ISNULL), false);

    /** The lookups on a path inside a JSON document ({@code meta.limits.seats__gte=5}). */
    public static final Set<Operator> JSON_PATH_OPERATORS = java.util.Collections.unmodifiableSet(EnumSet.of(
            Operator.EQ, Operator.NE, Operator.IN, Operator.NIN, Operator.GT, Operator.GTE, Operator.LT, Operator.LTE,
            Operator.ISNULL, Operator.CONTAINS, Operator.HAS, Operator.HAS_KEY));

    private final Set<Operator> operators;
    private final boolean orderable;

    ColumnKind(Set<Operator> operators, boolean orderable) {
        this.operators = operators;
        this.orderable = orderable;
    }

    /** Returns the lookups this kind of column accepts. */
    public Set<Operator> operators() {
        return EnumSet.copyOf(operators);
    }

    /** Returns true when {@code orderBy} (and so keyset pagination) may use the column. */
    public boolean orderable() {
        return orderable;
    }

    /**
     * Returns true when the column holds one JSON document (stored as {@code jsonb} on PostgreSQL and
     * as JSON text on SQLite), so that a dotted name {@code column.key.0} addresses a value inside it
     * and the {@link #JSON_PATH_OPERATORS} apply there. The one place that decides it: a kind for
     * other columns stored as a JSON document (composite types) answers true here to get path filters,
     * path ordering and path indexes.
     */
    public boolean jsonDocument() {
        return this == JSON;
    }

    boolean accepts(Operator op) {
        return operators.contains(op);
    }

    /**
     * Classifies a field, or returns empty for a field that is never served (a relation,
     * {@code Unsupported("…")}, {@code @ignore}).
     *
     * @param field a field of a resolved model
     * @return its kind, or empty when the field is not a served column
     */
    public static Optional<ColumnKind> of(Field field) {
        if (!field.isColumn() || field.ignored() || field.type() instanceof FieldType.Unsupported) {
            return Optional.empty();
        }
        if (field.isComposite()) {
            // one JSON document (a list of them, one JSON array): a column stored as a JSON document
            return Optional.of(JSON);
        }
        if (field.list()) {
            return Optional.of(LIST);
        }
        return switch (field.type()) {
            case FieldType.EnumRef e -> Optional.of(ENUM);
            case FieldType.Scalar s -> Optional.of(switch (s.scalar()) {
                case STRING -> STRING;
                case INT -> INT;
                case BIGINT -> BIGINT;
                case FLOAT -> FLOAT;
                case DECIMAL -> DECIMAL;
                case DATETIME -> DATETIME;
                case BOOLEAN -> BOOLEAN;
                case JSON -> JSON;
                case BYTES -> BYTES;
            });
            default -> Optional.empty();
        };
    }

    private static Set<Operator> ordered() {
        return EnumSet.of(Operator.EQ, Operator.NE, Operator.IN, Operator.NIN, Operator.GT, Operator.GTE,
                Operator.LT, Operator.LTE, Operator.ISNULL);
    }

    private static Set<Operator> equality() {
        return EnumSet.of(Operator.EQ, Operator.NE, Operator.IN, Operator.NIN, Operator.ISNULL);
    }
}
