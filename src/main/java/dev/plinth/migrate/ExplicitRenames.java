package dev.plinth.migrate;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.syntax.RenameMarker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The renames a migration is told about: {@code --rename} options (on {@code plinth migrate}, {@code serve} and,
 * once wired, {@code migrate diff}) and the schema's {@code /// @plinth.renamedFrom("…")} markers
 * (docs/migrations.md, "Renames you ask for"). A rename is never guessed: a column or table missing from the
 * schema is dropped unless one of these names it.
 *
 * @param requests the {@code --rename} options, in the order given
 */
public record ExplicitRenames(List<RenameRequest> requests) {

    /** No {@code --rename} options (the schema's markers still count). */
    public static final ExplicitRenames NONE = new ExplicitRenames(List.of());

    public ExplicitRenames {
        requests = List.copyOf(requests);
    }

    /**
     * Parses {@code --rename} values.
     *
     * @param values each {@code Model=NewModel} or {@code Model.oldField=newField}
     * @return the renames
     * @throws IllegalArgumentException naming the first value that is not a rename, with the expected syntax
     */
    public static ExplicitRenames parse(List<String> values) {
        return new ExplicitRenames(values.stream().map(RenameRequest::parse).toList());
    }

    /**
     * Checks the options against the schema: the new model or field must be in it (a field stored in a column),
     * the former one must not be (else the two are different things, not a rename), and nothing is renamed twice.
     *
     * @param schema the resolved schema
     * @throws IllegalArgumentException naming every problem, e.g. {@code --rename Contact.phone=mobile: the model
     *                                  Contact has no field mobile (its fields: id, name, phone)}
     */
    public void check(Schema schema) {
        List<String> problems = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (RenameRequest request : requests) {
            String prefix = request.origin() + ": ";
            switch (request) {
                case RenameRequest.ModelRename r -> {
                    Optional<Model> model = schema.model(r.to()).filter(m -> !m.view());
                    if (model.isEmpty()) {
                        problems.add(prefix + "the schema has no model " + r.to() + " (its models: " + modelNames(schema) + ")");
                    } else if (schema.model(r.from()).isPresent()) {
                        problems.add(prefix + r.from() + " is still a model in the schema; a rename needs the former name gone");
                    } else if (!targets.add(r.to())) {
                        problems.add(prefix + "the model " + r.to() + " is renamed twice");
                    }
                }
                case RenameRequest.FieldRename r -> {
                    Optional<Model> model = schema.model(r.model()).filter(m -> !m.view());
                    if (model.isEmpty()) {
                        Optional<String> renamedTo = requests.stream().filter(o -> o instanceof RenameRequest.ModelRename m
                                && m.from().equals(r.model())).map(o -> ((RenameRequest.ModelRename) o).to()).findFirst();
                        problems.add(prefix + "the schema has no model " + r.model()
                                + renamedTo.map(t -> "; name the model as the schema does now: --rename " + t + "." + r.from() + "=" + r.to())
                                .orElse(" (its models: " + modelNames(schema) + ")"));
                        continue;
                    }
                    Optional<Field> field = model.get().field(r.to());
                    if (field.isEmpty()) {
                        problems.add(prefix + "the model " + r.model() + " has no field " + r.to() + " (its fields: "
                                + String.join(", ", model.get().columnFields().stream().map(Field::name).toList()) + ")");
                    } else if (!field.get().isColumn()) {
                        problems.add(prefix + r.model() + "." + r.to() + " is a relation field and has no column; rename the field that holds the foreign key");
                    } else if (model.get().field(r.from()).isPresent()) {
                        problems.add(prefix + r.model() + "." + r.from() + " is still a field in the schema; a rename needs the former name gone");
                    } else if (!targets.add(r.model() + "." + r.to())) {
                        problems.add(prefix + "the field " + r.model() + "." + r.to() + " is renamed twice");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * Returns these options and the schema's markers together; an option wins over a marker for the same model
     * or field.
     *
     * @param schema the resolved schema (validated: its markers are well formed)
     * @return every rename asked for
     */
    List<RenameRequest> withMarkers(Schema schema) {
        List<RenameRequest> all = new ArrayList<>(requests);
        for (Model model : schema.models()) {
            if (model.view()) {
                continue;
            }
            RenameMarker.oldName(model.documentation()).filter(old -> all.stream()
                            .noneMatch(r -> r instanceof RenameRequest.ModelRename m && m.to().equals(model.name())))
                    .ifPresent(old -> all.add(new RenameRequest.ModelRename(old, model.name(), true)));
            for (Field field : model.columnFields()) {
                RenameMarker.oldName(field.documentation()).filter(old -> all.stream()
                                .noneMatch(r -> r instanceof RenameRequest.FieldRename f && f.model().equals(model.name()) && f.to().equals(field.name())))
                        .ifPresent(old -> all.add(new RenameRequest.FieldRename(model.name(), old, field.name(), true)));
            }
        }
        return all;
    }

    private static String modelNames(Schema schema) {
        return String.join(", ", schema.models().stream().filter(m -> !m.view()).map(Model::name).toList());
    }
}
