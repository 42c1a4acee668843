package dev.plinth.migrate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rename the user states: {@code --rename Contact=Person} (a model) or {@code --rename Contact.phone=mobile}
 * (a field), in schema names, or the schema's {@code /// @plinth.renamedFrom("…")} marker
 * (docs/migrations.md, "Renames you ask for"). Table and column names come from the schema ({@code @@map},
 * {@code @map}, the naming), never from the request.
 */
public sealed interface RenameRequest {

    /** The syntax of {@code --rename}, for error messages. */
    String USAGE = "--rename Model=NewModel or --rename Model.oldField=newField";

    /** Returns the request as {@code --rename} takes it, e.g. {@code Contact.phone=mobile}. */
    String option();

    /** Where the request comes from, for messages: {@code --rename Contact=Person} or the marker above a model or field. */
    String origin();

    /** Returns true when the schema's marker asked for it (then a missing former table or column is not an error). */
    boolean marker();

    /**
     * A model renamed.
     *
     * @param from   the model's former name (its table is looked for under that name and its naming's spellings)
     * @param to     the model's name in the schema
     * @param marker true when the schema's marker asked for it (then a missing former table is not an error)
     */
    record ModelRename(String from, String to, boolean marker) implements RenameRequest {
        @Override
        public String option() {
            return from + "=" + to;
        }

        @Override
        public String origin() {
            return marker ? "@plinth.renamedFrom(\"" + from + "\") on model " + to : "--rename " + option();
        }
    }

    /**
     * A field renamed.
     *
     * @param model  the model's name in the schema
     * @param from   the field's former name (its column is looked for under that name and its naming's spellings)
     * @param to     the field's name in the schema
     * @param marker true when the schema's marker asked for it
     */
    record FieldRename(String model, String from, String to, boolean marker) implements RenameRequest {
        @Override
        public String option() {
            return model + "." + from + "=" + to;
        }

        @Override
        public String origin() {
            return marker ? "@plinth.renamedFrom(\"" + from + "\") on " + model + "." + to : "--rename " + option();
        }
    }

    /** An identifier as Prisma allows for model and field names (letters, digits, {@code _}; not a digit first). */
    Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Parses one {@code --rename} value.
     *
     * @param value {@code Model=NewModel} or {@code Model.oldField=newField}
     * @return the request
     * @throws IllegalArgumentException with the expected syntax, when the value is not of either form
     */
    static RenameRequest parse(String value) {
        Matcher m = Pattern.compile("\\s*(" + NAME + ")(?:\\.(" + NAME + "))?\\s*=\\s*(" + NAME + ")\\s*").matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a rename; write " + USAGE
                    + " (schema names: letters, digits and _)");
        }
        if (m.group(2) == null) {
            if (m.group(1).equals(m.group(3))) {
                throw new IllegalArgumentException("'" + value + "' renames " + m.group(1) + " to itself");
            }
            return new ModelRename(m.group(1), m.group(3), false);
        }
        if (m.group(2).equals(m.group(3))) {
            throw new IllegalArgumentException("'" + value + "' renames " + m.group(1) + "." + m.group(2) + " to itself");
        }
        return new FieldRename(m.group(1), m.group(2), m.group(3), false);
    }
}
