package dev.plinth.api.record;

import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Model;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CHECK violation as each database reports it becomes a 422 naming the constraint (and, for a {@code @@check}, its
 * condition and first field), whether the name is Plinth's, cut to PostgreSQL's 63 bytes, or a constraint made by hand.
 */
class CheckFailuresTest {

    private static final String LONG = "a_rather_long_constraint_name_that_goes_beyond_what_postgresql_keeps_in_its_catalog";

    private static final Model MODEL = SchemaLoader.parse("schema.prisma", """
            model Product {
              id    Int @id
              price Int
              stock Int @map("in_stock")
              @@check(price > 0, name: "price_positive")
              @@check(stock >= 0, name: "%s")
            }
            """.formatted(LONG)).schema().orElseThrow().model("Product").orElseThrow();

    private static SQLException sqlite(String name) {
        return new SQLiteException("[SQLITE_CONSTRAINT_CHECK] A CHECK constraint failed (CHECK constraint failed: " + name + ")",
                SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK);
    }

    private static SQLException postgres(String name) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C23514\0Mnew row for relation \"Product\" violates check constraint \""
                + name + "\"\0tProduct\0n" + name + "\0"));
    }

    private static FieldError only(ProblemException p) {
        assertThat(p.problem()).isEqualTo(ApiProblem.VALIDATION_FAILED);
        assertThat(p.errors()).hasSize(1);
        return p.errors().get(0);
    }

    @Test
    void aNamedCheckIsNamedWithItsConditionAndFirstField() {
        for (SQLException e : new SQLException[]{sqlite("price_positive"), postgres("price_positive")}) {
            ProblemException p = CheckFailures.explain(e, MODEL);
            assertThat(p.detail()).isEqualTo("the row breaks the CHECK constraint \"price_positive\": price > 0; nothing was changed");
            assertThat(only(p)).isEqualTo(new FieldError("price", "check_failed", "breaks the CHECK constraint \"price_positive\": price > 0"));
            assertThat(p.databaseError()).containsSame(e);
        }
    }

    @Test
    void aNameCutByPostgresqlIsStillFound() {
        String kept = LONG.substring(0, 63);
        FieldError e = only(CheckFailures.explain(postgres(kept), MODEL));
        assertThat(e.field()).isEqualTo("in_stock");
        assertThat(e.message()).contains(LONG).contains("stock >= 0");
    }

    @Test
    void aConstraintMadeByHandIsNamedWithoutACondition() {
        for (SQLException e : new SQLException[]{sqlite("owner_rule"), postgres("owner_rule")}) {
            assertThat(only(CheckFailures.explain(e, MODEL)))
                    .isEqualTo(new FieldError("body", "check_failed", "breaks the CHECK constraint \"owner_rule\""));
        }
    }
}
