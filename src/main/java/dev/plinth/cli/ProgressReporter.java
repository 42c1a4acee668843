package dev.plinth.cli;

import dev.plinth.migrate.MigrationListener;
import dev.plinth.migrate.MigrationStep;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Prints each migration step as it runs ({@code [3/7] rebuild table "Contact" (120000 rows): … done in
 * 1840 ms}); while a step runs longer than a few seconds (a rebuild or an index over a large table),
 * prints how long it has been running every {@value #TICK_SECONDS} seconds.
 */
final class ProgressReporter implements MigrationListener {

    private static final int TICK_SECONDS = 5;

    private final PrintWriter out;
    private Thread ticker;

    ProgressReporter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void stepStarted(int index, int total, MigrationStep step) {
        out.println("[" + index + "/" + total + "] " + step.description()
                + (step.rows() >= 10_000 && step.action() != MigrationStep.Action.REBUILD_TABLE ? " (" + step.rows() + " rows)" : "")
                + (step.destructive() ? "  [destructive]" : ""));
        out.flush();
        long started = System.nanoTime();
        ticker = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Thread.sleep(Duration.ofSeconds(TICK_SECONDS));
                    synchronized (out) {
                        out.println("      … still running, " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void stepFailed(int index, int total, MigrationStep step) {
        stopTicker();
        synchronized (out) {
            out.println("      failed; rolling back");
            out.flush();
        }
    }

    private void stopTicker() {
        ticker.interrupt();
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stepFinished(int index, int total, MigrationStep step, Duration elapsed) {
        stopTicker();
        synchronized (out) {
            out.println("      done in " + elapsed.toMillis() + " ms");
            out.flush();
        }
    }
}
