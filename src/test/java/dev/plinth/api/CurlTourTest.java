package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every command of the quick tour (the {@code sh} block under {@code ## Quick tour}) of
 * {@code docs/api.md} and of {@code README.md}, each against a fresh server on the CRM example,
 * checking each {@code # → status} line, so the documentation cannot drift from the API. Every session
 * in the docs that starts a server in the background must also start from an empty database and wait
 * until the server listens before its first request; the tour's wait is run against a closed port
 * and a listening one.
 */
class CurlTourTest {

    private static final Pattern TOKEN = Pattern.compile("(\\w+)=\\$\\(\\./plinth token --sub (\\w+)\\)");
    private static final Pattern CAPTURE = Pattern.compile("(\\w+)=\\$\\((curl .*) \\| jq -r \\.(\\w+)\\)");
    private static final Pattern EXPECT = Pattern.compile("# → (\\d{3}).*");
    private static final Pattern SERVE = Pattern.compile("\\./plinth serve (\\S+).*&");
    private static final Pattern WAIT = Pattern.compile("until (curl [^;]*); do .*done");
    /** A line that needs the server: a request, or a statement on its database. */
    private static final Pattern USES_SERVER = Pattern.compile("(\\w+=\\$\\()?(curl|sqlite3|psql) .*");
    private static final Duration BOUND = Duration.ofSeconds(60);

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
        String wait = startsFreshAndWaits(doc, lines);
        try (TestServer server = TestServer.start(TestServer.Db.SQLITE, Files.readString(Path.of("examples/crm/schema.prisma")))) {
            waitsUntilTheServerListens(wait, server);
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

    @Test
    void everySessionThatStartsAServerStartsFreshAndWaitsForIt() throws Exception {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        int sessions = 0;
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc).stream().map(String::strip).toList();
            for (int i = 0; i < lines.size(); i++) {
                if (SERVE.matcher(lines.get(i)).matches()) {
                    startsFreshAndWaits(doc, lines.subList(Math.max(0, i - 5), lines.size()));
                    sessions++;
                }
            }
        }
        assertThat(sessions).as("sessions in the docs that start a server").isGreaterThanOrEqualTo(2);
    }

    /**
     * Checks that a session removes the database of the schema it serves before starting the server,
     * and waits with {@code until curl …} between the start and the first line that needs the server.
     *
     * @return the wait line
     */
    private static String startsFreshAndWaits(Path doc, List<String> lines) throws Exception {
        int serve = -1;
        Matcher start = null;
        for (int i = 0; i < lines.size() && serve < 0; i++) {
            start = SERVE.matcher(lines.get(i).strip());
            serve = start.matches() ? i : -1;
        }
        assertThat(serve).as(doc + " starts the server in the background").isNotNegative();
        Path schemaFile = Path.of(start.group(1));
        SchemaResult schema = SchemaLoader.load(schemaFile);
        Path db = DatabaseTarget.resolve(schema.schema().orElseThrow(), schemaFile, Optional.empty(), Map.of())
                .sqliteFile().orElseThrow();
        String file = Path.of("").toAbsolutePath().relativize(db).toString();
        List<String> removed = lines.subList(0, serve).stream().map(String::strip).filter(l -> l.startsWith("rm -f "))
                .flatMap(l -> words(l, Map.of()).stream()).toList();
        assertThat(removed).as(doc + ": before " + start.group() + ", rm -f the database and its WAL files")
                .contains(file, file + "-wal", file + "-shm");
        int wait = -1;
        for (int i = serve + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (WAIT.matcher(line).matches()) {
                wait = i;
                break;
            }
            assertThat(USES_SERVER.matcher(line).matches()).as(doc + ": '" + line + "' runs before the wait for the server").isFalse();
        }
        assertThat(wait).as(doc + ": waits with until curl … after " + start.group()).isPositive();
        return lines.get(wait).strip();
    }

    /** Runs the tour's wait: its test fails while nothing listens, and the loop ends once the server answers. */
    private static void waitsUntilTheServerListens(String wait, TestServer server) throws Exception {
        Matcher m = WAIT.matcher(wait);
        assertThat(m.matches()).isTrue();
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "localhost:" + socket.getLocalPort();
        }
        String listening = server.base().replaceFirst("^http://", "");
        assertThat(bash(m.group(1).replace("localhost:8080", closed))).as(m.group(1) + " with nothing listening").isNotZero();
        assertThat(bash(m.group(1).replace("localhost:8080", listening))).as(m.group(1) + " with the server up").isZero();
        // With the server gone ($! no longer running) the loop stops instead of waiting forever.
        assertThat(bash("true & sleep 0.1; " + wait.replace("localhost:8080", closed))).as(wait + " after the server exited").isZero();
        assertThat(bash("sleep 30 & " + wait.replace("localhost:8080", listening) + "; kill $!")).as(wait + " with the server up").isZero();
    }

    private static int bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).as(script + " ends").isTrue();
        return p.exitValue();
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
