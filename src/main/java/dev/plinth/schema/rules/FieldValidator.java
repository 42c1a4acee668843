package dev.plinth.schema.rules;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One validator of a field, compiled from its attribute (ZenStack's vocabulary,
 * https://zenstack.dev/docs/reference/zmodel-language#data-validation). A validator sees a non-null
 * value in the evaluation domain of {@link RowValues}: a {@link String}, a {@link BigDecimal}, or a
 * {@link java.util.List} for a list field; a null value is not checked (an optional field may be null).
 */
public sealed interface FieldValidator {

    /** Returns the custom message, when the attribute gave one. */
    Optional<String> message();

    /**
     * Checks a value.
     *
     * @param value the non-null value
     * @return the failure's code and message, or empty when the value passes
     */
    Optional<Failure> check(Object value);

    /** A failed validator: its stable code and the message. */
    record Failure(String code, String message) {
    }

    private static Optional<Failure> failure(Optional<String> message, String code, String standard) {
        return Optional.of(new Failure(code, message.orElse(standard)));
    }

    /**
     * {@code @length(min?, max?)}: a String's length in characters (Unicode code points, as PostgreSQL's
     * {@code length()} counts them) or a list's size. Codes {@code too_short}, {@code too_long}.
     */
    record Length(OptionalInt min, OptionalInt max, Optional<String> message) implements FieldValidator {
        @Override
        public Optional<Failure> check(Object value) {
            boolean list = value instanceof Collection<?>;
            int n = list ? ((Collection<?>) value).size() : value instanceof String s ? s.codePointCount(0, s.length()) : -1;
            if (n < 0) {
                return Optional.empty();
            }
            String unit = list ? " item" : " character";
            if (min.isPresent() && n < min.getAsInt()) {
                return failure(message, "too_short", "must have at least " + min.getAsInt() + unit + (min.getAsInt() == 1 ? "" : "s") + ", got " + n);
            }
            if (max.isPresent() && n > max.getAsInt()) {
                return failure(message, "too_long", "must have at most " + max.getAsInt() + unit + (max.getAsInt() == 1 ? "" : "s") + ", got " + n);
            }
            return Optional.empty();
        }
    }

    /** A text test: {@code @startsWith}, {@code @endsWith}, {@code @contains}. */
    record Text(TextTest test, String text, Optional<String> message) implements FieldValidator {
        @Override
        public Optional<Failure> check(Object value) {
            if (!(value instanceof String s)) {
                return Optional.empty();
            }
            boolean ok = switch (test) {
                case STARTS_WITH -> s.startsWith(text);
                case ENDS_WITH -> s.endsWith(text);
                case CONTAINS -> s.contains(text);
            };
            return ok ? Optional.empty() : failure(message, test.code(), test.phrase() + " \"" + text + "\"");
        }
    }

    /** The text tests, with their codes. */
    enum TextTest {
        /** {@code @startsWith("…")}: code {@code invalid_prefix}. */
        STARTS_WITH("startsWith", "invalid_prefix", "must start with"),
        /** {@code @endsWith("…")}: code {@code invalid_suffix}. */
        ENDS_WITH("endsWith", "invalid_suffix", "must end with"),
        /** {@code @contains("…")}: code {@code missing_substring}. */
        CONTAINS("contains", "missing_substring", "must contain");

        private final String attribute;
        private final String code;
        private final String phrase;

        TextTest(String attribute, String code, String phrase) {
            this.attribute = attribute;
            this.code = code;
            this.phrase = phrase;
        }

        /** Returns the attribute's name without {@code @}. */
        public String attribute() {
            return attribute;
        }

        /** Returns the failure's code. */
        public String code() {
            return code;
        }

        String phrase() {
            return phrase;
        }
    }

    /** {@code @email}: an address as {@link Formats#email} checks it; code {@code invalid_email}. */
    record Email(Optional<String> message) implements FieldValidator {
        @Override
        public Optional<Failure> check(Object value) {
            return value instanceof String s && !Formats.email(s) ? failure(message, "invalid_email", "must be an email address") : Optional.empty();
        }
    }

    /** {@code @url}: an absolute URL as {@link Formats#url} checks it; code {@code invalid_url}. */
    record Url(Optional<String> message) implements FieldValidator {
        @Override
        public Optional<Failure> check(Object value) {
            return value instanceof String s && !Formats.url(s) ? failure(message, "invalid_url", "must be an absolute URL") : Optional.empty();
        }
    }

    /**
     * {@code @regex("…")}: the pattern is found in the value (a search, as Zod's {@code regex()} and JSON
     * Schema's {@code pattern} do; anchor it with {@code ^…$} to match the whole value). Code
     * {@code pattern_mismatch}.
     */
    record Regex(Pattern pattern, Optional<String> message) implements FieldValidator {
        @Override
        public Optional<Failure> check(Object value) {
            return value instanceof String s && !pattern.matcher(s).find()
                    ? failure(message, "pattern_mismatch", "must match /" + pattern.pattern() + "/") : Optional.empty();
        }
    }

    /**
     * {@code @gt(n)}, {@code @gte(n)}, {@code @lt(n)}, {@code @lte(n)} on a number; codes
     * {@code too_small} (gt, gte) and {@code too_large} (lt, lte).
     */
    record Bound(BoundKind kind, BigDecimal limit, Optional<String> message) implements FieldValidator {
        @Override
        public Optional<Failure> check(Object value) {
            if (!(value instanceof BigDecimal n)) {
                return Optional.empty();
            }
            int c = n.compareTo(limit);
            boolean ok = switch (kind) {
                case GT -> c > 0;
                case GTE -> c >= 0;
                case LT -> c < 0;
                case LTE -> c <= 0;
            };
            return ok ? Optional.empty() : failure(message, kind.code(), kind.phrase() + " " + limit.toPlainString());
        }
    }

    /** The four bounds. */
    enum BoundKind {
        /** {@code @gt}. */
        GT("gt", "too_small", "must be greater than"),
        /** {@code @gte}. */
        GTE("gte", "too_small", "must be at least"),
        /** {@code @lt}. */
        LT("lt", "too_large", "must be less than"),
        /** {@code @lte}. */
        LTE("lte", "too_large", "must be at most");

        private final String attribute;
        private final String code;
        private final String phrase;

        BoundKind(String attribute, String code, String phrase) {
            this.attribute = attribute;
            this.code = code;
            this.phrase = phrase;
        }

        /** Returns the attribute's name without {@code @}. */
        public String attribute() {
            return attribute;
        }

        /** Returns the failure's code. */
        public String code() {
            return code;
        }

        String phrase() {
            return phrase;
        }
    }
}
