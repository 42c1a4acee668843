package dev.plinth.migrate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Splitting migration files into statements: semicolons inside strings, names, comments, dollar quotes and trigger bodies do not split. */
class MigrationScriptTest {

    @Test
    void splitsAtSemicolonsAndDropsCommentOnlyParts() {
        assertThat(MigrationScript.statements("-- additive: create table\nCREATE TABLE \"a\" (x INT);\n\n-- only a comment\n"))
                .containsExactly("-- additive: create table\nCREATE TABLE \"a\" (x INT)");
        assertThat(MigrationScript.statements("SELECT 1; SELECT 2;SELECT 3")).containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
        assertThat(MigrationScript.statements("  \n-- nothing\n/* at all; */\n")).isEmpty();
    }

    @Test
    void semicolonsInStringsNamesAndCommentsStay() {
        assertThat(MigrationScript.statements("INSERT INTO \"a;b\" VALUES ('x;''y'); -- c;d\nSELECT /* e;f */ 2;"))
                .containsExactly("INSERT INTO \"a;b\" VALUES ('x;''y')", "-- c;d\nSELECT /* e;f */ 2");
    }

    @Test
    void dollarQuotedBodiesAndTriggersAreOneStatement() {
        assertThat(MigrationScript.statements("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; SELECT $$a;b$$;"))
                .containsExactly("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql", "SELECT $$a;b$$");
        String trigger = "CREATE TRIGGER \"t_ai\" AFTER INSERT ON \"t\" BEGIN\n  INSERT INTO \"t_fts\"(rowid, a) VALUES (new.rowid, new.a);\n"
                + "  DELETE FROM x WHERE y = 'END;';\nEND";
        assertThat(MigrationScript.statements(trigger + ";\nDROP TABLE \"q\";")).containsExactly(trigger, "DROP TABLE \"q\"");
    }
}
