package dev.plinth.migrate;

/**
 * A drop and an add in one plan that look like a rename: a column dropped and one of the same type added in
 * the same table, or a table dropped and one with the same columns created. Plinth never acts on it (a rename
 * is an explicit statement, docs/migrations.md "Renames you ask for"); it tells the user what to run.
 *
 * @param rename  the {@code --rename} value that would make it a rename, in schema names, e.g. {@code Contact.phone=mobile}
 * @param dropped what the plan drops, e.g. {@code column "phone" of "Contact"}
 * @param added   what the plan adds instead, e.g. {@code column "mobile" of "Contact"}
 */
public record RenameHint(String rename, String dropped, String added) {

    /** Returns the hint in words: {@code this looks like a rename: run with --rename Contact.phone=mobile}. */
    public String message() {
        return "this looks like a rename: run with --rename " + rename + " (the plan drops " + dropped + " and adds " + added + ")";
    }
}
