package dev.plinth.cli;

import dev.plinth.migrate.MigrationStep;
import dev.plinth.migrate.Safety;
import dev.plinth.sql.DatabaseKind;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How long migration steps show their progress: rows done, rate, time left; one line in place on a terminal. */
class ProgressReporterTest {

    private static final MigrationStep REBUILD = new MigrationStep(MigrationStep.Action.REBUILD_TABLE, "Contact", Safety.ADDITIVE,
            "rebuild table \"Contact\" (40000 rows): make \"note\" required", Optional.empty(), List.of("…"), 40_000);

    @Test
    void aProgressLineGivesRowsRateAndTimeLeft() {
        ProgressLine line = new ProgressLine(10_000, 40_000, Duration.ofSeconds(2));
        assertThat(line.rate()).isEqualTo(5_000);
        assertThat(line.remaining()).isEqualTo(Duration.ofSeconds(6));
        assertThat(line.describe()).isEqualTo("10000 of 40000 rows (25%), 5000 rows/s, about 6 s left, 2 s elapsed");
        assertThat(new ProgressLine(0, 40_000, Duration.ZERO).describe()).isEqualTo("0 of 40000 rows (0%), 0 rows/s, 0 s elapsed");
        assertThat(new ProgressLine(1_000, 400_000, Duration.ofSeconds(1)).describe()).contains("about 6 min 39 s left");
    }

    @Test
    void onATerminalTheProgressIsOneLineRewrittenInPlace() {
        StringWriter text = new StringWriter();
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(text), true, DatabaseKind.SQLITE);
        reporter.stepStarted(1, 1, REBUILD);
        reporter.rowsDone(REBUILD, 40_000, 40_000);
        reporter.stepFinished(1, 1, REBUILD, Duration.ofMillis(800));
        assertThat(text.toString()).contains("[1/1] rebuild table \"Contact\"", "\r      40000 of 40000 rows (100%)",
                "\n      done in 800 ms (40000 rows, 50000 rows/s)");
    }

    @Test
    void inALogTheProgressIsALineEveryFewSeconds() throws Exception {
        StringWriter text = new StringWriter();
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(text), false, DatabaseKind.POSTGRESQL);
        reporter.stepStarted(1, 1, REBUILD);
        reporter.rowsDone(REBUILD, 10_000, 40_000);
        Thread.sleep(5_400);
        reporter.stepFinished(1, 1, REBUILD, Duration.ofMillis(5_400));
        assertThat(text.toString()).doesNotContain("\r").contains("      … 10000 of 40000 rows (25%)", "done in 5400 ms");
    }

    @Test
    void aSqliteIndexBuildSaysItCannotReportPartialProgress() {
        MigrationStep index = new MigrationStep(MigrationStep.Action.CREATE_INDEX, "Contact", Safety.ADDITIVE,
                "create index \"Contact_phone_idx\" on \"Contact\" (phone)", Optional.empty(), List.of("…"), 120_000);
        StringWriter sqlite = new StringWriter();
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(sqlite), false, DatabaseKind.SQLITE);
        reporter.stepStarted(1, 1, index);
        reporter.stepFinished(1, 1, index, Duration.ofMillis(300));
        assertThat(sqlite.toString()).contains("(120000 rows; SQLite builds an index in one statement and cannot report partial progress)");
        StringWriter postgres = new StringWriter();
        reporter = new ProgressReporter(new PrintWriter(postgres), false, DatabaseKind.POSTGRESQL);
        reporter.stepStarted(1, 1, index);
        reporter.stepFinished(1, 1, index, Duration.ofMillis(300));
        assertThat(postgres.toString()).contains("(120000 rows)").doesNotContain("partial progress");
    }
}
