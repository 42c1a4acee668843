package dev.plinth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code plinth} launcher script, run for real on a scratch copy of the project whose {@code mvn}
 * and JDK are stand-ins: {@code mvn} records each build and holds it open until the test releases it,
 * {@code java} prints its arguments. So two launches can be made to overlap a build deterministically,
 * without running Maven.
 */
class LauncherTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path root;
    private Path builds;
    private Path release;

    /** Lays out the scratch project: the real launcher and find-jdk, a pom, a source, a fake JDK and mvn. */
    private void project() throws IOException {
        root = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(Path.of("plinth"), root.resolve("plinth"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("scripts/find-jdk"), root.resolve("scripts/find-jdk"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.writeString(Files.createDirectories(root.resolve("src/main")).resolve("Source.java"), "class Source {}\n");
        builds = dir.resolve("builds.log");
        release = dir.resolve("release");
        Path jdk = Files.createDirectories(dir.resolve("jdk/bin"));
        Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"21.0.1\"\n");
        script(jdk.resolve("javac"), "exit 0");
        // The stand-in java prints what it was asked to run: the last argument is the command.
        script(jdk.resolve("java"), "echo \"ran ${@: -1}\"");
        script(Files.createDirectories(dir.resolve("bin")).resolve("mvn"), """
                echo "mvn $*" >> '%s'
                for i in $(seq 1200); do [ -f '%s' ] && break; sleep 0.05; done
                mkdir -p target && echo jar > target/plinth.jar
                """.formatted(builds, release));
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Process launch(String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("plinth").toString(), name)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        return pb.start();
    }

    private List<String> builds() throws IOException {
        return Files.exists(builds) ? Files.readAllLines(builds) : List.of();
    }

    private String stderr(String name) throws IOException {
        Path file = dir.resolve(name + ".err");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + PATIENCE.toSeconds() + " s for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static boolean flockInstalled() {
        try {
            return new ProcessBuilder("flock", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void twoLaunchesDuringOneBuildBuildOnceAndBothRun() throws Exception {
        assumeTrue(flockInstalled(), "flock(1) from util-linux is installed");
        project();
        Process first = launch("serve");
        await("the first launch to start a build", () -> uncheckedBuilds() == 1);
        Process second = launch("token");
        // The second launch either waits for the lock (fixed) or starts a build of its own (the defect).
        await("the second launch to wait or build", () -> uncheckedBuilds() == 2 || uncheckedStderr("token").contains("waiting"));
        Files.writeString(release, "go\n");
        assertThat(first.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(builds()).as("Maven runs while launches overlap").hasSize(1);
        assertThat(first.exitValue()).as(stderr("serve")).isZero();
        assertThat(second.exitValue()).as(stderr("token")).isZero();
        assertThat(Files.readString(dir.resolve("serve.out"))).isEqualTo("ran serve\n");
        assertThat(Files.readString(dir.resolve("token.out"))).isEqualTo("ran token\n");
        assertThat(stderr("token")).contains("waiting for another launch to finish building target/plinth.jar");
        // The serve launch also started the class cache's training run in a session of its own; it writes into
        // target/ after the launch has exited, so it must be over before the scratch project is deleted.
        awaitTraining(root.resolve("target/plinth-serve-21.jsa"));
    }

    @Test
    void aJarNewerThanTheSourcesIsNotRebuiltAndAnOlderOneIs() throws Exception {
        project();
        Files.writeString(release, "go\n");
        Process built = launch("validate");
        assertThat(built.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Process again = launch("migrate");
        assertThat(again.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(builds()).hasSize(1);
        assertThat(Files.readString(dir.resolve("migrate.out"))).isEqualTo("ran migrate\n");

        Files.setLastModifiedTime(root.resolve("target/plinth.jar"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Process stale = launch("serve");
        assertThat(stale.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(builds()).hasSize(2);
    }

    private int uncheckedBuilds() {
        try {
            return builds().size();
        } catch (IOException e) {
            return 0;
        }
    }

    private String uncheckedStderr(String name) {
        try {
            return stderr(name);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for the launcher's training run to be over: its log written and its lock gone. */
    private void awaitTraining(Path cache) throws InterruptedException {
        Path log = root.resolve("target/plinth-serve-cache.log");
        await("the training run beside the start", () -> {
            try {
                return Files.exists(log) && Files.readString(log).contains("cache-training");
            } catch (IOException e) {
                return false;
            }
        });
        await("the training run's lock to go", () -> !Files.exists(Path.of(cache + ".lock")));
    }

    @Test
    void serveOnJdk21MakesItsClassDataArchiveBesideTheFirstStartFromTheTrainingRun() throws Exception {
        project();
        Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"21.0.1\"\nJAVA_RUNTIME_VERSION=\"21.0.1+12\"\n");
        // A stand-in java that prints every argument, and a jar newer than the sources (no build).
        script(dir.resolve("jdk/bin/java"), "echo \"args: $*\"");
        Files.createDirectories(root.resolve("target"));
        Files.writeString(root.resolve("target/plinth.jar"), "jar\n");
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(root.resolve("target/plinth.jar"), java.nio.file.attribute.FileTime.fromMillis(now + 60_000));
        Path archive = root.resolve("target/plinth-serve-21.0.1_12.jsa");

        assertThat(launch("serve").waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("serve.out"))).as("the first serve starts without an archive")
                .doesNotContain("SharedArchiveFile", "ArchiveClassesAtExit").endsWith(" serve\n");
        awaitTraining(archive);
        assertThat(Files.readString(root.resolve("target/plinth-serve-cache.log")))
                .contains("-XX:ArchiveClassesAtExit=" + archive + ".tmp", "-jar " + root.resolve("target/plinth.jar") + " cache-training");
        assertThat(archive).as("a training run that wrote nothing leaves no archive").doesNotExist();

        Files.writeString(archive, "archive\n");
        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(now + 120_000));
        assertThat(launch("serve").waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("serve.out"))).contains("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off")
                .contains("-XX:CompileThresholdScaling=2").as("JDK 21 has no JEP 515 profiles to replay")
                .doesNotContain("AOTReplayTraining").endsWith(" serve\n");
        assertThat(launch("token").waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("token.out"))).as("the archive holds what serve loads: serve only")
                .doesNotContain("SharedArchiveFile").endsWith(" token\n");

        ProcessBuilder off = new ProcessBuilder(root.resolve("plinth").toString(), "serve")
                .redirectOutput(dir.resolve("off.out").toFile()).redirectError(dir.resolve("off.err").toFile());
        off.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        off.environment().put("PLINTH_CDS", "off");
        assertThat(off.start().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("off.out"))).doesNotContain("SharedArchiveFile").endsWith(" serve\n");
    }

    @Test
    void serveOnJdk25MakesItsAotCacheBesideTheFirstStartThenStartsFromIt() throws Exception {
        project();
        Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"25.0.1\"\nJAVA_RUNTIME_VERSION=\"25.0.1+9-LTS\"\n");
        // The stand-in java prints its arguments and, when asked for an AOT cache, writes one, as the JDK does at exit.
        script(dir.resolve("jdk/bin/java"), """
                echo "args: $*"
                for a in "$@"; do case "$a" in -XX:AOTCacheOutput=*) echo cache > "${a#-XX:AOTCacheOutput=}" ;; esac; done
                """);
        Files.createDirectories(root.resolve("target"));
        Files.writeString(root.resolve("target/plinth.jar"), "jar\n");
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(root.resolve("target/plinth.jar"), java.nio.file.attribute.FileTime.fromMillis(now + 60_000));
        // one cache per JDK build: JAVA_RUNTIME_VERSION with characters other than letters, digits and dots as _
        Path cache = root.resolve("target/plinth-serve-25.0.1_9_LTS.aot");

        assertThat(launch("serve").waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("serve.out"))).as("the first serve starts without a cache")
                .doesNotContain("-XX:AOTCache", "-XX:AOTMode", "SharedArchiveFile").endsWith(" serve\n");
        awaitTraining(cache);
        assertThat(Files.readString(root.resolve("target/plinth-serve-cache.log")))
                .contains("-XX:AOTCacheOutput=" + cache + ".tmp", "--enable-native-access=ALL-UNNAMED", " cache-training");
        assertThat(cache).as("the training run's cache, moved into place").hasContent("cache");
        assertThat(Path.of(cache + ".tmp")).doesNotExist();

        Files.setLastModifiedTime(cache, java.nio.file.attribute.FileTime.fromMillis(now + 120_000));
        assertThat(launch("serve").waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("serve.out"))).contains("-XX:AOTCache=" + cache, "-Xlog:aot=off")
                .contains("-XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining", "-XX:CompileThresholdScaling=2")
                .doesNotContain("AOTCacheOutput").endsWith(" serve\n");
        assertThat(Files.readString(root.resolve("target/plinth-serve-cache.log"))).as("the training run records profiles as usual")
                .doesNotContain("AOTReplayTraining", "CompileThresholdScaling");
        assertThat(launch("token").waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("token.out"))).doesNotContain("AOT", "CompileThresholdScaling").endsWith(" token\n");

        Files.setLastModifiedTime(root.resolve("target/plinth.jar"), java.nio.file.attribute.FileTime.fromMillis(now + 180_000));
        Files.delete(root.resolve("target/plinth-serve-cache.log"));
        assertThat(launch("serve").waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("serve.out"))).as("a jar newer than the cache: the cache is stale")
                .doesNotContain("-XX:AOTCache=").endsWith(" serve\n");
        awaitTraining(cache);
    }
}
