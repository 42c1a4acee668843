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

    @Test
    void commentMarksInsideQuotedNamesDoNotHideATriggersEnd() {
        // A trigger of a table named "a -- b": the "--" is part of a name, not a comment, so the END after it
        // ends the trigger. Read as a comment, the next statements were joined to the trigger, and sqlite-jdbc,
        // which runs only the first statement of a string, silently skipped them.
        String first = "CREATE TRIGGER \"a -- b_ai\" AFTER INSERT ON \"a -- b\" BEGIN INSERT INTO \"a -- b_fts\"(rowid) VALUES (new.rowid); END";
        String second = "CREATE TRIGGER \"c /* d_ad\" AFTER DELETE ON \"c /* d\" BEGIN DELETE FROM \"x\"; END";
        assertThat(MigrationScript.statements(first + ";\n" + second + ";\nDROP TABLE \"q -- r\";\n-- only a comment;\n"))
                .containsExactly(first, second, "DROP TABLE \"q -- r\"");
    }
}
