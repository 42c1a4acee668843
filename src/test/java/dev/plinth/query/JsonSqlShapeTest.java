package dev.plinth.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

/**
 * The SQL of Json lookups is cached per shape (SqlRenderer): a shape key must change whenever the text
 * does. Booleans and containment documents are written into the SQL, so they are part of the key;
 * keys and scalars are binds, so they are not.
 */
class JsonSqlShapeTest {

    static final Schema SCHEMA = SchemaLoader.parse("schema.prisma", """
            model Account {
              id   Int   @id @default(autoincrement())
              meta Json?
            }
            """).schema().orElseThrow();
    static final Model ACCOUNT = SCHEMA.model("Account").orElseThrow();
    final QueryParser parser = new QueryParser(new CursorCodec("a test secret of enough length".getBytes(StandardCharsets.UTF_8)));

    String sql(SqlRenderer r, String query) {
        return r.select(parser.parse(ACCOUNT, SCHEMA, QueryParams.of(query)), List.of()).statement().sql();
    }

    @Test
    void textDiffersOnlyWithTheShape() {
        for (SQLDialect dialect : List.of(SQLDialect.SQLITE, SQLDialect.POSTGRES)) {
            SqlRenderer r = new SqlRenderer(dialect, SCHEMA);
            if (dialect == SQLDialect.SQLITE) {
                // SQLite writes the boolean into the json_each test; PostgreSQL binds ["true"] or ["false"]
                assertThat(sql(r, "meta__has=true")).isNotEqualTo(sql(r, "meta__has=false"));
            }
            assertThat(sql(r, "meta.a.b=x")).isNotEqualTo(sql(r, "meta.a.c=x"));
            assertThat(sql(r, "meta.a=x")).isNotEqualTo(sql(r, "meta.a=5"));
            assertThat(sql(r, "meta.a=x")).isEqualTo(sql(r, "meta.a=y"));
            assertThat(sql(r, "meta__contains=" + enc("{\"a\":[1,true]}"))).isEqualTo(sql(r, "meta__contains=" + enc("{\"b\":[2,true]}")));
            if (dialect == SQLDialect.SQLITE) {
                // SQLite writes booleans into the compiled containment; PostgreSQL binds the whole document
                assertThat(sql(r, "meta__contains=" + enc("{\"a\":[1,true]}")))
                        .isNotEqualTo(sql(r, "meta__contains=" + enc("{\"a\":[1,false]}")));
            }
            assertThat(sql(r, "orderBy=meta.score")).isNotEqualTo(sql(r, "orderBy=meta.rank"));
        }
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
