package dev.plinth.schema.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code id_strategy} setting of {@code generator plinth { … }}: how the server makes the key of a model
 * whose single-field key has no {@code @default} (docs/schema.md, "Identifiers"). The values follow Quickback's
 * {@code generateId} ({@code uuid}, {@code serial}, {@code prefixed}, {@code false}) and Prisma's own default
 * functions ({@code uuid(7)}, {@code cuid(2)}, {@code ulid()}, {@code nanoid()}); each strategy stands for the
 * {@code @default} it gives the key, so the rest of Plinth (migrations, bodies, OpenAPI) treats the key as if
 * the default were written.
 */
public enum IdStrategy {
    /** {@code uuid(7)}: a time-ordered UUID (RFC 9562 version 7). */
    UUID7("uuid7", ScalarType.STRING),
    /** {@code cuid(2)}. */
    CUID2("cuid2", ScalarType.STRING),
    /** {@code ulid()}: 26 characters of Crockford base 32, time-ordered. */
    ULID("ulid", ScalarType.STRING),
    /** {@code nanoid()}: 21 URL-safe random characters. */
    NANOID("nanoid", ScalarType.STRING),
    /** {@code prefixed("…")} with the prefix {@link #prefixFor} derives from the model's name. */
    PREFIXED("prefixed", ScalarType.STRING),
    /** {@code uuid()}: a random UUID (version 4). */
    UUID("uuid", ScalarType.STRING),
    /** {@code autoincrement()}: the database numbers the rows (Int or BigInt keys). */
    SERIAL("serial", ScalarType.INT),
    /** No generated key: the client sends it (what a key without {@code @default} always meant). */
    FALSE("false", null);

    /** The name of the setting in {@code generator plinth}. */
    public static final String SETTING = "id_strategy";

    /** The longest prefix of a prefixed id. */
    public static final int MAX_PREFIX = 16;

    private final String text;
    private final ScalarType keyType;

    IdStrategy(String text, ScalarType keyType) {
        this.text = text;
        this.keyType = keyType;
    }

    /** Returns the setting's value as written, e.g. {@code uuid7}. */
    public String text() {
        return text;
    }

    /**
     * Finds a strategy by its written value.
     *
     * @param text the value, e.g. {@code "ulid"}
     * @return the strategy, or empty when there is none of that name
     */
    public static Optional<IdStrategy> of(String text) {
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst();
    }

    /**
     * Reads the setting of a schema.
     *
     * @param settings the schema's {@code generator plinth} settings
     * @return the strategy, or empty when the setting is absent (or not one the validator lets through)
     */
    public static Optional<IdStrategy> of(PlinthSettings settings) {
        return settings.text(SETTING).flatMap(IdStrategy::of);
    }

    /** Returns the valid values, quoted and comma-separated, for messages. */
    public static String validValues() {
        return Arrays.stream(values()).map(s -> "\"" + s.text + "\"").collect(Collectors.joining(", "));
    }

    /**
     * Tells whether a key of a type can be made by this strategy.
     *
     * @param type the key field's scalar type
     * @return true for String keys with the text strategies, Int and BigInt keys with {@code serial}, any with {@code false}
     */
    public boolean fits(ScalarType type) {
        if (keyType == null) {
            return true;
        }
        return keyType == ScalarType.INT ? type == ScalarType.INT || type == ScalarType.BIGINT : type == keyType;
    }

    /** Returns the key types this strategy makes, for messages ({@code String}, {@code Int or BigInt}). */
    public String keyTypes() {
        return keyType == null ? "any" : keyType == ScalarType.INT ? "Int or BigInt" : "String";
    }

    /**
     * Returns the default this strategy gives a model's key.
     *
     * @param modelName the model's name (the prefix of {@code prefixed} derives from it)
     * @return the default, or empty for {@code false}
     */
    public Optional<DefaultValue> defaultFor(String modelName) {
        return Optional.ofNullable(switch (this) {
            case UUID7 -> new DefaultValue.Uuid(7);
            case CUID2 -> new DefaultValue.Cuid(2);
            case ULID -> new DefaultValue.Ulid();
            case NANOID -> new DefaultValue.Nanoid(Optional.empty());
            case PREFIXED -> new DefaultValue.Prefixed(prefixFor(modelName));
            case UUID -> new DefaultValue.Uuid(4);
            case SERIAL -> new DefaultValue.Autoincrement();
            case FALSE -> null;
        });
    }

    /**
     * The prefix {@code id_strategy = "prefixed"} gives a model: its name in lower case with anything but
     * letters and digits left out, cut to {@value #MAX_PREFIX} characters ({@code RoomBooking} → {@code roombooking}).
     * A model wanting a shorter prefix writes {@code @default(prefixed("rb"))} on its key.
     *
     * @param modelName the model's name
     * @return the prefix
     */
    public static String prefixFor(String modelName) {
        String letters = modelName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return letters.length() > MAX_PREFIX ? letters.substring(0, MAX_PREFIX) : letters;
    }
}
