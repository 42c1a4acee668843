package dev.plinth.cli;

import dev.plinth.introspect.DatabaseInspection;
import dev.plinth.introspect.InspectionJson;
import dev.plinth.introspect.InspectionText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code plinth db inspect [SCHEMA] [--database-url URL] [--json]}: prints the live structure of a database —
 * tables, columns (type, nullability, default), primary keys, indexes, foreign keys with actions, CHECK constraints,
 * enums, views, Plinth's full-text indexes — for people, or with {@code --json} as the document described in
 * docs/migrations.md ({@link InspectionJson}). Changes nothing.
 *
 * <p>Exit codes: 0 printed; 1 the database cannot be reached or read, or the schema has errors; 2 wrong usage.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print the structure of a live database (tables, columns, keys, indexes, foreign keys, checks, enums, views).")
public final class DbInspectCommand implements Callable<Integer> {

    @Mixin
    private DatabaseToRead database;

    @Option(names = "--json", description = "print the structure as JSON")
    private boolean json;

    @Spec
    private CommandSpec spec;

    /**
     * Prints the structure of the database.
     *
     * @return 0 when it was printed
     * @throws CommandFailure when the database cannot be reached or read (exit code 1)
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DatabaseInspection inspection = database.inspect(spec);
        out.print(json ? InspectionJson.render(inspection) + "\n" : InspectionText.render(inspection));
        out.flush();
        return 0;
    }
}
