package dev.plinth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.openapi.Access;
import dev.plinth.openapi.OpenApiDocument;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code plinth openapi schema.prisma > openapi.json}: prints the OpenAPI 3.1.0 document of the API
 * {@code plinth serve} would serve for the schema (docs/api.md, "OpenAPI"), without a database or a
 * server. It describes a server with a token key; {@code --no-tokens} and {@code --anonymous-reads}
 * describe the other postures.
 */
@Command(name = "openapi", mixinStandardHelpOptions = true,
        description = "Print the OpenAPI 3.1 document of the API a schema is served as.")
public final class OpenApiCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCHEMA", defaultValue = "schema.prisma",
            description = "The Prisma schema file (default: ${DEFAULT-VALUE}).")
    private Path schemaFile;

    @Option(names = "--no-tokens", description = "Describe a server without a token key (open tables need no token).")
    private boolean noTokens;

    @Option(names = "--anonymous-reads", description = "Describe a server started with --anonymous-reads.")
    private boolean anonymousReads;

    @Spec
    private CommandSpec spec;

    /**
     * Runs the command.
     *
     * @return 0 with the document on standard output, 1 when the schema has errors (printed on standard error)
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
        try {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(OpenApiDocument.of(
                    result.schema().orElseThrow(), SchemaPolicy.of(result), new Access(!noTokens, anonymousReads))));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            err.println("plinth: " + e.getMessage());
            err.flush();
            return 1;
        }
        out.flush();
        return 0;
    }
}
