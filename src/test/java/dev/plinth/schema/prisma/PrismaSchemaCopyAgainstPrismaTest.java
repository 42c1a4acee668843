package dev.plinth.schema.prisma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.SharedMaterial;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The copies {@code plinth prisma-schema} writes, checked by Prisma's own validator: the WebAssembly build of
 * Prisma's schema engine ({@code @prisma/prisma-schema-wasm}, what Prisma's CLI runs for {@code prisma validate}),
 * at the last release of Prisma 5, 6 and 7, pinned in {@code src/test/prisma-schema/package.json} and its lock
 * and installed with {@code npm ci} into {@code target/prisma-schema-wasm/}.
 *
 * <p>Every example ({@code examples/}), every real schema ({@code ../shared/schemas/real/}) and a schema using
 * every Plinth extension is copied. The copies of the examples and the fixture must be accepted by Prisma 6 (the
 * version Plinth's validator follows); a real schema's copy by a Prisma version the schema is written for (those
 * without a datasource {@code url} are written for Prisma 7, {@code shelf.prisma}'s view with {@code @id} for
 * Prisma 5). An original that uses Plinth's extensions must be rejected by all three.
 * With physical names in snake_case (what a naming setting derives), Prisma's own reading of the copy must
 * give every model and column Plinth's physical name. Without node the test is skipped, except under
 * {@code CI=true}, where a missing node or npm fails it.
 */
class PrismaSchemaCopyAgainstPrismaTest {

    private static final Path SOURCES = Path.of("src/test/prisma-schema");
    private static final Path WORK = Path.of("target/prisma-schema-wasm").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Prisma said of one file at one version, and its datamodel when asked for and accepted. */
    private record Verdict(String prisma, boolean ok, String message, JsonNode datamodel) {
    }

    /** A schema to copy: its name in messages, its text, and the resolved schema (empty when only parsed). */
    private record Input(String name, String text, Optional<Schema> schema) {
    }

    @BeforeAll
    static void install() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean node = works("node", "--version");
        if (!ci) {
            assumeTrue(node, "node is not installed: copies are not checked by Prisma (CI=true makes this a failure)");
        }
        assertThat(node).as("node on the PATH").isTrue();
        assertThat(works("npm", "--version")).as("npm on the PATH").isTrue();
        Files.createDirectories(WORK);
        Files.copy(SOURCES.resolve("validate.cjs"), WORK.resolve("validate.cjs"), StandardCopyOption.REPLACE_EXISTING);
        Path lock = SOURCES.resolve("package-lock.json");
        boolean current = Files.exists(WORK.resolve("node_modules/.package-lock.json"))
                && Files.exists(WORK.resolve("package-lock.json"))
                && Files.mismatch(lock, WORK.resolve("package-lock.json")) == -1
                && Files.mismatch(SOURCES.resolve("package.json"), WORK.resolve("package.json")) == -1;
        if (!current) {
            Files.copy(SOURCES.resolve("package.json"), WORK.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(lock, WORK.resolve("package-lock.json"), StandardCopyOption.REPLACE_EXISTING);
            String out = run("npm", "ci", "--no-audit", "--no-fund", "--prefix", WORK.toString());
            assertThat(Files.exists(WORK.resolve("node_modules/prisma-schema-6"))).as(out).isTrue();
        }
    }

    @Test
    void prismaAcceptsTheCopyOfEveryExampleRealSchemaAndExtension() throws Exception {
        List<Input> inputs = inputs();
        Path copies = Files.createDirectories(WORK.resolve("copies"));
        Map<String, Path> originals = new LinkedHashMap<>();
        Map<String, Path> copied = new LinkedHashMap<>();
        Map<String, Boolean> usesExtensions = new LinkedHashMap<>();
        for (Input input : inputs) {
            PrismaSchemaCopy.Result copy = PrismaSchemaCopy.writeText(input.name(), input.text(), input.schema(), false);
            originals.put(input.name(), write(copies.resolve(input.name() + ".original.prisma"), input.text()));
            copied.put(input.name(), write(copies.resolve(input.name() + ".copy.prisma"), copy.text()));
            usesExtensions.put(input.name(), copy.changes().stream()
                    .anyMatch(c -> c.kind() == PrismaSchemaCopy.ChangeKind.LEFT_OUT && c.what().startsWith("left out @")));
        }
        Map<Path, List<Verdict>> verdicts = validate(false,
                Stream.concat(originals.values().stream(), copied.values().stream()).toList());
        List<String> problems = new ArrayList<>();
        for (Input input : inputs) {
            List<Verdict> copy = verdicts.get(copied.get(input.name()));
            boolean plinths = !input.name().startsWith("real-"); // Plinth's examples and fixture: Prisma 6 style
            if (plinths && copy.stream().noneMatch(v -> v.ok() && v.prisma().equals("6"))) {
                problems.add(input.name() + ": Prisma 6 rejects the copy:\n"
                        + copy.stream().filter(v -> v.prisma().equals("6")).findFirst().orElseThrow().message());
            } else if (copy.stream().noneMatch(Verdict::ok)) {
                problems.add(input.name() + ": Prisma 5, 6 and 7 reject the copy; Prisma 6 says\n"
                        + copy.stream().filter(v -> v.prisma().equals("6")).findFirst().orElseThrow().message());
            }
            List<Verdict> original = verdicts.get(originals.get(input.name()));
            if (usesExtensions.get(input.name()) && original.stream().anyMatch(Verdict::ok)) {
                problems.add(input.name() + ": uses Plinth's extensions, yet Prisma accepts the original");
            }
        }
        assertThat(problems).as(String.join("\n\n", problems)).isEmpty();
        assertThat(usesExtensions).as("the examples and the fixture use extensions")
                .containsEntry("example-rooms", true).containsEntry("example-crm", true).containsEntry("every-extension", true)
                .containsEntry("seed-spellings", true);
        assertThat(inputs).as("examples, real schemas and the fixture").hasSizeGreaterThan(25);
    }

    @Test
    void prismaReadsPlinthsPhysicalNamesFromTheCopy() throws Exception {
        Path copies = Files.createDirectories(WORK.resolve("renamed"));
        Map<Path, Schema> renamed = new LinkedHashMap<>();
        for (Input input : inputs()) {
            if (input.schema().isPresent()) {
                Schema names = SnakeCaseNames.of(input.schema().get());
                String text = PrismaSchemaCopy.writeText(input.name(), input.text(), Optional.of(names), false).text();
                renamed.put(write(copies.resolve(input.name() + ".prisma"), text), names);
            }
        }
        int checked = 0;
        for (Map.Entry<Path, List<Verdict>> entry : validate(true, List.copyOf(renamed.keySet())).entrySet()) {
            String name = entry.getKey().getFileName().toString();
            Optional<Verdict> accepted = entry.getValue().stream().filter(Verdict::ok).findFirst();
            assertThat(accepted).as(name + ": " + entry.getValue()).isPresent();
            Schema names = renamed.get(entry.getKey());
            for (JsonNode model : accepted.get().datamodel().get("models")) {
                Model plinth = names.model(model.get("name").asText()).orElseThrow();
                assertThat(dbName(model)).as(name + ": table of " + plinth.name()).isEqualTo(plinth.tableName());
                for (JsonNode field : model.get("fields")) {
                    Field column = plinth.field(field.get("name").asText()).orElseThrow();
                    if (column.isColumn()) {
                        assertThat(dbName(field)).as(name + ": column of " + plinth.name() + "." + column.name())
                                .isEqualTo(column.columnName());
                        checked++;
                    }
                }
            }
            for (JsonNode enumType : accepted.get().datamodel().get("enums")) {
                assertThat(dbName(enumType)).as(name + ": enum " + enumType.get("name").asText())
                        .isEqualTo(names.enumType(enumType.get("name").asText()).orElseThrow().databaseName());
            }
        }
        assertThat(checked).as("columns compared").isGreaterThan(500);
    }

    private static String dbName(JsonNode element) {
        JsonNode dbName = element.get("dbName");
        return dbName == null || dbName.isNull() ? element.get("name").asText() : dbName.asText();
    }

    /** The examples, the real schemas and the fixture with every extension (only parsed: Plinth may not know them all yet). */
    private static List<Input> inputs() throws IOException {
        List<Input> inputs = new ArrayList<>();
        try (Stream<Path> examples = Files.list(Path.of("examples"))) {
            for (Path dir : examples.sorted().toList()) {
                Path file = dir.resolve("schema.prisma");
                if (Files.isRegularFile(file)) {
                    inputs.add(resolved("example-" + dir.getFileName(), file));
                }
            }
        }
        try (Stream<Path> real = Files.list(SharedMaterial.root().resolve("schemas/real"))) {
            for (Path file : real.filter(p -> p.toString().endsWith(".prisma")).sorted().toList()) {
                inputs.add(resolved("real-" + file.getFileName().toString().replace(".prisma", ""), file));
            }
        }
        String fixture = Files.readString(PrismaSchemaCopyTest.EVERY_EXTENSION);
        SchemaResult result = SchemaLoader.parse("every-extension.prisma", fixture);
        inputs.add(new Input("every-extension", fixture, result.schema()));
        String seed = Files.readString(SeedSpellingsCopyTest.SEED_SPELLINGS);
        inputs.add(new Input("seed-spellings", seed, SchemaLoader.parse("seed-spellings.prisma", seed).schema()));
        return inputs;
    }

    private static Input resolved(String name, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        SchemaResult result = SchemaLoader.parse(file.toString(), text);
        assertThat(result.errors()).as(file + " is valid for Plinth").isEmpty();
        return new Input(name, text, result.schema());
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Runs Prisma's validator, all three versions, over the files in one node process, with datamodels if asked. */
    private static Map<Path, List<Verdict>> validate(boolean datamodel, List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", WORK.resolve("validate.cjs").toString()));
        if (datamodel) {
            command.add("--datamodel");
        }
        files.forEach(f -> command.add(f.toString()));
        Map<Path, List<Verdict>> verdicts = new LinkedHashMap<>();
        for (String line : run(command.toArray(String[]::new)).lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode verdict = JSON.readTree(line);
            verdicts.computeIfAbsent(Path.of(verdict.get("file").asText()), f -> new ArrayList<>())
                    .add(new Verdict(verdict.get("prisma").asText(), verdict.get("ok").asBoolean(), verdict.get("message").asText(),
                            verdict.get("datamodel")));
        }
        for (Path file : files) {
            assertThat(verdicts.get(file)).as("Prisma's verdicts on " + file).hasSize(3);
        }
        return verdicts;
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command in target/prisma-schema-wasm, bounded by five minutes; fails unless it exits 0. */
    private static String run(String... command) throws Exception {
        Path out = Files.createTempFile("prisma-schema", ".out");
        Path err = Files.createTempFile("prisma-schema", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(WORK.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", command));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + Files.readString(err)).isZero();
            return stdout;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
