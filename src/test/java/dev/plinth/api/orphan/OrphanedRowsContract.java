package dev.plinth.api.orphan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.plinth.api.ProblemException;
import dev.plinth.migrate.Introspector;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.TableSnapshot;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading an orphaned table as the database holds it ({@link OrphanedRows}, {@link StoredValueWriter}): values by
 * their stored type, pages in key order (storage order without a key), rows by a single or composite key, and keys
 * the column cannot hold refused as {@code invalid_key}. Tables are made with SQL, as another tool or an older
 * schema would have left them. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class OrphanedRowsContract {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A connection to a fresh, empty database. */
    abstract Connection connect() throws Exception;

    abstract DatabaseKind kind();

    /** The DDL and rows of a table holding the database's own types; its key column is {@code id}. */
    abstract String[] typedTable();

    /** The row of {@link #typedTable()} whose id is 1, as JSON. */
    abstract String typedRow();

    private void sql(Connection c, String... statements) throws Exception {
        try (Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private OrphanedRows rows(Connection c, String table) throws Exception {
        TableSnapshot snapshot = Introspector.of(kind()).introspect(c).table(table).orElseThrow();
        return new OrphanedRows(snapshot, kind(), JSON.getFactory(), new StoredValueWriter(JSON, kind() == DatabaseKind.SQLITE));
    }

    private static JsonNode json(byte[] bytes) throws Exception {
        return JSON.readTree(bytes);
    }

    @Test
    void valuesAreServedByTheirStoredType() throws Exception {
        try (Connection c = connect()) {
            sql(c, typedTable());
            OrphanedRows rows = rows(c, "typed");
            assertThat(json(rows.row(c, "1").orElseThrow())).isEqualTo(JSON.readTree(typedRow()));
            JsonNode page = json(rows.page(c, 1, 50, true));
            assertThat(page.get("data")).hasSize(2);
            assertThat(page.get("total").asInt()).isEqualTo(2);
            assertThat(page.get("data").get(1).get("id").asInt()).isEqualTo(2);
            assertThat(rows.row(c, "3")).isEmpty();
            assertThatThrownBy(() -> rows.row(c, "01")).isInstanceOf(ProblemException.class).hasMessageContaining("integer");
            assertThatThrownBy(() -> rows.row(c, "99999999999999999999")).isInstanceOf(ProblemException.class);
        }
    }

    @Test
    void compositeKeysAndTablesWithoutAKey() throws Exception {
        try (Connection c = connect()) {
            sql(c, "CREATE TABLE \"member\" (\"team\" TEXT NOT NULL, \"seat\" INTEGER NOT NULL, \"name\" TEXT, PRIMARY KEY (\"team\", \"seat\"))",
                    "INSERT INTO \"member\" VALUES ('b', 1, 'Bea'), ('a', 2, 'Al2'), ('a', 1, 'Al1'), ('a b', 1, 'Space')",
                    "CREATE TABLE \"log\" (\"line\" TEXT)",
                    "INSERT INTO \"log\" VALUES ('first'), ('second'), ('third')");
            OrphanedRows members = rows(c, "member");
            assertThat(members.addressable()).isTrue();
            assertThat(json(members.page(c, 1, 2, false)).toString())
                    .isEqualTo("{\"data\":[{\"team\":\"a\",\"seat\":1,\"name\":\"Al1\"},{\"team\":\"a\",\"seat\":2,\"name\":\"Al2\"}],\"page\":1,\"per_page\":2}");
            assertThat(json(members.page(c, 2, 2, false)).get("data").get(0).get("name").asText()).isEqualTo("Space");
            assertThat(json(members.row(c, "a%20b,1").orElseThrow()).get("name").asText()).isEqualTo("Space");
            assertThat(json(members.row(c, "b,1").orElseThrow()).get("name").asText()).isEqualTo("Bea");
            assertThat(members.row(c, "b,2")).isEmpty();
            assertThatThrownBy(() -> members.row(c, "b")).isInstanceOf(ProblemException.class).hasMessageContaining("2 parts (team,seat)");
            assertThatThrownBy(() -> members.row(c, "b,x")).isInstanceOf(ProblemException.class);

            OrphanedRows log = rows(c, "log");
            assertThat(log.addressable()).isFalse();
            assertThat(json(log.page(c, 1, 50, false)).get("data").toString())
                    .isEqualTo("[{\"line\":\"first\"},{\"line\":\"second\"},{\"line\":\"third\"}]");
            assertThat(json(log.page(c, 2, 2, true)).toString()).isEqualTo("{\"data\":[{\"line\":\"third\"}],\"page\":2,\"per_page\":2,\"total\":3}");
        }
    }
}
