package dev.plinth.schema.validate;

import dev.plinth.schema.model.Span;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.RenameMarker;

import java.util.List;

/**
 * {@code /// @plinth.renamedFrom("old")} above a model or a field ({@link RenameMarker}, docs/migrations.md,
 * "Renames you ask for"): reports with line and column a malformed marker, a repeated one, one above a view or
 * composite type or a relation field (which have no table or column of their own to rename), and one naming the
 * model or field itself or another model or field still in the schema (that would be two things, not a rename).
 */
final class RenameMarkerRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock block : context.ast().modelBlocks()) {
            String kind = block.kind() == ModelBlock.Kind.MODEL ? "model" : block.kind() == ModelBlock.Kind.VIEW ? "view" : "type";
            List<Located> found = markersAbove(context, block.span());
            if (!found.isEmpty() && block.kind() != ModelBlock.Kind.MODEL) {
                context.error(RenameMarker.NAME + " applies to models and their fields; the " + kind + " `"
                        + block.name().text() + "` has no table of its own to rename.", found.getFirst().span());
            } else if (checkForm(context, found)) {
                String old = found.getFirst().occurrence().oldName().orElseThrow();
                if (old.equals(block.name().text())) {
                    context.error(RenameMarker.NAME + "(\"" + old + "\") names the model itself; write the model's former name.",
                            found.getFirst().span());
                } else if (context.names().models().containsKey(old)) {
                    context.error("The model `" + old + "` is still in the schema, so `" + block.name().text()
                            + "` cannot be renamed from it; remove one of the two, or the marker.", found.getFirst().span());
                }
            }
            for (FieldDeclaration field : block.fields()) {
                List<Located> marks = markersAbove(context, field.span());
                if (marks.isEmpty()) {
                    continue;
                }
                if (block.kind() != ModelBlock.Kind.MODEL) {
                    context.error(RenameMarker.NAME + " applies to models and their fields; a field of the " + kind + " `"
                            + block.name().text() + "` has no column of its own to rename.", marks.getFirst().span());
                    continue;
                }
                if (!checkForm(context, marks)) {
                    continue;
                }
                String old = marks.getFirst().occurrence().oldName().orElseThrow();
                String name = field.name().text();
                if (context.names().models().containsKey(field.type().name().text())) {
                    context.error("The relation field `" + name + "` has no column; put " + RenameMarker.NAME
                            + " on the field that holds the foreign key.", marks.getFirst().span());
                } else if (old.equals(name)) {
                    context.error(RenameMarker.NAME + "(\"" + old + "\") names the field itself; write the field's former name.",
                            marks.getFirst().span());
                } else if (block.fields().stream().anyMatch(f -> f.name().text().equals(old))) {
                    context.error("The field `" + old + "` is still in the model `" + block.name().text() + "`, so `" + name
                            + "` cannot be renamed from it; remove one of the two, or the marker.", marks.getFirst().span());
                }
            }
        }
    }

    /** Reports a malformed or repeated marker; returns true when there is exactly one well-formed marker. */
    private static boolean checkForm(ValidationContext context, List<Located> found) {
        if (found.isEmpty()) {
            return false;
        }
        boolean ok = true;
        for (Located l : found) {
            if (l.occurrence().oldName().isEmpty()) {
                context.error("Malformed " + RenameMarker.NAME + ": write it as " + RenameMarker.NAME
                        + "(\"formerName\"), the former name in double quotes.", l.span());
                ok = false;
            }
        }
        if (found.size() > 1) {
            context.error("Only one " + RenameMarker.NAME + " may stand above a model or a field.", found.get(1).span());
            ok = false;
        }
        return ok;
    }

    /** A marker found in the source, with its span. */
    private record Located(RenameMarker.Occurrence occurrence, Span span) {
    }

    /**
     * Finds the markers in the {@code ///} lines (and blank lines) directly above the line where a model or a
     * field starts: the doc comment the parser attaches to it.
     */
    private static List<Located> markersAbove(ValidationContext context, Span element) {
        String source = context.source();
        if (element.startOffset() > source.length() || element.startOffset() <= 0) {
            return List.of();
        }
        int lineStart = source.lastIndexOf('\n', element.startOffset() - 1) + 1;
        int start = lineStart;
        while (start > 0) {
            int previousStart = source.lastIndexOf('\n', start - 2) + 1;
            String line = source.substring(previousStart, start - 1).strip();
            if (!line.startsWith("///") && !line.isEmpty()) {
                break;
            }
            start = previousStart;
        }
        String region = source.substring(start, lineStart);
        int from = start;
        return RenameMarker.find(region).stream().map(o -> new Located(o, span(element.file(), source, from + o.offset(), o.length())))
                .toList();
    }

    private static Span span(String file, String source, int offset, int length) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (source.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Span(file, offset, offset + length, line, offset - lineStart + 1);
    }
}
