package dev.plinth.api.record;

import java.sql.ResultSet;
import java.sql.SQLException;

/** How a row writer shows a masked column to a caller ({@code @mask}, docs/access-rules.md). */
@FunctionalInterface
public interface ColumnMask {

    /**
     * Returns the text to show.
     *
     * @param rs    the result set on the row (for conditions on the row's other columns)
     * @param value the stored text, never null
     * @return the masked (or, when the mask's condition holds for this row, the stored) text
     * @throws SQLException when reading the row fails
     */
    String apply(ResultSet rs, String value) throws SQLException;
}
