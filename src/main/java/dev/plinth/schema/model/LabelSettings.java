package dev.plinth.schema.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a schema shows display labels (docs/search-and-relations.md, "Labels on every read"): when reads
 * carry them ({@code labels = "on_request" | "always"} in {@code generator plinth}, overridden per model by
 * {@code @@labels("…")}) and how a label's key is spelled ({@code label_keys = "standard" | "quickback"}).
 *
 * <p>A schema that uses none of these ({@link #configured()} false) labels exactly as before: only on
 * {@code labels=true}, display columns by exact column name, every single-column foreign key labelled.
 * A schema that uses any of them also gets Quickback's display-column detection in either spelling
 * ({@code displayName} or {@code display_name}) and never labels a system column (owner, tenant, audit).
 *
 * @param configured true when the schema sets {@code labels} or {@code label_keys}, or a model carries {@code @@labels}
 * @param mode       the schema-wide mode
 * @param keys       the key pattern
 */
public record LabelSettings(boolean configured, Mode mode, Keys keys) {

    /** The generator setting choosing when reads carry labels. */
    public static final String LABELS = "labels";
    /** The generator setting choosing the key pattern. */
    public static final String LABEL_KEYS = "label_keys";
    /** The model attribute overriding {@link #LABELS}: {@code @@labels("always")}. */
    public static final String ATTRIBUTE = "labels";

    /**
     * The display columns looked for, in order, on a related model without {@code @@display} (Quickback's
     * order); compared by {@link #spellingKey} when the schema is {@link #configured()}, by exact column name otherwise.
     */
    public static final List<String> DISPLAY_COLUMNS = List.of("name", "title", "label", "headline", "subject", "code",
            "display_name", "full_name", "description");

    /** The settings of a schema without any label setting. */
    public static final LabelSettings NONE = new LabelSettings(false, Mode.ON_REQUEST, Keys.STANDARD);

    /** When reads carry labels. */
    public enum Mode {
        /** Only with {@code labels=true} (the default). */
        ON_REQUEST("on_request"),
        /** On every list and single-row read, unless the request says {@code labels=false}. */
        ALWAYS("always");

        private final String text;

        Mode(String text) {
            this.text = text;
        }

        /** Returns the value as written in the schema. */
        public String text() {
            return text;
        }

        /**
         * Reads a value as written in the schema.
         *
         * @param text e.g. {@code "always"}
         * @return the mode, or empty for anything else
         */
        public static Optional<Mode> of(String text) {
            for (Mode m : values()) {
                if (m.text.equals(text)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        /** Returns the values a schema may write, in order. */
        public static List<String> texts() {
            return java.util.Arrays.stream(values()).map(Mode::text).toList();
        }
    }

    /** How a label's key is derived from its foreign-key column. */
    public enum Keys {
        /** {@code company_id} → {@code company_label}, {@code companyId} → {@code companyLabel}, else {@code {column}_label}. */
        STANDARD("standard"),
        /** Quickback's {@code {fieldWithoutId}_label}: {@code roomTypeId} → {@code roomType_label}, {@code room_id} → {@code room_label}. */
        QUICKBACK("quickback");

        private final String text;

        Keys(String text) {
            this.text = text;
        }

        /** Returns the value as written in the schema. */
        public String text() {
            return text;
        }

        /**
         * Reads a value as written in the schema.
         *
         * @param text e.g. {@code "quickback"}
         * @return the pattern, or empty for anything else
         */
        public static Optional<Keys> of(String text) {
            for (Keys k : values()) {
                if (k.text.equals(text)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }

        /** Returns the values a schema may write, in order. */
        public static List<String> texts() {
            return java.util.Arrays.stream(values()).map(Keys::text).toList();
        }

        /**
         * Returns the key of the label written beside a foreign-key column.
         *
         * @param column the foreign key's name as rows show it
         * @return the label's key
         */
        public String key(String column) {
            if (this == QUICKBACK) {
                if (column.endsWith("_id") && column.length() > 3) {
                    return column.substring(0, column.length() - 3) + "_label";
                }
                if (column.endsWith("Id") && column.length() > 2) {
                    return column.substring(0, column.length() - 2) + "_label";
                }
                return column + "_label";
            }
            if (column.endsWith("_id") && column.length() > 3) {
                return column.substring(0, column.length() - 3) + "_label";
            }
            if (column.endsWith("Id") && column.length() > 2) {
                return column.substring(0, column.length() - 2) + "Label";
            }
            return column + "_label";
        }
    }

    /**
     * Reads a schema's label settings. Values the validator refuses never reach here; an absent one is its default.
     *
     * @param schema the resolved schema
     * @return the settings
     */
    public static LabelSettings of(Schema schema) {
        PlinthSettings settings = PlinthSettings.of(schema);
        Optional<String> mode = settings.text(LABELS);
        Optional<String> keys = settings.text(LABEL_KEYS);
        boolean configured = mode.isPresent() || keys.isPresent()
                || schema.models().stream().anyMatch(m -> m.labels().isPresent());
        return new LabelSettings(configured, mode.flatMap(Mode::of).orElse(Mode.ON_REQUEST),
                keys.flatMap(Keys::of).orElse(Keys.STANDARD));
    }

    /**
     * Tells whether every read of a model carries labels: its {@code @@labels}, else the schema's setting.
     *
     * @param model the read model
     * @return true for {@link Mode#ALWAYS}
     */
    public boolean always(Model model) {
        return model.labels().flatMap(Mode::of).orElse(mode) == Mode.ALWAYS;
    }

    /**
     * Returns the key of the label beside a foreign-key column, by {@link #keys()}.
     *
     * @param column the foreign key's name as rows show it
     * @return the label's key
     */
    public String key(String column) {
        return keys.key(column);
    }

    /**
     * Tells whether a field is a system column, never labelled when the schema is {@link #configured()}:
     * the owner, the tenant (organization, team) and the audit callers (created/updated/deleted by), whether
     * the model's conventions bind the field to the role or its field or column name is merely spelled like
     * one ({@link Convention#bySpelling}).
     *
     * @param model the model holding the field
     * @param field the field's schema name
     * @return true for a system column
     */
    public static boolean system(Model model, String field) {
        // Bound by the model's conventions, or merely spelled like one (a model with @@conventions(false) still
        // has an audit column, which no reader wants labelled).
        Optional<Field> f = model.field(field);
        return model.conventions().of(field).filter(LabelSettings::systemRole).isPresent()
                || Convention.bySpelling(field).filter(LabelSettings::systemRole).isPresent()
                || f.filter(Field::isColumn).flatMap(c -> Convention.bySpelling(c.columnName())).filter(LabelSettings::systemRole).isPresent();
    }

    private static boolean systemRole(Convention c) {
        return switch (c) {
            case OWNER, ORGANIZATION, TEAM, CREATED_BY, UPDATED_BY, DELETED_BY -> true;
            default -> false;
        };
    }

    /**
     * Returns a name as compared in either spelling: lower case without underscores ({@code displayName},
     * {@code display_name} and {@code DISPLAY_NAME} are all {@code displayname}).
     *
     * @param name a field or column name
     * @return the comparison key
     */
    public static String spellingKey(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
