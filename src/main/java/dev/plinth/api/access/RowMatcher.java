package dev.plinth.api.access;

import dev.plinth.api.resource.Column;
import dev.plinth.query.Filter;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Evaluates a row-dependent rule condition against the row a result set is on, for {@code @mask(…,
 * unless: …)} conditions such as {@code auth().id == user_id}: the row is already read, so the mask
 * is decided in Java rather than by a second query. Values compare as numbers when both are numeric,
 * booleans also as SQLite's 1/0, and otherwise as text.
 */
final class RowMatcher {

    private final Filter filter;
    private final List<Column> columns;

    /**
     * @param filter  the condition
     * @param columns the result set's columns in select order (position = index + 1)
     */
    RowMatcher(Filter filter, List<Column> columns) {
        this.filter = filter;
        this.columns = columns;
    }

    boolean matches(ResultSet rs) throws SQLException {
        return eval(filter, rs);
    }

    private boolean eval(Filter f, ResultSet rs) throws SQLException {
        switch (f) {
            case Filter.All all -> {
                for (Filter p : all.parts()) {
                    if (!eval(p, rs)) {
                        return false;
                    }
                }
                return true;
            }
            case Filter.Any any -> {
                for (Filter p : any.parts()) {
                    if (eval(p, rs)) {
                        return true;
                    }
                }
                return false;
            }
            case Filter.Not not -> {
                return !eval(not.part(), rs);
            }
            case Filter.JsonMatch json -> {
                // Rule conditions do not look inside Json documents; were one to, the mask stays on.
                return false;
            }
            case Filter.Related related -> {
                // Rule conditions never cross relations (the schema validator refuses them); were one
                // to appear, the row alone cannot decide it, so the mask stays on.
                return false;
            }
            case Filter.Comparison c -> {
                int pos = -1;
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).field().equals(c.field())) {
                        pos = i + 1;
                    }
                }
                if (pos < 0) {
                    return false; // the column is not in this select: the mask stays on
                }
                Object v = rs.getObject(pos);
                return switch (c.operator()) {
                    case ISNULL -> (v == null) == (Boolean) c.values().getFirst();
                    case EQ, IN -> v != null && c.values().stream().anyMatch(x -> compare(v, x) == 0);
                    case NE, NIN -> v != null && c.values().stream().noneMatch(x -> compare(v, x) == 0);
                    case LT -> v != null && compare(v, c.values().getFirst()) < 0;
                    case LTE -> v != null && compare(v, c.values().getFirst()) <= 0;
                    case GT -> v != null && compare(v, c.values().getFirst()) > 0;
                    case GTE -> v != null && compare(v, c.values().getFirst()) >= 0;
                    default -> false;
                };
            }
        }
    }

    private static int compare(Object stored, Object value) {
        if (value instanceof Boolean b) {
            boolean s = stored instanceof Boolean x ? x : stored instanceof Number n ? n.intValue() != 0 : Boolean.parseBoolean(stored.toString());
            return s == b ? 0 : 1;
        }
        BigDecimal a = number(stored);
        BigDecimal b = number(value);
        if (a != null && b != null) {
            return a.compareTo(b);
        }
        return stored.toString().compareTo(value.toString());
    }

    private static BigDecimal number(Object v) {
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        return null;
    }
}
