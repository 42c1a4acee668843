package dev.plinth.cli;

import dev.plinth.migrate.ExplicitRenames;
import dev.plinth.migrate.RenameRequest;
import dev.plinth.schema.model.Schema;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --rename} option, as a picocli mixin for every command that plans a migration ({@code migrate},
 * {@code serve}, {@code migrate diff}): {@code --rename Contact=Person} renames a model,
 * {@code --rename Contact.phone=mobile} a field, repeatable (docs/migrations.md, "Renames you ask for").
 *
 * <p>A value of neither form is a usage error (exit code 2) while the command line is read; a rename that does
 * not fit the schema (an unknown model or field, a former name still in the schema) is one too, reported by
 * {@link #renames} once the schema is loaded.
 */
public final class RenameOptions {

    @Option(names = "--rename", paramLabel = "FROM=TO", converter = RenameConverter.class, split = "\\s*,\\s*",
            description = "Rename instead of drop and add: Model=NewModel or Model.oldField=newField (schema names;"
                    + " repeatable or comma-separated). The rows keep their values.")
    List<RenameRequest> requests = new ArrayList<>();

    /**
     * Returns the renames, checked against the schema.
     *
     * @param schema  the resolved schema
     * @param command the command, for the usage error
     * @return the renames
     * @throws CommandLine.ParameterException (exit code 2) naming every rename that does not fit the schema
     */
    public ExplicitRenames renames(Schema schema, CommandLine command) {
        ExplicitRenames renames = new ExplicitRenames(requests);
        try {
            renames.check(schema);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, e.getMessage());
        }
        return renames;
    }

    /** Converts one {@code --rename} value; picocli reports a bad one as a usage error. */
    static final class RenameConverter implements CommandLine.ITypeConverter<RenameRequest> {
        @Override
        public RenameRequest convert(String value) {
            try {
                return RenameRequest.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
