package dev.plinth.schema.model;

/**
 * A range of source text in a schema file.
 *
 * @param file        the file name as the user gave it (used in diagnostics)
 * @param startOffset the offset of the first character, in UTF-16 code units from the start of the file
 * @param endOffset   the offset one past the last character
 * @param line        the 1-based line of the first character
 * @param column      the 1-based column of the first character, counted in characters (a tab is one column)
 */
public record Span(String file, int startOffset, int endOffset, int line, int column) {

    /** A span for elements that were not read from a file (built by code or tests). */
    public static final Span NONE = new Span("<none>", 0, 0, 0, 0);

    /** Returns {@code file:line:column}, the form editors and terminals link to. */
    public String location() {
        return file + ":" + line + ":" + column;
    }
}
