package dev.plinth.query;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SqlRenderer#condition}: a filter alone, for statements that AND it in (access rules). */
class ConditionRenderingTest {

    private static final Schema SCHEMA = SchemaLoader.parse("s.prisma", """
            model Room {
              id              Int    @id
              organization_id Int
              name            String
            }
            """).schema().orElseThrow();

    private static final Model ROOM = SCHEMA.models().getFirst();

    private static Filter.Comparison cmp(String field, Operator op, Object... values) {
        Field f = ROOM.field(field).orElseThrow();
        return new Filter.Comparison("rule", f, ColumnKind.of(f).orElseThrow(), op, List.of(values));
    }

    @Test
    void rendersTheConditionWithBindsInTextOrder() {
        Filter f = new Filter.Any(List.of(cmp("organization_id", Operator.EQ, 7),
                new Filter.All(List.of(cmp("name", Operator.IN, "a", "b", "c"), new Filter.Not(cmp("id", Operator.GT, 3))))));
        for (SQLDialect d : List.of(SQLDialect.SQLITE, SQLDialect.POSTGRES)) {
            SqlRenderer r = new SqlRenderer(d, SCHEMA);
            RenderedSql sql = r.condition(ROOM, f);
            // jOOQ quotes with backticks on SQLite, which SQLite accepts (https://www.sqlite.org/lang_keywords.html)
            assertThat(sql.sql()).doesNotContain("WHERE").containsPattern("[`\"]organization_id[`\"] = \\?")
                    .containsPattern("[`\"]name[`\"] IN \\(");
            assertThat(sql.sql().chars().filter(c -> c == '?').count()).isEqualTo(sql.binds().size());
            assertThat(sql.binds().getFirst()).isEqualTo(7);
            assertThat(sql.binds().getLast()).isEqualTo(3);
            int shapes = r.cachedShapes();
            RenderedSql again = r.condition(ROOM, new Filter.Any(List.of(cmp("organization_id", Operator.EQ, 8),
                    new Filter.All(List.of(cmp("name", Operator.IN, "x", "y", "z"), new Filter.Not(cmp("id", Operator.GT, 4)))))));
            assertThat(again.sql()).as("same shape, same text").isEqualTo(sql.sql());
            assertThat(again.binds().getFirst()).isEqualTo(8);
            assertThat(r.cachedShapes()).isEqualTo(shapes);
        }
    }
}
