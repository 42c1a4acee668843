package dev.plinth.cli;

import java.time.Duration;

/**
 * How far a long migration step has got, in words: {@code 120000 of 500000 rows (24%), 40000 rows/s, about 9 s left}.
 *
 * @param done    rows done
 * @param total   rows in all (0 when unknown)
 * @param elapsed time since the step started
 */
record ProgressLine(long done, long total, Duration elapsed) {

    /** Returns the rows done per second so far, 0 before any time has passed. */
    long rate() {
        long millis = elapsed.toMillis();
        return millis <= 0 ? 0 : done * 1000 / millis;
    }

    /** Returns the time left at the rate so far; zero when done, or when no row is done yet (then unknown). */
    Duration remaining() {
        long rate = rate();
        if (rate <= 0 || done >= total) {
            return Duration.ZERO;
        }
        return Duration.ofMillis((total - done) * 1000 / rate);
    }

    /** Returns the line. */
    String describe() {
        StringBuilder out = new StringBuilder().append(done).append(" of ").append(total).append(" rows");
        if (total > 0) {
            out.append(" (").append(Math.min(100, done * 100 / total)).append("%)");
        }
        out.append(", ").append(rate()).append(" rows/s");
        if (done > 0 && done < total) {
            out.append(", about ").append(seconds(remaining())).append(" left");
        }
        out.append(", ").append(seconds(elapsed)).append(" elapsed");
        return out.toString();
    }

    private static String seconds(Duration d) {
        long s = Math.max(0, (d.toMillis() + 500) / 1000);
        return s >= 60 ? s / 60 + " min " + s % 60 + " s" : s + " s";
    }
}
