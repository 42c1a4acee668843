package dev.plinth.cli;

import dev.plinth.api.ServedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plinth serve}'s Studio switch (docs/studio.md, "Turning the Studio on and off, signing in"): on by
 * default on loopback only, {@code --studio} / {@code --no-studio} and {@code PLINTH_STUDIO} decide otherwise (a
 * flag given wins over the variable); the start-up lines name the Studio's address when it is on, and say when the
 * development sign-in is offered. Each case starts the server on SQLite and asks it for {@code /studio}.
 */
class StudioServeCommandTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final HttpClient http = HttpClient.newHttpClient();

    /** What one start printed and served. */
    private record Start(String out, int studio, int signIn) {
    }

    private Start serve(Path dir, Map<String, String> variables, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> environment = new HashMap<>(variables);
        environment.put("PLINTH_DATABASE_URL", "file:" + dir.resolve("studio-" + System.nanoTime() + ".db"));
        environment.put("PLINTH_PORT", "0");
        CommandLine cli = PlinthCommand.commandLine(environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] all = new String[args.length + 2];
        all[0] = "serve";
        all[1] = "examples/notes/schema.prisma";
        System.arraycopy(args, 0, all, 2, args.length);
        cli.parseArgs(all);
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        Optional<ServedApi> served = serve.open();
        assertThat(served).as(err.toString(StandardCharsets.UTF_8)).isPresent();
        try {
            return new Start(out.toString(StandardCharsets.UTF_8), status(served.get(), "/studio"),
                    status(served.get(), "/studio/api/sign-in"));
        } finally {
            served.get().close();
        }
    }

    private int status(ServedApi served, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(served.baseUrl() + path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void onByDefaultOnLoopbackWithTheSignInWhenTheServerHoldsTheSecret(@TempDir Path dir) throws Exception {
        Start loopback = serve(dir, Map.of("PLINTH_JWT_SECRET", SECRET), "--host", "127.0.0.1");
        assertThat(loopback.studio()).isEqualTo(200);
        assertThat(loopback.signIn()).isEqualTo(200);
        assertThat(loopback.out()).containsPattern("Studio: http://127\\.0\\.0\\.1:[0-9]+/studio \\(development sign-in on");

        Start anonymous = serve(dir, Map.of(), "--host", "localhost");
        assertThat(anonymous.studio()).isEqualTo(200);
        assertThat(anonymous.signIn()).as("no secret, no sign-in").isEqualTo(404);
        assertThat(anonymous.out()).containsPattern("Studio: http://localhost:[0-9]+/studio\n");
    }

    @Test
    void offByDefaultOnOtherInterfacesUnlessAskedFor(@TempDir Path dir) throws Exception {
        // with a token key serve listens on 0.0.0.0 unless told otherwise
        Start everywhere = serve(dir, Map.of("PLINTH_JWT_SECRET", SECRET));
        assertThat(everywhere.out()).contains("Listening on http://0.0.0.0:").doesNotContain("Studio:");
        assertThat(everywhere.studio()).isEqualTo(404);
        assertThat(everywhere.signIn()).isEqualTo(404);

        Start asked = serve(dir, Map.of("PLINTH_JWT_SECRET", SECRET), "--studio");
        assertThat(asked.studio()).isEqualTo(200);
        assertThat(asked.signIn()).as("never on another interface").isEqualTo(404);
        assertThat(asked.out()).containsPattern("Studio: http://localhost:[0-9]+/studio\n");

        assertThat(serve(dir, Map.of("PLINTH_JWT_SECRET", SECRET, "PLINTH_STUDIO", "true")).studio()).isEqualTo(200);
    }

    @Test
    void noStudioAndTheVariableTurnItOffAndAFlagWinsOverTheVariable(@TempDir Path dir) throws Exception {
        Start off = serve(dir, Map.of("PLINTH_JWT_SECRET", SECRET), "--host", "127.0.0.1", "--no-studio");
        assertThat(off.studio()).isEqualTo(404);
        assertThat(off.signIn()).isEqualTo(404);
        assertThat(off.out()).doesNotContain("Studio:");
        assertThat(serve(dir, Map.of("PLINTH_STUDIO", "false"), "--host", "127.0.0.1").studio()).isEqualTo(404);
        assertThat(serve(dir, Map.of("PLINTH_STUDIO", "0"), "--host", "127.0.0.1").studio()).isEqualTo(404);
        assertThat(serve(dir, Map.of("PLINTH_STUDIO", "false"), "--host", "127.0.0.1", "--studio").studio()).isEqualTo(200);
        assertThat(serve(dir, Map.of("PLINTH_STUDIO", "true"), "--host", "127.0.0.1", "--no-studio").studio()).isEqualTo(404);
        assertThat(serve(dir, Map.of(), "--host", "127.0.0.1", "--studio=false").studio()).isEqualTo(404);
    }

    @Test
    void aBadVariableValueIsRefusedNamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PlinthCommand.commandLine(Map.of("PLINTH_STUDIO", "maybe"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute("serve", "examples/notes/schema.prisma");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'maybe'", "(from PLINTH_STUDIO)");
    }
}
