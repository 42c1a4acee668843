package dev.plinth.schema.prisma;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts and insertions on a source text, applied in one pass so that every offset refers to the original
 * text. Overlapping cuts are merged; text outside the cuts is copied unchanged, character for character.
 */
final class SourceEdits {

    private record Cut(int start, int end) {
    }

    private record Insertion(int at, String text) {
    }

    private final String source;
    private final List<Cut> cuts = new ArrayList<>();
    private final List<Insertion> insertions = new ArrayList<>();

    /**
     * Starts an empty set of edits.
     *
     * @param source the original text
     */
    SourceEdits(String source) {
        this.source = source;
    }

    /**
     * Removes a range of the original text.
     *
     * @param start offset of the first character removed
     * @param end   offset one past the last character removed
     */
    void cut(int start, int end) {
        if (end > start) {
            cuts.add(new Cut(start, end));
        }
    }

    /**
     * Inserts text at an offset of the original text; insertions at one offset keep their order.
     *
     * @param at   the offset, never inside a cut
     * @param text the text to insert
     */
    void insert(int at, String text) {
        insertions.add(new Insertion(at, text));
    }

    /** Returns the text with every cut made and every insertion placed. */
    String apply() {
        List<Cut> merged = tidied(merged());
        List<Insertion> ordered = new ArrayList<>(insertions);
        ordered.sort(Comparator.comparingInt(Insertion::at)); // stable: same offset keeps insertion order
        StringBuilder out = new StringBuilder(source.length());
        int cursor = 0;
        int i = 0;
        for (Cut cut : merged) {
            // an insertion that falls inside a cut (a tidied blank line) goes where the cut starts
            while (i < ordered.size() && ordered.get(i).at() < cut.end()) {
                int at = Math.min(ordered.get(i).at(), cut.start());
                out.append(source, cursor, at).append(ordered.get(i).text());
                cursor = at;
                i++;
            }
            out.append(source, cursor, cut.start());
            cursor = cut.end();
        }
        for (; i < ordered.size(); i++) {
            out.append(source, cursor, ordered.get(i).at()).append(ordered.get(i).text());
            cursor = ordered.get(i).at();
        }
        out.append(source, cursor, source.length());
        return out.toString();
    }

    /**
     * Widens each cut of whole lines that leaves a blank line right above a closing brace: the blank line
     * separated the removed attributes from the fields and would otherwise stand alone before the brace.
     */
    private List<Cut> tidied(List<Cut> cuts) {
        List<Cut> tidied = new ArrayList<>();
        for (Cut cut : cuts) {
            boolean wholeLines = Lines.start(source, cut.start()) == cut.start() && Lines.start(source, cut.end()) == cut.end();
            int start = cut.start();
            if (wholeLines && cut.start() > 0 && source.substring(cut.end(), Lines.end(source, cut.end())).strip().equals("}")) {
                int previous = Lines.start(source, cut.start() - 1);
                if (source.substring(previous, cut.start()).isBlank()
                        && (tidied.isEmpty() || tidied.getLast().end() <= previous)) {
                    start = previous;
                }
            }
            tidied.add(new Cut(start, cut.end()));
        }
        return tidied;
    }

    private List<Cut> merged() {
        List<Cut> sorted = new ArrayList<>(cuts);
        sorted.sort(Comparator.comparingInt(Cut::start));
        List<Cut> merged = new ArrayList<>();
        for (Cut cut : sorted) {
            if (!merged.isEmpty() && cut.start() <= merged.getLast().end()) {
                Cut last = merged.removeLast();
                merged.add(new Cut(last.start(), Math.max(last.end(), cut.end())));
            } else {
                merged.add(cut);
            }
        }
        return merged;
    }
}
