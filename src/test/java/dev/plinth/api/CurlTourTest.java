package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every command of the quick tour (the {@code sh} block under {@code ## Quick tour}) of
 * {@code docs/api.md} and of {@code README.md}, each against a fresh server on the CRM example,
 * checking each {@code # → status} line, so the documentation cannot drift from the API.
 */
class CurlTourTest {

    private static final Pattern TOKEN = Pattern.compile("(\\w+)=\\$\\(\\./plinth token --sub (\\w+)\\)");
    private static final Pattern CAPTURE = Pattern.compile("(\\w+)=\\$\\((curl .*) \\| jq -r \\.(\\w+)\\)");
    private static final Pattern EXPECT = Pattern.compile("# → (\\d{3}).*");

    @Test
    void everyCurlOfTheToursAnswersAsDocumented() throws Exception {
        int tours = 0;
        for (Path doc : List.of(Path.of("docs/api.md"), Path.of("README.md"))) {
            if (Files.exists(doc) && Files.readAllLines(doc).contains("## Quick tour")) {
                runTour(doc);
                tours++;
            }
        }
        assertThat(tours).as("documents with a quick tour").isPositive();
    }

    private void runTour(Path doc) throws Exception {
        List<String> lines = tour(doc);
        Map<String, String> vars = new HashMap<>();
        int curls = 0;
        try (TestServer server = TestServer.start(TestServer.Db.SQLITE, Files.readString(Path.of("examples/crm/schema.prisma")))) {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                Matcher token = TOKEN.matcher(line);
                Matcher capture = CAPTURE.matcher(line);
                if (token.matches()) {
                    vars.put(token.group(1), server.token(token.group(2)));
                } else if (capture.matches()) {
                    TestServer.Answer a = run(server, capture.group(2), vars);
                    curls++;
                    assertThat(a.status()).as(line + " -> " + a).isEqualTo(200);
                    JsonNode v = a.json().get(capture.group(3));
                    assertThat(v).as(line + " yields " + capture.group(3)).isNotNull();
                    assertThat(v.isNull()).as(line + " yields a value").isFalse();
                    vars.put(capture.group(1), v.asText());
                } else if (line.startsWith("curl ")) {
                    TestServer.Answer a = run(server, line, vars);
                    curls++;
                    Matcher expect = EXPECT.matcher(lines.get(i + 1).strip());
                    assertThat(expect.matches()).as("the line after " + line + " states the status").isTrue();
                    assertThat(a.status()).as(line + " -> " + a).isEqualTo(Integer.parseInt(expect.group(1)));
                }
            }
        }
        assertThat(curls).as("curl commands in the tour of " + doc).isGreaterThanOrEqualTo(15);
    }

    private static List<String> tour(Path file) throws Exception {
        List<String> doc = Files.readAllLines(file);
        int start = doc.indexOf("## Quick tour");
        assertThat(start).isNotNegative();
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : doc.subList(start, doc.size())) {
            if (line.startsWith("```sh")) {
                in = true;
            } else if (line.startsWith("```") && in) {
                break;
            } else if (in) {
                out.add(line);
            }
        }
        return out;
    }

    /** Runs one curl command line: -X, -H, -d and the URL; other flags (-s, -i) change nothing here. */
    private static TestServer.Answer run(TestServer server, String command, Map<String, String> vars) throws Exception {
        List<String> args = words(command, vars);
        assertThat(args.getFirst()).isEqualTo("curl");
        String method = null;
        String body = null;
        String url = null;
        List<String> headers = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-s", "-i", "-S" -> { }
                case "-X" -> method = args.get(++i);
                case "-H" -> {
                    String h = args.get(++i);
                    headers.add(h.substring(0, h.indexOf(':')).strip());
                    headers.add(h.substring(h.indexOf(':') + 1).strip());
                }
                case "-d", "--data" -> body = args.get(++i);
                default -> url = args.get(i);
            }
        }
        assertThat(url).as(command).startsWith("localhost:8080/");
        String path = url.substring("localhost:8080".length());
        if (method == null) {
            method = body == null ? "GET" : "POST";
        }
        if (body == null && headers.stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            return server.send(method, path, null, headers.toArray(String[]::new));
        }
        return server.send(method, path, body == null ? "" : body, headers.toArray(String[]::new));
    }

    /** Splits a shell line into words: single quotes literal, double quotes and bare words expand $VAR. */
    static List<String> words(String line, Map<String, String> vars) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i++;
                while (line.charAt(i) != '"') {
                    if (line.charAt(i) == '\\') {
                        word.append(line.charAt(++i));
                    } else if (line.charAt(i) == '$') {
                        i = expand(line, i, vars, word);
                    } else {
                        word.append(line.charAt(i));
                    }
                    i++;
                }
                inWord = true;
            } else if (c == '$') {
                i = expand(line, i, vars, word);
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    private static int expand(String line, int dollar, Map<String, String> vars, StringBuilder word) {
        int end = dollar + 1;
        while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
            end++;
        }
        String name = line.substring(dollar + 1, end);
        assertThat(vars).as("variable $" + name + " is set earlier in the tour").containsKey(name);
        word.append(vars.get(name));
        return end - 1;
    }
}
