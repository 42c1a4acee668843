package dev.plinth.api;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an export is rendered before it is sent, so that the database connection is back in the pool
 * before the client reads a byte (a slow or stalled client then holds only its own socket and this spool).
 * The first {@code inMemory} bytes stay on the heap; a larger export spills to a temporary file in
 * {@code java.io.tmpdir}, so memory does not grow with the export. {@link #close()} deletes the file.
 *
 * <p>Not thread-safe: one request renders, then sends.
 */
final class ExportSpool extends OutputStream {

    /** The copy buffer when sending a spilled export. */
    private static final int SEND_CHUNK = 64 * 1024;

    private final int inMemory;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream(8192);
    private Path file;
    private OutputStream fileOut;
    private long size;

    /**
     * @param inMemory the most bytes kept on the heap before spilling to a temporary file
     */
    ExportSpool(int inMemory) {
        this.inMemory = inMemory;
    }

    /** Returns the number of bytes written. */
    long size() {
        return size;
    }

    /** Tells whether the export spilled to a temporary file. */
    boolean spilled() {
        return file != null;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (fileOut == null && memory.size() + len > inMemory) {
            spill();
        }
        if (fileOut != null) {
            fileOut.write(b, off, len);
        } else {
            memory.write(b, off, len);
        }
        size += len;
    }

    private void spill() throws IOException {
        file = Files.createTempFile("plinth-export-", ".json");
        fileOut = new BufferedOutputStream(Files.newOutputStream(file), SEND_CHUNK);
        memory.writeTo(fileOut);
        memory = null;
    }

    /**
     * Sends everything written, in order.
     *
     * @param out the response stream
     * @throws IOException when the client goes away or the temporary file cannot be read
     */
    void sendTo(OutputStream out) throws IOException {
        if (fileOut == null) {
            memory.writeTo(out);
            return;
        }
        fileOut.flush();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[SEND_CHUNK];
            for (int n; (n = in.read(chunk)) > 0; ) {
                out.write(chunk, 0, n);
            }
        }
    }

    /** Deletes the temporary file, if any. */
    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            try {
                fileOut.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
