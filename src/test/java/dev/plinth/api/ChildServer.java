package dev.plinth.api;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A {@code plinth serve} child process (a separate JVM running {@code dev.plinth.cli.PlinthCommand}
 * with the test class path) on 127.0.0.1 and a free port, with HS256 tokens enabled; for tests that
 * kill or stop the server (SIGKILL, SIGTERM) and look at what it left behind.
 *
 * @param process the child
 * @param port    the port it listens on
 * @param output  its standard output and error, as read so far
 */
record ChildServer(Process process, int port, StringBuilder output) {

    /** How long a child may take to start listening: a generous bound for a loaded CI machine. */
    private static final long START_SECONDS = 90;

    /**
     * Starts a child and waits until it listens.
     *
     * @param schema      the schema file
     * @param databaseUrl the database, as {@code --database-url} takes it
     * @param options     further {@code serve} options
     * @return the listening child
     * @throws AssertionError when it exits or does not listen in time (with its output)
     */
    static ChildServer start(Path schema, String databaseUrl, String... options) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire puts the real test class path here (java.class.path is only its booter jar).
        // Without the test classes, whose logback-test.xml would stand in for the production logging set-up.
        String classPath = Arrays.stream(System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", classPath,
                "dev.plinth.cli.PlinthCommand", "serve", schema.toString(), "--database-url", databaseUrl,
                "--host", "127.0.0.1", "--port", "0"));
        command.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PLINTH_JWT_SECRET", TestServer.SECRET);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("Listening on http://")) {
                        port.complete(Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim()));
                    }
                }
            } catch (IOException e) {
                // The child was killed: its output ends here.
            }
            port.completeExceptionally(new IllegalStateException("the child exited before listening"));
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildServer(process, port.get(START_SECONDS, TimeUnit.SECONDS), output);
        } catch (Exception e) {
            try {
                process.destroyForcibly().waitFor();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("plinth serve did not start: " + e + "\n" + output(output), e);
        }
    }

    /** Returns what the child printed so far. */
    String printed() {
        return output(output);
    }

    private static String output(StringBuilder output) {
        synchronized (output) {
            return output.toString();
        }
    }
}
