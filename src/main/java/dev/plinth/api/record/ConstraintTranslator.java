package dev.plinth.api.record;

import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.ForeignKey;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.store.Database;
import dev.plinth.schema.model.Index;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Explains a write the database refused, as the problem the client sees: a unique violation (409,
 * naming the constraint's columns), a foreign key pointing nowhere (422, naming the field), a delete
 * of a row still referenced (409, naming the referencing resource), a null or out-of-range value
 * (422), a row breaking a CHECK constraint (422, naming the constraint: {@link CheckFailures}). Runs after
 * the transaction was rolled back; SQLite's foreign-key errors name no constraint,
 * so the culprit is found by looking the referenced rows up.
 *
 * <p>Sources: PostgreSQL, "Error codes" (https://www.postgresql.org/docs/current/errcodes-appendix.html);
 * SQLite, "Result and error codes" (https://www.sqlite.org/rescode.html).
 */
public final class ConstraintTranslator {

    private static final Pattern SQLITE_COLUMNS = Pattern.compile("constraint failed: ([^)\\]]+)");
    private static final Pattern PG_KEY = Pattern.compile("Key \\(([^)]*)\\)");

    private final Database database;

    /**
     * Creates a translator.
     *
     * @param database the database, for the look-ups that name a foreign key's field
     */
    public ConstraintTranslator(Database database) {
        this.database = database;
    }

    /**
     * Translates a refused write.
     *
     * @param failure the failure
     * @return the problem to answer
     */
    public ProblemException translate(ConstraintFailure failure) {
        SQLException e = failure.sqlException();
        Resource r = failure.resource();
        Kind kind = classify(e);
        return switch (kind) {
            case UNIQUE -> {
                List<String> columns = uniqueColumns(e, r);
                yield ProblemException.fields(ApiProblem.UNIQUE_VIOLATION,
                        "a row of " + r.name() + " with the same " + String.join(", ", columns) + " already exists",
                        columns.stream().map(c -> new FieldError(c, "unique", "must be unique")).toList());
            }
            case FOREIGN_KEY -> failure.deleting() ? stillReferenced(failure) : danglingReference(failure);
            case NOT_NULL -> {
                String column = notNullColumn(e);
                yield ProblemException.fields(ApiProblem.VALIDATION_FAILED, column + " must not be null",
                        List.of(new FieldError(column, "not_null", "must not be null")));
            }
            case INVALID_VALUE -> {
                // the database's own text names internals and differs by database: the log has it, the answer does not
                ProblemException general = DatabaseFailures.explain(e);
                String column = pgColumn(e).orElse("body");
                yield new ProblemException(general.problem(), general.detail(),
                        List.of(new FieldError(column, "invalid_value", general.detail())), null).withDatabaseError(e);
            }
            case CHECK -> CheckFailures.explain(e, r.model());
            case BUSY, OTHER -> DatabaseFailures.explain(e);
        };
    }

    private enum Kind { UNIQUE, FOREIGN_KEY, NOT_NULL, CHECK, INVALID_VALUE, BUSY, OTHER }

    /**
     * Tells whether a database error means "busy, retry": a lock or serialization conflict.
     *
     * @param e the error
     * @return true for SQLite's BUSY/LOCKED and PostgreSQL's serialization failure, deadlock, lock not available
     */
    public static boolean isBusy(SQLException e) {
        return classify(e) == Kind.BUSY;
    }

    private static Kind classify(SQLException e) {
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            return switch (code) {
                case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY -> Kind.UNIQUE;
                case SQLITE_CONSTRAINT_FOREIGNKEY -> Kind.FOREIGN_KEY;
                // Restrict is enforced by a trigger where SQLite's own foreign keys cannot express it.
                case SQLITE_CONSTRAINT_TRIGGER -> String.valueOf(s.getMessage()).contains("FOREIGN KEY")
                        ? Kind.FOREIGN_KEY : Kind.INVALID_VALUE;
                case SQLITE_CONSTRAINT_NOTNULL -> Kind.NOT_NULL;
                case SQLITE_CONSTRAINT_CHECK -> Kind.CHECK;
                case SQLITE_MISMATCH, SQLITE_TOOBIG -> Kind.INVALID_VALUE;
                case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY -> Kind.BUSY;
                default -> Kind.OTHER;
            };
        }
        String state = e.getSQLState();
        if (state == null) {
            return Kind.OTHER;
        }
        return switch (state) {
            case "23505" -> Kind.UNIQUE;
            case "23503" -> Kind.FOREIGN_KEY;
            case "23502" -> Kind.NOT_NULL;
            case "23514" -> Kind.CHECK;
            case "40001", "40P01", "55P03" -> Kind.BUSY;
            default -> state.startsWith("22") ? Kind.INVALID_VALUE : Kind.OTHER;
        };
    }

    private static List<String> uniqueColumns(SQLException e, Resource r) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String constraint = m.getConstraint();
            if (constraint != null) {
                for (Index u : r.model().uniques()) {
                    if (u.constraintName().equals(constraint)) {
                        return u.columnNames();
                    }
                }
                if (r.model().primaryKey().map(pk -> pk.constraintName().equals(constraint)).orElse(false)) {
                    return r.key().stream().map(Column::name).toList();
                }
            }
            if (m.getDetail() != null) {
                Matcher k = PG_KEY.matcher(m.getDetail());
                if (k.find()) {
                    return Arrays.stream(k.group(1).split(",")).map(s -> s.trim().replace("\"", "")).toList();
                }
            }
            return List.of("?");
        }
        Matcher k = SQLITE_COLUMNS.matcher(e.getMessage());
        if (k.find()) {
            return Arrays.stream(k.group(1).split(",")).map(s -> {
                String t = s.trim();
                return t.substring(t.lastIndexOf('.') + 1);
            }).toList();
        }
        return List.of("?");
    }

    private static String notNullColumn(SQLException e) {
        Optional<String> pg = pgColumn(e);
        if (pg.isPresent()) {
            return pg.get();
        }
        Matcher k = SQLITE_COLUMNS.matcher(e.getMessage());
        if (k.find()) {
            String t = k.group(1).trim();
            return t.substring(t.lastIndexOf('.') + 1);
        }
        return "?";
    }

    private static Optional<String> pgColumn(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return Optional.ofNullable(p.getServerErrorMessage().getColumn());
        }
        return Optional.empty();
    }

    /** Names the field whose value points at no row, by looking each written foreign key up. */
    private ProblemException danglingReference(ConstraintFailure failure) {
        Resource r = failure.resource();
        WriteValues values = failure.values();
        List<FieldError> errors = new ArrayList<>();
        for (ForeignKey fk : r.outgoing()) {
            List<Column> cols = fk.fromColumns().stream().map(n -> r.stored(n).orElse(null)).toList();
            if (values == null || cols.contains(null) || !cols.stream().allMatch(values::has)
                    || cols.stream().anyMatch(c -> values.get(c) == null)) {
                continue;
            }
            if (!exists(fk, cols, values)) {
                for (Column c : cols) {
                    errors.add(noRow(fk, c, values.get(c)));
                }
            }
        }
        if (errors.isEmpty()) {
            errors.add(new FieldError(r.outgoing().stream().flatMap(f -> f.fromColumns().stream()).findFirst()
                    .map(n -> r.stored(n).map(Column::name).orElse(n)).orElse("?"),
                    "not_found", "a referenced row does not exist"));
        }
        return pointsAtNoRow(errors);
    }

    /**
     * The field error of a foreign key column whose value points at no row (or at none the caller may
     * read: the two are told the same way, {@link VisibleReferences}).
     *
     * @param fk     the foreign key
     * @param column the referencing column
     * @param value  its value
     * @return the error
     */
    static FieldError noRow(ForeignKey fk, Column column, Object value) {
        return new FieldError(column.name(), "not_found", "no row of " + fk.toTable().replace("\"", "")
                + " has " + String.join(", ", fk.toColumns()) + " = " + value);
    }

    /**
     * The 422 of foreign keys that point at no row.
     *
     * @param errors the field errors, from {@link #noRow}
     * @return the problem
     */
    static ProblemException pointsAtNoRow(List<FieldError> errors) {
        return ProblemException.fields(ApiProblem.FOREIGN_KEY_VIOLATION,
                errors.stream().map(FieldError::field).distinct().collect(Collectors.joining(", ")) + " points at no row", errors);
    }

    private boolean exists(ForeignKey fk, List<Column> cols, WriteValues values) {
        String where = fk.toColumns().stream().map(c -> '"' + c.replace("\"", "\"\"") + "\" = ?").collect(Collectors.joining(" AND "));
        try {
            return database.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + fk.toTable() + " WHERE " + where)) {
                    for (int i = 0; i < cols.size(); i++) {
                        cols.get(i).codec().bind(ps, i + 1, values.get(cols.get(i)));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                }
            });
        } catch (SQLException e) {
            return false;
        }
    }

    /** Names the resources whose rows still reference the row being deleted. */
    private ProblemException stillReferenced(ConstraintFailure failure) {
        Resource r = failure.resource();
        List<String> referencing = new ArrayList<>();
        for (ForeignKey fk : r.incoming()) {
            if (isReferenced(r, fk, failure.key())) {
                referencing.add(fk.fromResource());
            }
        }
        if (referencing.isEmpty()) {
            r.incoming().stream().findFirst().ifPresent(fk -> referencing.add(fk.fromResource()));
        }
        // no served resource references it: a table outside the schema does (an orphaned table, docs/api.md)
        String names = referencing.isEmpty() ? "a table outside the schema"
                : referencing.stream().distinct().collect(Collectors.joining(", "));
        String target = failure.key() == null ? "rows of " + r.name() + " this request deletes" : "this row of " + r.name();
        return ProblemException.fields(ApiProblem.STILL_REFERENCED,
                "rows of " + names + " still reference " + target + "; delete or change them first; nothing was deleted",
                referencing.stream().distinct().map(n -> new FieldError(n, "still_referenced", "rows of " + n + " reference this row")).toList());
    }

    /**
     * Tells whether rows of {@code fk}'s table reference the deleted row; for a collection delete (no
     * key: which rows matched is gone with the rollback) whether they reference any row at all.
     */
    private boolean isReferenced(Resource r, ForeignKey fk, Object[] key) {
        List<Column> referenced = fk.toColumns().stream().map(n -> r.stored(n).orElse(null)).toList();
        if (referenced.contains(null) || !referenced.stream().allMatch(r.key()::contains)) {
            return true;
        }
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < fk.fromColumns().size(); i++) {
            where.append(i == 0 ? "" : " AND ").append('"').append(fk.fromColumns().get(i).replace("\"", "\"\""))
                    .append(key == null ? "\" IS NOT NULL" : "\" = ?");
        }
        try {
            return database.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + fk.fromTable() + " WHERE " + where)) {
                    for (int i = 0; key != null && i < referenced.size(); i++) {
                        Column col = referenced.get(i);
                        col.codec().bind(ps, i + 1, key[r.key().indexOf(col)]);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                }
            });
        } catch (SQLException e) {
            return true;
        }
    }
}
