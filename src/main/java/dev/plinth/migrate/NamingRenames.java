package dev.plinth.migrate;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.naming.Inflection;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the renames that switching a schema's naming asks of a database (docs/schema.md, "Naming", and
 * docs/migrations.md): a table the schema wants but the database lacks, while the database holds a table
 * under the model's other spelling ({@code RoomBooking}, {@code room_booking} or {@code room_bookings}) that
 * the schema does not want, is that table renamed — never dropped and created again. Columns likewise:
 * {@code displayName} ↔ {@code display_name}. Names set by {@code @@map}/{@code @map} never change with
 * the naming, so they are never renamed.
 */
final class NamingRenames {

    private NamingRenames() {
    }

    /**
     * Finds the renames.
     *
     * @param schema  the resolved schema
     * @param current the live database
     * @param wanted  the schema's projection
     * @return the renames; {@link Renames#NONE} when every table and column is where the schema wants it
     */
    static Renames find(Schema schema, Snapshot current, Snapshot wanted) {
        List<Renames.TableRename> tables = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Model model : schema.models()) {
            if (model.view() || wanted.table(model.tableName()).isEmpty() || current.table(model.tableName()).isPresent()) {
                continue;
            }
            List<String> former = spellings(model.name(), true).stream()
                    .filter(n -> !n.equals(model.tableName()) && current.table(n).isPresent() && wanted.table(n).isEmpty()
                            && !taken.contains(n))
                    .toList();
            if (former.size() == 1 && spellings(model.name(), true).contains(model.tableName())) {
                tables.add(new Renames.TableRename(former.getFirst(), model.tableName()));
                taken.add(former.getFirst());
            }
        }
        Snapshot renamed = new Renames(tables, List.of()).apply(current);
        List<Renames.ColumnRename> columns = new ArrayList<>();
        for (Model model : schema.models()) {
            Optional<TableSnapshot> live = model.view() ? Optional.empty() : renamed.table(model.tableName());
            Optional<TableSnapshot> want = wanted.table(model.tableName());
            if (live.isEmpty() || want.isEmpty()) {
                continue;
            }
            Set<String> used = new HashSet<>();
            for (Field field : model.columnFields()) {
                String column = field.columnName();
                if (live.get().column(column).isPresent() || want.get().column(column).isEmpty()
                        || !spellings(field.name(), false).contains(column)) {
                    continue;
                }
                List<String> former = spellings(field.name(), false).stream()
                        .filter(n -> !n.equals(column) && live.get().column(n).isPresent() && want.get().column(n).isEmpty()
                                && !used.contains(n))
                        .toList();
                if (former.size() == 1) {
                    columns.add(new Renames.ColumnRename(model.tableName(), former.getFirst(), column));
                    used.add(former.getFirst());
                }
            }
        }
        return new Renames(tables, columns);
    }

    /**
     * Returns the names a schema name takes under Plinth's namings: as written, in snake_case, and for a
     * table also the snake_case plural.
     */
    static Set<String> spellings(String name, boolean table) {
        Set<String> out = new LinkedHashSet<>();
        out.add(name);
        String snake = Inflection.snakeCase(name);
        out.add(snake);
        if (table) {
            out.add(Inflection.pluralizeLast(snake));
            out.add(Inflection.earlierPlural(snake));
        }
        return out;
    }
}
