package dev.plinth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.schema.DiagnosticRenderer;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.dmmf.DmmfWriter;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code plinth validate schema.prisma}: reads a Prisma schema and reports whether Plinth (and Prisma)
 * accept it.
 *
 * <p>Exit code 0 with a one-line summary (models, enums, relations) when the schema is valid, warnings
 * printed above it; exit code 1 with every diagnostic, each with its source line and carets, when it
 * is not, or when the file cannot be read. {@code --json} prints the resolved model in the shape of
 * Prisma's DMMF data model instead of the summary.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a Prisma schema and print a summary, or its diagnostics.")
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCHEMA", defaultValue = "schema.prisma",
            description = "The Prisma schema file (default: ${DEFAULT-VALUE}).")
    private Path schemaFile;

    @Option(names = "--json", description = "Print the resolved data model as JSON in the shape of Prisma's DMMF.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    /**
     * Runs the command.
     *
     * @return 0 when the schema is valid, 1 when it has errors
     * @throws CommandFailure when the file cannot be read
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<SchemaResult> loaded = SchemaFile.loadValid(schemaFile, err);
        if (loaded.isEmpty()) {
            return 1;
        }
        SchemaResult result = loaded.get();
        // conventions that a field's spelling suggests but the schema does not turn on (docs/schema.md, "Conventions")
        java.util.List<dev.plinth.schema.Diagnostic> hints = dev.plinth.schema.conventions.ConventionHints.of(schemaFile.toString(), result);
        err.print(DiagnosticRenderer.render(hints, result.source()));
        err.flush();
        Schema schema = result.schema().orElseThrow();
        if (json) {
            try {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(DmmfWriter.datamodel(schema)));
            } catch (JsonProcessingException e) {
                err.println("plinth: cannot write JSON: " + e.getOriginalMessage());
                return 1;
            }
        } else {
            String summary = summary(schemaFile.toString(), schema, result.warnings().size() + hints.size());
            int notes = result.notes().size();
            out.println(notes == 0 ? summary : summary + " (" + count(notes, "note") + ")");
        }
        out.flush();
        return 0;
    }

    /**
     * Returns the one-line summary of a valid schema.
     *
     * @param file     the file name as given
     * @param schema   the resolved schema
     * @param warnings how many warnings were printed
     * @return e.g. {@code schema.prisma is valid: 3 models, 1 enum, 2 relations} (views counted apart when present)
     */
    static String summary(String file, Schema schema, int warnings) {
        Set<String> relations = new TreeSet<>();
        for (Model model : schema.models()) {
            for (Field field : model.relationFields()) {
                field.relation().ifPresent(r -> {
                    String a = model.name();
                    String b = r.targetModel();
                    relations.add(r.name() + "|" + (a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a));
                });
            }
        }
        long views = schema.models().stream().filter(Model::view).count();
        String text = file + " is valid: " + count((int) (schema.models().size() - views), "model") + ", "
                + (views > 0 ? count((int) views, "view") + ", " : "")
                + count(schema.enums().size(), "enum") + ", " + count(relations.size(), "relation")
                + (schema.types().isEmpty() ? "" : ", " + count(schema.types().size(), "composite type"));
        return warnings == 0 ? text : text + " (" + count(warnings, "warning") + ")";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
