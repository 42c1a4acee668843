package dev.plinth.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where an export is rendered while it is sent, so that the database connection goes back to the pool
 * when rendering ends, whatever the client's pace: a slow or stalled client holds only its socket and
 * this spool. One thread renders into {@link #sink()} and ends with {@link #finish()} or {@link #fail};
 * another sends what has been rendered so far with {@link #sendTo}, waiting for more. The first
 * {@code inMemory} bytes stay on the heap; the rest goes to a temporary file in {@code java.io.tmpdir},
 * so memory does not grow with the export. {@link #close()} deletes the file once both are done.
 */
final class ExportSpool implements AutoCloseable {

    /** Bytes rendered before they are handed to the sender (and the size of a heap chunk). */
    private static final int CHUNK = 64 * 1024;

    private final int inMemory;
    private final List<byte[]> memory = new ArrayList<>();
    private final OutputStream sink = new Sink();
    private byte[] current = new byte[CHUNK];
    private int filled;
    private Path file;
    private FileChannel channel;
    // guarded by this: what the sender may read, and how rendering ended
    private long memoryBytes;
    private long published;
    private boolean done;
    private Throwable failure;

    /**
     * @param inMemory the most bytes kept on the heap before the rest spills to a temporary file
     */
    ExportSpool(int inMemory) {
        this.inMemory = inMemory;
    }

    /** Returns the stream the export is rendered into (by one thread). */
    OutputStream sink() {
        return sink;
    }

    /** Tells whether the export spilled to a temporary file. */
    synchronized boolean spilled() {
        return file != null;
    }

    /** Returns the number of bytes handed to the sender so far. */
    synchronized long size() {
        return published;
    }

    /**
     * Ends rendering: everything written is handed to the sender.
     *
     * @throws IOException when the temporary file cannot be written
     */
    void finish() throws IOException {
        publish();
        synchronized (this) {
            done = true;
            notifyAll();
        }
    }

    /**
     * Ends rendering with a failure: what was not handed over yet is never sent.
     *
     * @param cause why rendering failed
     */
    synchronized void fail(Throwable cause) {
        failure = cause;
        notifyAll();
    }

    /**
     * Waits until the first bytes are rendered or rendering has ended.
     *
     * @throws SQLException when rendering failed before anything was handed over (a database failure)
     * @throws IOException  when rendering failed before anything was handed over (the temporary file)
     * @throws RuntimeException when rendering failed before anything was handed over (e.g. a problem)
     * @throws InterruptedException when interrupted while waiting
     */
    void awaitStart() throws SQLException, IOException, InterruptedException {
        Throwable failed;
        synchronized (this) {
            while (published == 0 && !done && failure == null) {
                wait();
            }
            if (published > 0 || failure == null) {
                return;
            }
            failed = failure;
        }
        switch (failed) {
            case SQLException e -> throw e;
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failed);
        }
    }

    /** Tells whether rendering failed. */
    synchronized boolean failed() {
        return failure != null;
    }

    /**
     * Sends everything rendered, in order, as it is rendered, until rendering ends.
     *
     * @param out the response stream
     * @throws IOException when the client goes away, the temporary file cannot be read, or rendering
     *                     failed after its first bytes (the answer is then cut off)
     * @throws InterruptedException when interrupted while waiting for more
     */
    void sendTo(OutputStream out) throws IOException, InterruptedException {
        long pos = 0;
        ByteBuffer read = null;
        while (true) {
            long until;
            long heap;
            List<byte[]> chunks;
            synchronized (this) {
                while (published == pos && !done && failure == null) {
                    wait();
                }
                if (failure != null) {
                    throw new IOException("the export failed after its first bytes", failure);
                }
                until = published;
                if (pos == until) {
                    return;
                }
                heap = memoryBytes;
                chunks = pos < heap ? List.copyOf(memory) : List.of();
            }
            while (pos < until && pos < heap) {
                byte[] chunk = chunks.get((int) (pos / CHUNK));
                int from = (int) (pos % CHUNK);
                int n = (int) Math.min(chunk.length - from, until - pos);
                out.write(chunk, from, n);
                pos += n;
            }
            while (pos < until) {
                if (read == null) {
                    read = ByteBuffer.allocate(CHUNK);
                }
                read.clear().limit((int) Math.min(CHUNK, until - pos));
                int n = channel.read(read, pos - heap);
                if (n <= 0) {
                    throw new IOException("the export's temporary file ended early");
                }
                out.write(read.array(), 0, n);
                pos += n;
            }
        }
    }

    /** Hands the rendered chunk to the sender: kept on the heap while under the limit, else appended to the file. */
    private void publish() throws IOException {
        if (filled == 0) {
            return;
        }
        int n = filled;
        boolean toHeap;
        synchronized (this) {
            toHeap = file == null && memoryBytes + n <= inMemory && (memoryBytes % CHUNK == 0);
        }
        if (toHeap) {
            byte[] chunk = n == CHUNK ? current : Arrays.copyOf(current, n);
            synchronized (this) {
                memory.add(chunk);
                memoryBytes += n;
                published += n;
                notifyAll();
            }
            current = new byte[CHUNK];
        } else {
            if (channel == null) {
                Path created = Files.createTempFile("plinth-export-", ".json");
                channel = FileChannel.open(created, StandardOpenOption.READ, StandardOpenOption.WRITE);
                synchronized (this) {
                    file = created;
                }
            }
            ByteBuffer b = ByteBuffer.wrap(current, 0, n);
            long at;
            synchronized (this) {
                at = published - memoryBytes;
            }
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            synchronized (this) {
                published += n;
                notifyAll();
            }
        }
        filled = 0;
    }

    /** Deletes the temporary file, if any; call once rendering and sending are both over. */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The renderer's side: fills a chunk, hands it over when full. */
    private final class Sink extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, current, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == CHUNK) {
                    publish();
                }
            }
        }
    }
}
