package dev.plinth.api.value;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.NativeType;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.sql.DatabaseKind;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the {@link NativeLimit} of a field once, when the server starts: from its {@code @db.*} native
 * type, as Plinth's PostgreSQL dialect maps it ({@code dev.plinth.sql.PostgresDialect}), or from the type
 * Prisma gives the scalar when there is none ({@code Decimal} is {@code DECIMAL(65,30)}). The PostgreSQL
 * native types come from Prisma's schema reference, "Model field scalar types"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#model-field-scalar-types); a MySQL
 * schema's integer types keep their MySQL ranges.
 */
public final class NativeLimits {

    /** The precision and scale Prisma gives a {@code Decimal} without a native type on PostgreSQL. */
    public static final int DEFAULT_PRECISION = 65;
    /** See {@link #DEFAULT_PRECISION}. */
    public static final int DEFAULT_SCALE = 30;

    private NativeLimits() {
    }

    /**
     * Finds the limit of a field's values.
     *
     * @param field the field (a list field's limit applies to each element)
     * @param kind  the database served: on SQLite a {@code Decimal} must also survive SQLite's storage
     * @return the limit, or empty when the type's own codec already holds every value the column takes
     */
    public static Optional<NativeLimit> of(Field field, DatabaseKind kind) {
        if (!(field.type() instanceof FieldType.Scalar scalar)) {
            return Optional.empty();
        }
        ScalarType type = scalar.scalar();
        Optional<NativeType> nativeType = field.nativeType();
        if (nativeType.isEmpty()) {
            return type == ScalarType.DECIMAL
                    ? Optional.of(new NativeLimit.Decimal(DEFAULT_PRECISION, DEFAULT_SCALE, kind == DatabaseKind.SQLITE))
                    : Optional.empty();
        }
        NativeType n = nativeType.get();
        List<Integer> args = n.arguments().stream().map(NativeLimits::number).toList();
        Integer first = args.isEmpty() ? null : args.getFirst();
        String display = display(n);
        return Optional.ofNullable(switch (type) {
            case STRING -> switch (n.name().toLowerCase(Locale.ROOT)) {
                case "varchar" -> first == null || first <= 0 ? null : new NativeLimit.Characters(first, false, display);
                case "char" -> new NativeLimit.Characters(first == null || first <= 0 ? 1 : first, true, display);
                case "bit" -> new NativeLimit.Bits(first == null || first <= 0 ? 1 : first, true);
                case "varbit" -> new NativeLimit.Bits(first == null ? 0 : first, false);
                case "inet" -> new NativeLimit.InetAddress();
                default -> null;
            };
            case INT -> switch (n.name().toLowerCase(Locale.ROOT)) {
                case "smallint" -> new NativeLimit.IntegerRange(Short.MIN_VALUE, Short.MAX_VALUE, display);
                case "oid", "unsignedint" -> new NativeLimit.IntegerRange(0, Integer.MAX_VALUE, display);
                case "tinyint" -> new NativeLimit.IntegerRange(Byte.MIN_VALUE, Byte.MAX_VALUE, display);
                case "unsignedtinyint" -> new NativeLimit.IntegerRange(0, 255, display);
                case "unsignedsmallint" -> new NativeLimit.IntegerRange(0, 65_535, display);
                case "mediumint" -> new NativeLimit.IntegerRange(-8_388_608, 8_388_607, display);
                case "unsignedmediumint" -> new NativeLimit.IntegerRange(0, 16_777_215, display);
                case "year" -> new NativeLimit.IntegerRange(1901, 2155, display);
                default -> null;
            };
            case BIGINT -> n.name().equalsIgnoreCase("UnsignedBigInt") ? new NativeLimit.IntegerRange(0, Long.MAX_VALUE, display) : null;
            case FLOAT -> switch (n.name().toLowerCase(Locale.ROOT)) {
                case "real", "float" -> new NativeLimit.SinglePrecision();
                default -> null;
            };
            case DECIMAL -> switch (n.name().toLowerCase(Locale.ROOT)) {
                case "decimal", "numeric" -> first == null
                        ? new NativeLimit.Decimal(0, 0, kind == DatabaseKind.SQLITE)
                        : new NativeLimit.Decimal(first, args.size() > 1 && args.get(1) != null ? args.get(1) : 0, kind == DatabaseKind.SQLITE);
                default -> kind == DatabaseKind.SQLITE ? new NativeLimit.Decimal(0, 0, true) : null;
            };
            case DATETIME -> switch (n.name().toLowerCase(Locale.ROOT)) {
                case "date" -> new NativeLimit.TimeParts(NativeLimit.TimeParts.Part.DATE, 3);
                case "time", "timetz" -> new NativeLimit.TimeParts(NativeLimit.TimeParts.Part.TIME, first == null ? 3 : Math.min(first, 3));
                case "timestamp", "timestamptz", "datetime" -> first == null || first >= 3 ? null
                        : new NativeLimit.TimeParts(NativeLimit.TimeParts.Part.TIMESTAMP, first);
                default -> null;
            };
            default -> null;
        });
    }

    /**
     * Returns the most characters a text column takes by its native type.
     *
     * @param field the field
     * @return {@code n} of {@code VarChar(n)} or {@code Char(n)} ({@code Char} alone is {@code Char(1)}), or empty
     */
    public static Optional<Integer> maxLength(Field field) {
        return of(field, DatabaseKind.POSTGRESQL).flatMap(l -> l instanceof NativeLimit.Characters c ? Optional.of(c.length())
                : l instanceof NativeLimit.Bits b && b.length() > 0 ? Optional.of(b.length()) : Optional.empty());
    }

    private static Integer number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return null; // Max, as in VarChar(Max) of SQL Server: no limit
        }
    }

    private static String display(NativeType n) {
        return "@db." + n.name() + (n.arguments().isEmpty() ? "" : "(" + String.join(", ", n.arguments()) + ")");
    }
}
