package dev.plinth.api;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One generated request of the hostile-input suite, before its placeholders ({@code {company}},
 * {@code {contact}}, … : rows that exist when it is sent) are filled in by {@link HostileFixture}.
 *
 * @param family  the generator that made it (for the report)
 * @param expect  what the contract requires of its answer, beyond the invariants every answer keeps
 * @param items   the issue-11 items whose defect this request is built to hit (see {@link KnownDefects})
 * @param method  the method token
 * @param target  the request target, sent as is
 * @param version the HTTP version token; empty for an HTTP/0.9-style request line
 * @param headers the header fields
 * @param body    the body text, or null
 */
record HostileRequest(String family, Expect expect, Set<Integer> items, String method, String target, String version,
                      List<RawHttpClient.Header> headers, String body) {

    /** What the contract requires of the answer, beyond the invariants every answer keeps. */
    enum Expect {
        /** Any answer that keeps the invariants (no 5xx, problem+json errors, no change unless 2xx). */
        INVARIANTS_ONLY,
        /** A 4xx: the request breaks the contract and must be refused. */
        CLIENT_ERROR,
        /** Exactly 400: a request that cannot be decoded exactly ({@code malformed_query}). */
        BAD_REQUEST,
        /** Exactly 401: a token that must not verify. */
        UNAUTHENTICATED,
        /** A HEAD: the same status as the GET of the same target and headers, and no body (RFC 9110 section 9.3.2). */
        SAME_AS_GET
    }

    HostileRequest {
        items = Set.copyOf(items);
        headers = List.copyOf(headers);
    }

    /** A request with the usual version, a bearer token of {@code token} (null or empty: none) and a JSON body. */
    static HostileRequest of(String family, Expect expect, Set<Integer> items, String method, String target,
                             String token, String body) {
        List<RawHttpClient.Header> headers = new java.util.ArrayList<>();
        if (token != null && !token.isEmpty()) {
            headers.add(new RawHttpClient.Header("Authorization", "Bearer " + token));
        }
        if (body != null) {
            headers.add(new RawHttpClient.Header("Content-Type", "application/json"));
        }
        return new HostileRequest(family, expect, items, method, target, "HTTP/1.1", headers, body);
    }

    /** Returns this request tagged with further issue items. */
    HostileRequest withItems(Set<Integer> more) {
        Set<Integer> all = new TreeSet<>(items);
        all.addAll(more);
        return new HostileRequest(family, expect, all, method, target, version, headers, body);
    }

    /** Returns this request with the placeholders of target, headers and body replaced. */
    HostileRequest resolve(java.util.function.UnaryOperator<String> fill) {
        return new HostileRequest(family, expect, items, method, fill.apply(target), version,
                headers.stream().map(h -> new RawHttpClient.Header(h.name(), fill.apply(h.value()))).toList(),
                body == null ? null : fill.apply(body));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[").append(family).append(" expect ").append(expect);
        if (!items.isEmpty()) {
            s.append(" items ").append(new TreeSet<>(items));
        }
        s.append("] ").append(printable(method)).append(' ').append(printable(abbreviate(target))).append(' ').append(version);
        for (RawHttpClient.Header h : headers) {
            s.append("\n  ").append(printable(h.toString()));
        }
        if (body != null) {
            s.append("\n  body: ").append(printable(abbreviate(body)));
        }
        return s.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…(" + text.length() + " chars)" : text;
    }

    /** Shows control characters, lone surrogates and raw bytes as escapes, so a report can be pasted. */
    static String printable(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0xF700 && c <= 0xF7FF) {
                s.append(String.format("<0x%02X>", c - 0xF700));
            } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)))) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
