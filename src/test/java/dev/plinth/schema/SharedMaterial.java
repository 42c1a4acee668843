package dev.plinth.schema;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared}, the real schemas and Prisma's validation cases the tests read. */
public final class SharedMaterial {

    private SharedMaterial() {
    }

    /**
     * Returns the shared folder; fails when it is missing rather than letting tests pass vacuously.
     *
     * @return the path of {@code ../shared}
     */
    public static Path root() {
        Path root = Path.of(System.getProperty("plinth.shared", "../shared"));
        if (!Files.isDirectory(root.resolve("schemas"))) {
            throw new IllegalStateException("shared material not found at " + root.toAbsolutePath());
        }
        return root;
    }
}
