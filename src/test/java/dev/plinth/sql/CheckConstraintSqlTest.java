package dev.plinth.sql;

import dev.plinth.migrate.SchemaProjection;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.ddl.CheckSnapshot;
import dev.plinth.sql.ddl.TableSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL of {@code @@check} conditions on each dialect: physical column names, enum values by their database
 * names, {@code IS NULL} for comparisons with null, arithmetic (a zero divisor is NULL), {@code length()} bounds, and
 * the CHECK clauses in the DDL.
 */
class CheckConstraintSqlTest {

    private static final Schema SCHEMA = SchemaLoader.parse("schema.prisma", """
            datasource db {
              provider = "postgresql"
              url      = env("DATABASE_URL")
            }
            enum Stage {
              draft
              live @map("LIVE")
            }
            model Book {
              id       Int     @id
              title    String
              price    Decimal
              stock    Int     @map("in_stock")
              minStock Int     @map("min_stock")
              active   Boolean
              stage    Stage
              note     String?
              @@map("books")
              @@check(price > 0)
              @@check(stock >= minStock && (active || stage == "live"), name: "stock_rule")
              @@check(stage in ["draft", "live"] || !(title != "it's") && note == null)
              @@check(!active || note != null)
              @@check(price >= -2.50)
              @@check(price * 2 - stock / minStock >= -(stock + 1))
              @@check(length(title, 1, 80) && !length(title, 5))
            }
            """).schema().orElseThrow();

    private static List<String> expressions(Dialect dialect) {
        Model book = SCHEMA.model("Book").orElseThrow();
        CheckConstraintSql sql = new CheckConstraintSql(dialect, book, SCHEMA);
        return book.checks().stream().map(sql::expression).toList();
    }

    @Test
    void rendersTheConditionsWithColumnNamesAndEnumValueNames() {
        List<String> expected = List.of(
                "\"price\" > 0",
                "\"in_stock\" >= \"min_stock\" AND (\"active\" OR \"stage\" = 'LIVE')",
                "\"stage\" IN ('draft', 'LIVE') OR (NOT (\"title\" <> 'it''s') AND \"note\" IS NULL)",
                "NOT (\"active\") OR \"note\" IS NOT NULL",
                "\"price\" >= -2.50",
                "((\"price\" * 2) - (\"in_stock\" / NULLIF(\"min_stock\", 0))) >= (0 - (\"in_stock\" + 1))",
                "(length(\"title\") >= 1 AND length(\"title\") <= 80) AND NOT ((length(\"title\") >= 5))");
        assertThat(expressions(new SqliteDialect())).isEqualTo(expected);
        assertThat(expressions(new PostgresDialect())).isEqualTo(expected);
    }

    @Test
    void theProjectionCarriesNamedChecksIntoTheDdl() {
        TableSnapshot sqlite = new SchemaProjection(new SqliteDialect()).project(SCHEMA).table("books").orElseThrow();
        assertThat(sqlite.checks()).extracting(CheckSnapshot::name)
                .containsExactly("books_1_check", "stock_rule", "books_3_check", "books_4_check", "books_5_check", "books_6_check",
                        "books_7_check");
        assertThat(new SqliteDialect().createTable(sqlite))
                .contains("    CONSTRAINT \"books_1_check\" CHECK (\"price\" > 0) " + SqliteDialect.CHECK_MARKER + ",\n")
                .contains("CONSTRAINT \"books_5_check\" CHECK (\"price\" >= -2.50) " + SqliteDialect.CHECK_MARKER + ",\n")
                .endsWith(SqliteDialect.CHECK_MARKER + "\n)");

        PostgresDialect pg = new PostgresDialect();
        TableSnapshot postgres = new SchemaProjection(pg).project(SCHEMA).table("books").orElseThrow();
        assertThat(pg.createTable(postgres)).contains("CONSTRAINT \"books_pkey\" PRIMARY KEY (\"id\"),\n    CONSTRAINT \"books_1_check\" CHECK (\"price\" > 0),");
        assertThat(pg.addCheck("books", postgres.checks().get(0)))
                .isEqualTo("ALTER TABLE \"books\" ADD CONSTRAINT \"books_1_check\" CHECK (\"price\" > 0)");
        assertThat(pg.commentOnCheck("books", postgres.checks().get(1))).isEqualTo("COMMENT ON CONSTRAINT \"stock_rule\" ON \"books\" IS '"
                + PostgresDialect.CHECK_COMMENT_PREFIX + "\"in_stock\" >= \"min_stock\" AND (\"active\" OR \"stage\" = ''LIVE'')'");
    }

    @Test
    void aTableWithoutChecksIsRenderedAsBefore() {
        Schema plain = SchemaLoader.parse("schema.prisma", """
                model Book {
                  id    Int @id
                  price Int
                }
                """).schema().orElseThrow();
        TableSnapshot t = new SchemaProjection(new SqliteDialect()).project(plain).table("Book").orElseThrow();
        assertThat(t.checks()).isEmpty();
        assertThat(new SqliteDialect().createTable(t)).doesNotContain("CHECK");
    }
}
