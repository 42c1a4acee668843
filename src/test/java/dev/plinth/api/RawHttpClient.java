package dev.plinth.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP/1.1 client over a plain socket that sends a request exactly as given: any method, any
 * request target (malformed percent-escapes, raw bytes, {@code ..}), any version token, any headers.
 * {@code java.net.http} refuses most of these before they leave the process ({@code URI} rejects
 * {@code %zz}), which is why the hostile-input suite needs its own.
 *
 * <p>Each exchange opens a connection, sends {@code Connection: close} and reads the answer until
 * the server closes it (RFC 9112 section 9.6), decoding a chunked body (RFC 9112 section 7.1).
 *
 * <p>Text is sent as UTF-8, except that the private-use characters U+F700 to U+F7FF stand for the
 * single raw bytes 0x00 to 0xFF ({@link #rawByte}), so a generator can put invalid UTF-8 into a
 * request line, a header or a body.
 */
final class RawHttpClient {

    private static final int RAW_BASE = 0xF700;

    private final int port;
    private final int timeoutMillis;

    /**
     * @param port          the server's port on 127.0.0.1
     * @param timeoutMillis how long one read may wait for the server before the exchange fails
     */
    RawHttpClient(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** One header field as sent. */
    record Header(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + (value.length() > 120 ? value.substring(0, 120) + "…(" + value.length() + " chars)" : value);
        }
    }

    /**
     * A parsed answer.
     *
     * @param status     the status code of the status line
     * @param statusLine the whole status line
     * @param headers    the header fields, names in lower case, in order
     * @param body       the body bytes (decoded from chunks when chunked)
     */
    record Response(int status, String statusLine, Map<String, List<String>> headers, byte[] body) {
        /** Returns the first value of a header, by its lower-case name. */
        Optional<String> header(String lowerCaseName) {
            List<String> values = headers.get(lowerCaseName);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        /** Returns the body as UTF-8 text. */
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = text();
            return statusLine + " " + headers.getOrDefault("content-type", List.of()) + " "
                    + (text.length() > 600 ? text.substring(0, 600) + "…" : text);
        }
    }

    /** Returns the character that {@link #exchange} sends as the single raw byte {@code b} (0 to 255). */
    static char rawByte(int b) {
        return (char) (RAW_BASE + (b & 0xFF));
    }

    /**
     * Sends one request and reads its answer.
     *
     * @param method  the method token, sent as is
     * @param target  the request target, sent as is
     * @param version the version token ({@code HTTP/1.1}); empty sends an HTTP/0.9-style line without one
     * @param headers header fields; {@code Host}, {@code Connection: close} and a {@code Content-Length}
     *                for a body are added unless given
     * @param body    the body, or null for none
     * @return the answer
     * @throws IOException when the server does not answer with a parsable HTTP response
     */
    Response exchange(String method, String target, String version, List<Header> headers, String body) throws IOException {
        byte[] bodyBytes = body == null ? null : encode(body);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(encode(method + " " + target + (version.isEmpty() ? "" : " " + version) + "\r\n"));
        List<String> named = headers.stream().map(h -> h.name().toLowerCase(Locale.ROOT)).toList();
        List<Header> all = new ArrayList<>();
        if (!named.contains("host")) {
            all.add(new Header("Host", "127.0.0.1:" + port));
        }
        if (!named.contains("connection")) {
            all.add(new Header("Connection", "close"));
        }
        if (bodyBytes != null && !named.contains("content-length") && !named.contains("transfer-encoding")) {
            all.add(new Header("Content-Length", Integer.toString(bodyBytes.length)));
        }
        all.addAll(headers);
        for (Header h : all) {
            head.writeBytes(encode(h.name() + ": " + h.value() + "\r\n"));
        }
        head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                if (bodyBytes != null) {
                    out.write(bodyBytes);
                }
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // The server may answer (413, 431, 400) and close before reading everything: read that answer.
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // A reset after the whole answer was sent (the server closed with unread request bytes).
            if (all.size() == 0) {
                throw e;
            }
        }
        return all.toByteArray();
    }

    static byte[] encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= RAW_BASE && c <= RAW_BASE + 0xFF) {
                out.writeBytes(utf8(text.substring(start, i)));
                out.write(c - RAW_BASE);
                start = i + 1;
            }
        }
        out.writeBytes(utf8(text.substring(start)));
        return out.toByteArray();
    }

    /** UTF-8 that keeps a lone surrogate as its three-byte (CESU) form instead of replacing it with '?'. */
    private static byte[] utf8(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | (cp >> 6));
                out.write(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out.write(0xE0 | (cp >> 12));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            } else {
                out.write(0xF0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3F));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            }
        }
        return out.toByteArray();
    }

    private static Response parse(byte[] raw) throws IOException {
        int end = indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'}, 0);
        if (end < 0) {
            throw new IOException("no HTTP response head in " + raw.length + " bytes: "
                    + new String(raw, 0, Math.min(raw.length, 300), StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String statusLine = lines[0];
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if (parts[1].startsWith("1")) {
            return parse(body); // an interim answer (100 Continue) precedes the final one (RFC 9110 section 15.2)
        }
        boolean chunked = headers.getOrDefault("transfer-encoding", List.of()).stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
        return new Response(Integer.parseInt(parts[1]), statusLine, headers, chunked ? dechunk(body) : body);
    }

    private static byte[] dechunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int at = 0;
        while (true) {
            int lineEnd = indexOf(body, new byte[] {'\r', '\n'}, at);
            if (lineEnd < 0) {
                throw new IOException("truncated chunked body");
            }
            String size = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(body, lineEnd + 2, n);
            at = lineEnd + 2 + n + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
