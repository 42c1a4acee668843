package dev.plinth.schema.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of Prisma's own validation cases: a schema file whose trailing {@code //} block is the
 * diagnostics Prisma 6.19 prints for it (see {@code ../shared/schemas/prisma-validation/README.md}).
 *
 * @param name     the path below {@code validation/}, without {@code .prisma}
 * @param text     the whole file
 * @param expected the expected diagnostics, warnings first then errors, as Prisma prints them
 */
record PrismaValidationCase(String name, String text, List<Expected> expected) {

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final Pattern HEADER = Pattern.compile("^(error|warning): (.*)$");
    private static final Pattern LOCATION = Pattern.compile("-->\\s+schema\\.prisma:(\\d+)");

    /**
     * One expected diagnostic.
     *
     * @param error   true for an error, false for a warning
     * @param message the message without the {@code error: } prefix
     * @param line    the 1-based line Prisma points at, or 0 when it names none
     */
    record Expected(boolean error, String message, int line) {
    }

    /** Returns true when Prisma accepts the schema (no errors; warnings allowed). */
    boolean valid() {
        return expected.stream().noneMatch(Expected::error);
    }

    /** Returns the lines Prisma's errors point at. */
    List<Integer> errorLines() {
        return expected.stream().filter(Expected::error).map(Expected::line).filter(l -> l > 0).toList();
    }

    /**
     * Reads a case file.
     *
     * @param root the {@code validation/} folder
     * @param file a {@code .prisma} file below it
     * @return the case
     * @throws IOException when it cannot be read
     */
    static PrismaValidationCase read(Path root, Path file) throws IOException {
        String text = Files.readString(file);
        List<String> lines = text.lines().toList();
        int start = lines.size();
        while (start > 0 && lines.get(start - 1).startsWith("//")) {
            start--;
        }
        List<Expected> expected = new ArrayList<>();
        for (int i = start; i < lines.size(); i++) {
            String line = ANSI.matcher(lines.get(i)).replaceAll("");
            line = line.length() >= 3 ? line.substring(3) : "";
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                int at = 0;
                if (i + 1 < lines.size()) {
                    Matcher location = LOCATION.matcher(ANSI.matcher(lines.get(i + 1)).replaceAll(""));
                    if (location.find()) {
                        at = Integer.parseInt(location.group(1));
                    }
                }
                expected.add(new Expected(header.group(1).equals("error"), header.group(2).strip(), at));
            }
        }
        String name = root.relativize(file).toString().replace(".prisma", "");
        return new PrismaValidationCase(name, text, expected);
    }
}
