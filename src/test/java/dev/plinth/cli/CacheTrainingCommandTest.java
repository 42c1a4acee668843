package dev.plinth.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plinth cache-training}, the launcher's training run for serve's class cache: it serves its bundled schema
 * and every request answers what a working server answers, so a regression on any of those paths fails here (and
 * would leave users without a cache), not silently in the launcher's background run.
 */
class CacheTrainingCommandTest {

    @Test
    void servesTheBundledSchemaAndEveryTrainingRequestAnswersAsExpected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new picocli.CommandLine(new CacheTrainingCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute();

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String answers = out.toString(StandardCharsets.UTF_8);
        for (CacheTrainingCommand.TrainingRequest request : CacheTrainingCommand.TrainingRequest.ALL) {
            assertThat(answers).contains(request.expectedStatus() + " " + request.method() + " " + request.path() + "\n");
        }
        assertThat(CacheTrainingCommand.TrainingRequest.ALL).extracting(CacheTrainingCommand.TrainingRequest::method)
                .contains("GET", "HEAD", "POST", "PATCH", "DELETE");
    }

    @Test
    void isHiddenFromTheHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PlinthCommand.commandLine(Map.of(), stream, stream, "--help").execute("--help");

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve").doesNotContain(CacheTrainingCommand.NAME);
    }
}
