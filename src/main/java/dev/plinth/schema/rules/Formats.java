package dev.plinth.schema.rules;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The string formats of {@code @email}/{@code email()} and {@code @url}/{@code url()}. ZenStack checks
 * them with Zod's {@code z.string().email()} and {@code .url()}; the email pattern here is Zod's
 * (v3.22, {@code emailRegex} in zod/src/types.ts), so an address ZenStack accepts, Plinth accepts.
 */
public final class Formats {

    /** Zod's email pattern (case-insensitive): no leading dot, no {@code ..}, a dotted domain with a 2+ letter TLD. */
    private static final Pattern EMAIL = Pattern.compile(
            "^(?!\\.)(?!.*\\.\\.)([A-Z0-9_'+\\-.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\\-]*\\.)+[A-Z]{2,}$",
            Pattern.CASE_INSENSITIVE);

    private Formats() {
    }

    /**
     * Tells whether a string is an email address as Zod's {@code email()} checks it.
     *
     * @param text the value
     * @return true for an address such as {@code ada@example.com}
     */
    public static boolean email(String text) {
        return text.length() <= 320 && EMAIL.matcher(text).matches();
    }

    /**
     * Tells whether a string is an absolute URL (RFC 3986 with a scheme; an {@code http}/{@code https}
     * URL needs a host), the strings Zod's {@code url()} accepts through {@code new URL()} and JSON
     * Schema's {@code format: uri} describes.
     *
     * @param text the value
     * @return true for a URL such as {@code https://example.com/a?b=c}
     */
    public static boolean url(String text) {
        if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute() || uri.getRawSchemeSpecificPart() == null || uri.getRawSchemeSpecificPart().isEmpty()) {
                return false;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("http") || scheme.equals("https")) {
                return uri.getHost() != null && !uri.getHost().isEmpty();
            }
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
