package dev.plinth.migrate;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the renames asked for ({@link ExplicitRenames}: {@code --rename} and the schema's markers) into the
 * tables and columns to rename in a live database ({@link Renames}).
 *
 * <p>A request applies when the database holds the former table (or column) and not yet the schema's: the
 * former one is looked for under the name given and under that name's spellings in Plinth's namings (as
 * written, snake_case, snake_case plural), so {@code --rename Contact.phoneNumber=mobile} finds a
 * {@code phone_number} column. Once renamed, the request is inert: the schema's table or column exists, and a
 * second run plans nothing. A {@code --rename} whose former table or column is not in the database, while the
 * schema's is missing too, is an error; a marker there is inert (a new database simply gets the new names).
 */
final class RequestedRenames {

    private RequestedRenames() {
    }

    /**
     * Finds the renames to make.
     *
     * @param schema    the resolved schema
     * @param requested the renames asked for, markers included
     * @param live      the live database
     * @param wanted    the schema's projection
     * @return the renames, tables first
     * @throws IllegalArgumentException when a {@code --rename} names a table or column the database lacks, or the
     *                                  former name matches more than one table or column
     */
    static Renames find(Schema schema, List<RenameRequest> requested, Snapshot live, Snapshot wanted) {
        List<Renames.TableRename> tables = new ArrayList<>();
        for (RenameRequest request : requested) {
            if (request instanceof RenameRequest.ModelRename r) {
                Model model = schema.model(r.to()).orElseThrow(() -> new IllegalArgumentException(r.origin() + ": the schema has no model " + r.to()));
                String table = model.tableName();
                if (live.table(table).isPresent()) {
                    continue;
                }
                Optional<String> former = former(r, r.from(), true, n -> live.table(n).isPresent() && wanted.table(n).isEmpty()
                        && tables.stream().noneMatch(t -> t.from().equals(n)), "table");
                former.ifPresent(f -> tables.add(new Renames.TableRename(f, table)));
            }
        }
        Snapshot renamed = new Renames(tables, List.of()).apply(live);
        List<Renames.ColumnRename> columns = new ArrayList<>();
        for (RenameRequest request : requested) {
            if (request instanceof RenameRequest.FieldRename r) {
                Model model = schema.model(r.model()).orElseThrow(() -> new IllegalArgumentException(r.origin() + ": the schema has no model " + r.model()));
                Field field = model.field(r.to()).filter(Field::isColumn)
                        .orElseThrow(() -> new IllegalArgumentException(r.origin() + ": the model " + r.model() + " has no field " + r.to()));
                Optional<TableSnapshot> table = renamed.table(model.tableName());
                Optional<TableSnapshot> want = wanted.table(model.tableName());
                if (table.isEmpty() || want.isEmpty()) {
                    if (!r.marker() && table.isEmpty()) {
                        throw new IllegalArgumentException(r.origin() + ": the database has no table " + model.tableName()
                                + " whose column could be renamed");
                    }
                    continue;
                }
                if (table.get().column(field.columnName()).isPresent()) {
                    continue;
                }
                String tableName = model.tableName();
                Optional<String> former = former(r, r.from(), false, n -> table.get().column(n).isPresent() && want.get().column(n).isEmpty()
                        && columns.stream().noneMatch(c -> c.table().equals(tableName) && c.from().equals(n)), "column of table " + tableName);
                former.ifPresent(f -> columns.add(new Renames.ColumnRename(tableName, f, field.columnName())));
            }
        }
        return new Renames(tables, columns);
    }

    /** Finds the one live name a former schema name stands for; none for a marker without a match. */
    private static Optional<String> former(RenameRequest request, String name, boolean table,
                                           java.util.function.Predicate<String> available, String what) {
        Set<String> spellings = new LinkedHashSet<>(NamingRenames.spellings(name, table));
        List<String> found = spellings.stream().filter(available).toList();
        if (found.size() > 1) {
            throw new IllegalArgumentException(request.origin() + ": the former name matches more than one " + what + " ("
                    + String.join(", ", found) + "); rename by hand or drop the one that is not meant");
        }
        if (found.isEmpty()) {
            if (!request.marker()) {
                throw new IllegalArgumentException(request.origin() + ": the database has no " + what + " named "
                        + String.join(" or ", spellings) + " to rename, and not yet the new one either");
            }
            return Optional.empty();
        }
        return found.stream().findFirst();
    }
}
