package dev.plinth.query;

import dev.plinth.schema.model.Field;
import java.util.List;

/**
 * The SELECT of a list page, with what the caller needs to read its rows.
 *
 * <p>The SELECT list is {@link ListQuery#selection()} followed, for a keyset page, by the order
 * columns the selection lacks (so the cursor can be made even with {@code select=}); only the first
 * {@link #shownColumns()} columns are shown to the client. A keyset page fetches
 * {@code limit + 1} rows: an extra row only says that a next page exists, and then
 * {@link CursorCodec#encode} of the {@code limit}-th row's {@link #cursorColumns()} values is
 * {@code next_cursor}.
 *
 * @param statement     the SQL and its binds
 * @param columns       the SELECT list, in order
 * @param shownColumns  how many leading columns of {@link #columns()} the client asked for
 * @param cursorColumns the 1-based JDBC column index of each {@link ListQuery#order()} term
 * @param fetchLimit    the LIMIT the SQL applies: the page size, plus one for a keyset page
 */
public record SelectSql(RenderedSql statement, List<Field> columns, int shownColumns, List<Integer> cursorColumns,
        int fetchLimit) {

    public SelectSql {
        columns = List.copyOf(columns);
        cursorColumns = List.copyOf(cursorColumns);
    }
}
