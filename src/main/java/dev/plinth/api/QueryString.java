package dev.plinth.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes a query string exactly, or refuses it. Each {@code name=value} pair is split on {@code &}
 * and {@code =}; {@code +} is a space and {@code %XX} a byte (the {@code application/x-www-form-urlencoded}
 * rules of the WHATWG URL Standard, section 5.1, which browsers and Jetty follow), and the bytes must be
 * UTF-8 (RFC 3986 section 2.5). Where a lenient decoder would drop or mangle a pair with a broken
 * escape ({@code %zz}, a lone {@code %}, {@code %ff}), Plinth answers 400 {@code malformed_query}: a
 * dropped filter would widen a collection PATCH or DELETE to rows the client never named.
 */
public final class QueryString {

    private QueryString() {
    }

    /**
     * Decodes a raw query string (without the {@code ?}).
     *
     * @param raw the raw query string, or null for none
     * @return every parameter's decoded values, in the order sent
     * @throws ProblemException 400 {@code malformed_query} naming the first parameter that does not decode
     */
    public static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq >= 0 ? pair.substring(0, eq) : pair;
            Optional<String> name = decode(rawName, true);
            if (name.isEmpty()) {
                throw malformed(rawName, "the parameter's name");
            }
            Optional<String> value = eq >= 0 ? decode(pair.substring(eq + 1), true) : Optional.of("");
            if (value.isEmpty()) {
                throw malformed(name.get(), "the value of '" + name.get() + "'");
            }
            out.computeIfAbsent(name.get(), k -> new ArrayList<>()).add(value.get());
        }
        return out;
    }

    /**
     * Checks that every segment of a raw request path decodes exactly, before the router decodes path
     * keys leniently (or fails on them).
     *
     * @param rawPath the path as sent, still percent-encoded
     * @throws ProblemException 400 {@code malformed_path} naming the first segment that does not decode
     */
    public static void checkPath(String rawPath) {
        if (rawPath == null || rawPath.indexOf('%') < 0) {
            return;
        }
        for (String segment : rawPath.split("/")) {
            if (decode(segment, false).isEmpty()) {
                throw ApiProblem.MALFORMED_PATH.with("the path segment '" + segment
                        + "' cannot be decoded exactly: a percent-escape is not % and two hex digits, or the bytes are not"
                        + " UTF-8; nothing was run");
            }
        }
    }

    /**
     * Decodes one percent-encoded component exactly.
     *
     * @param text        the raw text
     * @param plusIsSpace true to read {@code +} as a space (query strings and, as Plinth always did, path keys)
     * @return the decoded text, or empty when an escape is not {@code %} and two hex digits or the bytes are not UTF-8
     */
    public static Optional<String> decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0) {
            return Optional.of(plusIsSpace ? text.replace('+', ' ') : text);
        }
        ByteBuffer bytes = ByteBuffer.allocate(text.length() * 3);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.put((byte) (hi * 16 + lo));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.put((byte) ' ');
            } else {
                int point = text.codePointAt(i);
                bytes.put(Character.toString(point).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(point) - 1;
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static ProblemException malformed(String parameter, String what) {
        String message = "a percent-escape is not % and two hex digits, or the bytes are not UTF-8";
        return ProblemException.fields(ApiProblem.MALFORMED_QUERY, what + " cannot be decoded exactly: " + message
                        + "; nothing was run",
                List.of(new FieldError(parameter, ApiProblem.MALFORMED_QUERY.code(), message)));
    }
}
