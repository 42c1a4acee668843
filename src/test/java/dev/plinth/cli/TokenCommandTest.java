package dev.plinth.cli;

import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.Principal;
import dev.plinth.auth.TokenVerifier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCommandTest {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!";

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new TokenCommand(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsATokenTheServerAccepts() throws Exception {
        Run run = run(Map.of(AuthConfig.SECRET_VARIABLE, SECRET),
                "--sub", "42", "--claim", "role=admin", "--claim", "team_ids=[3,4]", "--ttl", "1h");

        assertThat(run.exitCode()).isZero();
        Principal principal = TokenVerifier.create(AuthConfig.from(Map.of(AuthConfig.SECRET_VARIABLE, SECRET),
                null, null, false)).verify(run.out().strip());
        assertThat(principal.subject()).isEqualTo("42");
        assertThat(principal.claimText("role")).contains("admin");
        assertThat(principal.claimTexts("team_ids")).containsExactly("3", "4");
    }

    @Test
    void withoutSecretExplainsWhatToSet() {
        Run run = run(Map.of(), "--sub", "42");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(AuthConfig.SECRET_VARIABLE);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badTtlIsAUsageError() {
        Run run = run(Map.of(AuthConfig.SECRET_VARIABLE, SECRET), "--sub", "42", "--ttl", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--ttl soon");
    }

    @Test
    void durationsParse() {
        assertThat(TokenCommand.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(TokenCommand.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(TokenCommand.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
    }
}
