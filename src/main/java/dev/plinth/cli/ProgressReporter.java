package dev.plinth.cli;

import dev.plinth.migrate.MigrationListener;
import dev.plinth.migrate.MigrationStep;
import dev.plinth.sql.DatabaseKind;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Prints each migration step as it runs ({@code [3/7] rebuild table "Contact" (120000 rows): … done in
 * 1840 ms}) and, for a long step, how far it has got (docs/migrations.md, "Long operations"): rows done, rate
 * and time left ({@link ProgressLine}) where the step reports rows, else the time it has been running.
 *
 * <p>On a terminal the progress is one line rewritten in place ({@code \r}) at most every
 * {@value #TERMINAL_MILLIS} ms; otherwise (a log, a pipe) a line every {@value #LOG_SECONDS} seconds.
 */
final class ProgressReporter implements MigrationListener {

    private static final int LOG_SECONDS = 5;
    private static final int TERMINAL_MILLIS = 250;

    private final PrintWriter out;
    private final boolean terminal;
    private final boolean sqlite;
    private Thread ticker;
    private volatile long started;
    private volatile long done = -1;
    private volatile long total;
    private long lastPrinted;
    private boolean lineOpen;

    /**
     * @param out      where to print
     * @param terminal true to rewrite one progress line in place ({@link #isTerminal()} tells for standard output)
     * @param database the database migrated (SQLite builds an index in one statement that reports nothing)
     */
    ProgressReporter(PrintWriter out, boolean terminal, DatabaseKind database) {
        this.out = out;
        this.terminal = terminal;
        this.sqlite = database == DatabaseKind.SQLITE;
    }

    /**
     * Tells whether standard output is an interactive terminal: {@code System.console()} and, on Java 22 and
     * later (where a console exists even when output is redirected), its {@code isTerminal()}.
     *
     * @return true for a terminal
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only for a terminal
        }
    }

    @Override
    public void stepStarted(int index, int total, MigrationStep step) {
        boolean sqliteIndex = sqlite && step.action() == MigrationStep.Action.CREATE_INDEX && step.rows() >= 10_000;
        synchronized (out) {
            out.println("[" + index + "/" + total + "] " + step.description()
                    + (step.rows() >= 10_000 && step.action() != MigrationStep.Action.REBUILD_TABLE ? " (" + step.rows() + " rows"
                    + (sqliteIndex ? "; SQLite builds an index in one statement and cannot report partial progress" : "") + ")" : "")
                    + (step.destructive() ? "  [destructive]" : ""));
            out.flush();
        }
        this.started = System.nanoTime();
        this.done = -1;
        this.total = step.rows();
        this.lastPrinted = started;
        ticker = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Thread.sleep(Duration.ofSeconds(LOG_SECONDS));
                    if (terminal && done >= 0) {
                        continue; // the in-place line is kept current by rowsDone
                    }
                    synchronized (out) {
                        endLine();
                        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                        out.println("      … " + (done >= 0 ? new ProgressLine(done, this.total, elapsed()).describe()
                                : "still running, " + seconds + " s" + (sqliteIndex ? " of " + this.total + " rows" : "")));
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void rowsDone(MigrationStep step, long rows, long of) {
        this.done = rows;
        this.total = of;
        if (!terminal) {
            return;
        }
        synchronized (out) {
            long now = System.nanoTime();
            if (now - lastPrinted < Duration.ofMillis(TERMINAL_MILLIS).toNanos() && rows < of) {
                return;
            }
            lastPrinted = now;
            out.print("\r      " + new ProgressLine(rows, of, elapsed()).describe() + "   ");
            out.flush();
            lineOpen = true;
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Ends the in-place progress line, if one is open, before another line is printed. */
    private void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    @Override
    public void stepFailed(int index, int total, MigrationStep step) {
        stopTicker();
        synchronized (out) {
            endLine();
            out.println(step.outsideTransaction() ? "      failed" : "      failed; rolling back");
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
            endLine();
            out.println("      done in " + elapsed.toMillis() + " ms"
                    + (done > 0 ? " (" + done + " rows, " + new ProgressLine(done, done, elapsed).rate() + " rows/s)" : ""));
            out.flush();
        }
    }
}
