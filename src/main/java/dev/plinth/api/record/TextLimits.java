package dev.plinth.api.record;

import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.ColumnCodec;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.Model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The longest text each column of a resource takes, the same on SQLite and PostgreSQL: the limit of
 * text a B-tree index holds ({@code @id}, {@code @@id}, {@code @unique}, {@code @@unique},
 * {@code @@index}) (docs/api.md, "Keys, references and what a body may hold").
 *
 * <p>Why a limit, and why {@value #INDEX_CHARACTERS}: PostgreSQL refuses an index entry larger than a
 * third of a page, 2,704 bytes with the default 8 KB pages ("index row size … exceeds btree version 4
 * maximum 2704"; https://www.postgresql.org/docs/current/btree.html, and {@code BTMaxItemSize} in
 * PostgreSQL's {@code nbtree.h}), while SQLite stores any length. A character takes at most 4 bytes in
 * UTF-8 (RFC 3629), so {@value #INDEX_CHARACTERS} characters take at most 2,400 bytes, which leaves
 * room for the entry's header, the other key columns and the heap pointer of a pivot entry. An index
 * over several text columns shares the budget: each of its {@code n} text columns takes
 * {@value #INDEX_CHARACTERS}{@code / n} characters, so any combination of values fits. Characters are
 * Unicode code points. Indexes of another method ({@code type: Hash}, {@code Gin}, {@code Gist},
 * {@code SpGist}, {@code Brin}) have no such limit; {@code @@fulltext} is not a B-tree either.
 *
 * <p>A {@code @db.VarChar(n)} or {@code @db.Char(n)} column's own length is its native limit
 * ({@link dev.plinth.api.value.NativeLimit.Characters}).
 */
final class TextLimits {

    /** Characters of text one B-tree index entry takes, shared by its text columns. */
    static final int INDEX_CHARACTERS = 600;

    private static final Set<String> NOT_BTREE = Set.of("hash", "gin", "gist", "spgist", "brin");

    private TextLimits() {
    }

    /**
     * Computes the limits of a resource's columns.
     *
     * @param resource the resource
     * @return by column position: the most characters, or 0 when the column has no limit
     */
    static int[] of(Resource resource) {
        int[] limits = new int[resource.columns().size()];
        Model model = resource.model();
        List<List<String>> indexed = new ArrayList<>();
        model.primaryKey().ifPresent(pk -> indexed.add(pk.fieldNames()));
        for (Index index : model.indexes()) {
            boolean btree = index.kind() != Index.Kind.FULLTEXT
                    && index.algorithm().map(a -> !NOT_BTREE.contains(a.toLowerCase(Locale.ROOT))).orElse(true);
            if (btree) {
                indexed.add(index.fieldNames());
            }
        }
        for (List<String> fields : indexed) {
            List<Column> text = new ArrayList<>();
            for (String f : fields) {
                column(resource, f).filter(c -> c.codec() instanceof ColumnCodec.Text t && !t.uuid()).ifPresent(text::add);
            }
            for (Column c : text) {
                int share = INDEX_CHARACTERS / text.size();
                int current = limits[c.position()];
                limits[c.position()] = current == 0 ? share : Math.min(current, share);
            }
        }
        return limits;
    }

    private static Optional<Column> column(Resource resource, String fieldName) {
        for (Column c : resource.columns()) {
            if (c.field().name().equals(fieldName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
