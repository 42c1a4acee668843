package dev.plinth.schema.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plinth's rename marker, written in a {@code ///} doc comment above a model or a field:
 * {@code /// @plinth.renamedFrom("phone")}. A doc comment is free text to Prisma (Prisma schema reference,
 * "Comments": https://www.prisma.io/docs/orm/prisma-schema/overview#comments), so a schema carrying the
 * marker still works with Prisma; Plinth reads it as "this model or field was called {@code phone} before"
 * and plans {@code ALTER TABLE … RENAME} instead of a drop and an add (docs/migrations.md, "Renames you ask for").
 *
 * <p>Well formed is exactly {@code @plinth.renamedFrom("name")}, with one identifier (letters, digits and
 * {@code _}, not starting with a digit) in double quotes, once per doc comment.
 */
public final class RenameMarker {

    /** The marker's name as written, without the argument. */
    public static final String NAME = "@plinth.renamedFrom";

    private static final Pattern WELL_FORMED = Pattern.compile(
            Pattern.quote(NAME) + "\\(\\s*\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*\\)");

    private RenameMarker() {
    }

    /**
     * One occurrence of the marker in a text.
     *
     * @param offset  where {@value #NAME} starts in the text
     * @param length  how many characters the occurrence covers (up to the closing parenthesis when well formed)
     * @param oldName the name in quotes, or empty when the occurrence is malformed
     */
    public record Occurrence(int offset, int length, Optional<String> oldName) {
    }

    /**
     * Finds every occurrence of the marker in a text, well formed or not.
     *
     * @param text a doc comment's text, or source lines
     * @return the occurrences, in order
     */
    public static List<Occurrence> find(String text) {
        List<Occurrence> out = new ArrayList<>();
        int at = text.indexOf(NAME);
        while (at >= 0) {
            Matcher m = WELL_FORMED.matcher(text);
            m.region(at, text.length());
            if (m.lookingAt()) {
                out.add(new Occurrence(at, m.end() - at, Optional.of(m.group(1))));
            } else {
                out.add(new Occurrence(at, NAME.length(), Optional.empty()));
            }
            at = text.indexOf(NAME, at + NAME.length());
        }
        return out;
    }

    /**
     * Reads the former name a model's or field's documentation gives.
     *
     * @param documentation the {@code ///} lines above the model or field, joined
     * @return the name in {@code @plinth.renamedFrom("…")}; empty without a marker, or when it is malformed or
     *         repeated (the validator has then reported it, and such a schema is not migrated)
     */
    public static Optional<String> oldName(Optional<String> documentation) {
        if (documentation.isEmpty()) {
            return Optional.empty();
        }
        List<Occurrence> found = find(documentation.get());
        return found.size() == 1 ? found.getFirst().oldName() : Optional.empty();
    }
}
