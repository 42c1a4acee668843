package dev.plinth.schema.prisma;

/** Line arithmetic on source text: where the line holding an offset starts and ends. */
final class Lines {

    private Lines() {
    }

    /**
     * Returns the start of the line holding an offset.
     *
     * @param text   the source
     * @param offset an offset into it
     * @return the offset just after the previous newline, or 0
     */
    static int start(String text, int offset) {
        int newline = text.lastIndexOf('\n', offset - 1);
        return newline + 1;
    }

    /**
     * Returns the end of the line holding an offset, before its line break ({@code \n} or {@code \r\n}).
     *
     * @param text   the source
     * @param offset an offset into it
     * @return the offset of the line break, or the text's length on the last line
     */
    static int end(String text, int offset) {
        int newline = text.indexOf('\n', offset);
        if (newline < 0) {
            return text.length();
        }
        return newline > offset && text.charAt(newline - 1) == '\r' ? newline - 1 : newline;
    }

    /**
     * Returns the offset after the line break that ends the line holding an offset.
     *
     * @param text   the source
     * @param offset an offset into it
     * @return the start of the next line, or the text's length
     */
    static int next(String text, int offset) {
        int newline = text.indexOf('\n', offset);
        return newline < 0 ? text.length() : newline + 1;
    }

    /**
     * Returns the spaces and tabs that indent the line holding an offset.
     *
     * @param text   the source
     * @param offset an offset into it
     * @return the indentation, possibly empty
     */
    static String indentation(String text, int offset) {
        int start = start(text, offset);
        int end = start;
        while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
            end++;
        }
        return text.substring(start, end);
    }
}
