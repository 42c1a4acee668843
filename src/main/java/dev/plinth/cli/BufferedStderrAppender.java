package dev.plinth.cli;

import ch.qos.logback.core.OutputStreamAppender;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Logback's {@code OutputStreamAppender} on the process's stderr through a 64 KiB buffer, for use behind
 * logstash-logback-encoder's Disruptor appender with {@code immediateFlush} false: that appender flushes
 * it at the end of every batch it hands over (every line written within about 10 ms), so a busy server
 * makes one write call per batch instead of one per line. {@code System.err}, which Logback's
 * {@code ConsoleAppender} writes to, flushes on every write whatever the appender asks (docs/benchmarks.md,
 * finding 15). Stopping flushes and leaves file descriptor 2 open for whatever the process prints later.
 *
 * @param <E> the event type (Logback classic's {@code ILoggingEvent})
 */
public final class BufferedStderrAppender<E> extends OutputStreamAppender<E> {

    /** The buffer in front of stderr, in bytes: many lines per write call. */
    private static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public void start() {
        setOutputStream(new BufferedOutputStream(new KeptOpen(new FileOutputStream(FileDescriptor.err)), BUFFER_BYTES));
        super.start();
    }

    /** Closing flushes only: file descriptor 2 belongs to the process, not to the appender. */
    private static final class KeptOpen extends java.io.FilterOutputStream {
        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
