package dev.plinth.api;

import dev.plinth.query.CountMode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code count} preference of a request's {@code Prefer} headers: {@code exact}, {@code estimated}
 * or {@code planned}, PostgREST's spellings (PostgREST docs, "Exact Count", "Estimated Count", "Planned Count").
 *
 * <p>The header is read as RFC 7240 writes it: preferences are separated by commas and may come in several
 * {@code Prefer} headers; a preference's name is matched without regard to case; parameters after a
 * {@code ;} are ignored; a value may be quoted; only the first {@code count} preference is considered
 * (section 2); and a value this server does not understand is ignored, never refused (section 2: a server
 * "MUST ignore" preferences it does not understand), so the request is answered as without it.
 */
public final class CountPreference {

    private CountPreference() {
    }

    /**
     * Returns the count the request prefers.
     *
     * @param headers the values of every {@code Prefer} header, in order; may be empty
     * @return {@link CountMode#EXACT}, {@link CountMode#ESTIMATED} or {@link CountMode#PLANNED}, or empty when
     *         there is no {@code count} preference or the first one's value is not understood
     */
    public static Optional<CountMode> of(List<String> headers) {
        for (String header : headers) {
            for (String part : header.split(",")) {
                String p = part.strip();
                int semi = p.indexOf(';');
                if (semi >= 0) {
                    p = p.substring(0, semi).strip();
                }
                int eq = p.indexOf('=');
                String name = (eq < 0 ? p : p.substring(0, eq)).strip();
                if (!name.equalsIgnoreCase("count")) {
                    continue;
                }
                return eq < 0 ? Optional.empty() : mode(unquoted(p.substring(eq + 1).strip()));
            }
        }
        return Optional.empty();
    }

    private static Optional<CountMode> mode(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "exact" -> Optional.of(CountMode.EXACT);
            case "estimated" -> Optional.of(CountMode.ESTIMATED);
            case "planned" -> Optional.of(CountMode.PLANNED);
            default -> Optional.empty();
        };
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
