package dev.plinth.studio;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Studio's files as the jar holds them: every file the page may load is served (a module imported
 * by another but missing from the served list would break the page with no server error), every file in
 * the package is served, and the style sheet's blocks are closed (an unclosed block silently drops every
 * later rule).
 */
class StudioAssetsTest {

    private static final Path SOURCES = Path.of("src/main/resources/dev/plinth/studio");
    private static final Pattern RELATIVE_IMPORT = Pattern.compile("(?:import|from)\\s*\\(?\\s*\"\\./([^\"]+)\"");

    @Test
    void everyFileOfThePackageIsServedAndEveryServedFileExists() throws IOException {
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("index.html")).forEach(present::add);
        }
        assertThat(new TreeSet<>(StudioPage.OWN_FILES)).isEqualTo(present);
        for (String file : StudioPage.OWN_FILES) {
            try (InputStream in = StudioPage.class.getResourceAsStream("/dev/plinth/studio/" + file)) {
                assertThat(in).as(file + " on the class path").isNotNull();
            }
        }
    }

    @Test
    void everyRelativeImportOfAModuleIsAServedFile() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String file : StudioPage.OWN_FILES) {
            if (!file.endsWith(".js")) {
                continue;
            }
            Matcher m = RELATIVE_IMPORT.matcher(Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8));
            while (m.find()) {
                if (!StudioPage.OWN_FILES.contains(m.group(1))) {
                    missing.add(file + " imports ./" + m.group(1));
                }
            }
        }
        assertThat(missing).isEmpty();
        String page = Files.readString(SOURCES.resolve("index.html"), StandardCharsets.UTF_8);
        Matcher assets = Pattern.compile("/studio/assets/([A-Za-z0-9.-]+)").matcher(page);
        while (assets.find()) {
            assertThat(StudioPage.OWN_FILES).as("index.html loads " + assets.group(1)).contains(assets.group(1));
        }
    }

    @Test
    void theStyleSheetClosesEveryBlockItOpens() throws IOException {
        String css = Files.readString(SOURCES.resolve("studio.css"), StandardCharsets.UTF_8)
                .replaceAll("(?s)/\\*.*?\\*/", "");
        int depth = 0;
        int line = 1;
        for (char c : css.toCharArray()) {
            if (c == '\n') {
                line++;
            }
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            assertThat(depth).as("a '}' without its '{' at line " + line).isGreaterThanOrEqualTo(0);
        }
        assertThat(depth).as("blocks left open at the end of studio.css").isZero();
    }
}
