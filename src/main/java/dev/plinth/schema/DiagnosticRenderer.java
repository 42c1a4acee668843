package dev.plinth.schema;

import dev.plinth.schema.model.Span;

import java.util.List;

/**
 * Renders diagnostics for a terminal, in the style of compilers and of Prisma's own output:
 *
 * <pre>
 * schema.prisma:12:5: error: Type "Strng" is neither a built-in type, nor refers to another model, composite type, or enum.
 *    12 |   name Strng
 *       |        ^^^^^
 * </pre>
 *
 * <p>The caret line repeats the tabs of the source line, so carets stay under the span however a
 * terminal expands tabs. A span over several lines is underlined to the end of its first line.
 */
public final class DiagnosticRenderer {

    private DiagnosticRenderer() {
    }

    /**
     * Renders every diagnostic of a result, in order, each followed by its source line and carets.
     *
     * @param result the loaded schema's result
     * @return the text, ending with a newline when there is any diagnostic
     */
    public static String render(SchemaResult result) {
        return render(result.diagnostics(), result.source());
    }

    /**
     * Renders diagnostics against the source text they refer to.
     *
     * @param diagnostics the diagnostics
     * @param source      the schema text
     * @return the text
     */
    public static String render(List<Diagnostic> diagnostics, String source) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic diagnostic : diagnostics) {
            render(out, diagnostic, source);
        }
        return out.toString();
    }

    private static void render(StringBuilder out, Diagnostic diagnostic, String source) {
        Span span = diagnostic.span();
        String severity = diagnostic.severity().label();
        out.append(span.location()).append(": ").append(severity).append(": ").append(diagnostic.message()).append('\n');
        if (span.line() <= 0 || span.startOffset() > source.length()) {
            return;
        }
        int lineStart = span.startOffset();
        while (lineStart > 0 && source.charAt(lineStart - 1) != '\n' && source.charAt(lineStart - 1) != '\r') {
            lineStart--;
        }
        if (lineStart == 0 && source.startsWith("\uFEFF")) {
            lineStart = 1;
        }
        int lineEnd = span.startOffset();
        while (lineEnd < source.length() && source.charAt(lineEnd) != '\n' && source.charAt(lineEnd) != '\r') {
            lineEnd++;
        }
        String line = source.substring(lineStart, lineEnd);
        String number = Integer.toString(span.line());
        String gutter = " ".repeat(number.length());
        out.append(' ').append(number).append(" | ").append(line).append('\n');
        StringBuilder carets = new StringBuilder();
        for (int i = lineStart; i < span.startOffset(); i++) {
            carets.append(source.charAt(i) == '\t' ? '\t' : ' ');
        }
        int width = Math.max(1, Math.min(span.endOffset(), lineEnd) - span.startOffset());
        carets.append("^".repeat(width));
        out.append(' ').append(gutter).append(" | ").append(carets).append('\n');
    }
}
