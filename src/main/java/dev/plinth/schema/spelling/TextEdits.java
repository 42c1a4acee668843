package dev.plinth.schema.spelling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replacements on a source text, each given by offsets of the original, applied in one pass: the text in
 * today's spelling that {@code plinth prisma-schema} starts from. Insertions at one offset keep their order;
 * a replacement that overlaps an earlier one is dropped (the spellings never overlap).
 */
final class TextEdits {

    private record Edit(int start, int end, String text, int order) {
    }

    private final String source;
    private final List<Edit> edits = new ArrayList<>();

    TextEdits(String source) {
        this.source = source;
    }

    /** Replaces {@code [start, end)} of the original with {@code text}. */
    void replace(int start, int end, String text) {
        edits.add(new Edit(start, end, text, edits.size()));
    }

    /** Inserts {@code text} at an offset of the original. */
    void insert(int at, String text) {
        replace(at, at, text);
    }

    /** Removes whole lines: from the start of the line holding {@code start} to after the line break ending {@code end}'s line. */
    void cutLines(int start, int end) {
        int from = lineStart(start);
        int to = nextLine(end);
        // a blank line above (or a cut, or the file's start) and one below: the blank below goes too
        boolean blankAbove = from == 0 || source.substring(lineStart(from - 1), from).isBlank()
                || edits.stream().anyMatch(e -> e.end() == from && e.text().isEmpty());
        if (blankAbove && to < source.length() && source.substring(to, nextLine(to)).isBlank()) {
            to = nextLine(to);
        }
        replace(from, to, "");
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    /** Returns the text with every edit made. */
    String apply() {
        List<Edit> ordered = new ArrayList<>(edits);
        ordered.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::order));
        StringBuilder out = new StringBuilder(source.length() + 64);
        int cursor = 0;
        for (Edit edit : ordered) {
            if (edit.start() < cursor) {
                continue;
            }
            out.append(source, cursor, edit.start()).append(edit.text());
            cursor = edit.end();
        }
        return out.append(source, cursor, source.length()).toString();
    }

    /** Returns the offset where the line holding {@code offset} starts. */
    int lineStart(int offset) {
        return source.lastIndexOf('\n', offset - 1) + 1;
    }

    /** Returns the offset of the line break ending the line holding {@code offset} (before a {@code \r}). */
    int lineEnd(int offset) {
        int newline = source.indexOf('\n', offset);
        if (newline < 0) {
            return source.length();
        }
        return newline > offset && source.charAt(newline - 1) == '\r' ? newline - 1 : newline;
    }

    int nextLine(int offset) {
        int newline = source.indexOf('\n', offset);
        return newline < 0 ? source.length() : newline + 1;
    }

    /** Returns the spaces and tabs indenting the line holding {@code offset}. */
    String indentation(int offset) {
        int start = lineStart(offset);
        int end = start;
        while (end < source.length() && (source.charAt(end) == ' ' || source.charAt(end) == '\t')) {
            end++;
        }
        return source.substring(start, end);
    }

    /** Returns the start of the blanks before {@code offset} on its line. */
    int blanksBefore(int offset) {
        int at = offset;
        while (at > 0 && (source.charAt(at - 1) == ' ' || source.charAt(at - 1) == '\t')) {
            at--;
        }
        return at;
    }
}
