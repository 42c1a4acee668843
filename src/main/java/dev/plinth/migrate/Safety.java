package dev.plinth.migrate;

/** Whether a migration step can lose data. */
public enum Safety {
    /** Keeps every row and value: create table, add a nullable column or one with a default, add an index or a foreign key, drop an index. */
    ADDITIVE,
    /** Can lose or rewrite data, or fails on the data present: drop a table or column, change a type, make a column with NULLs required, add a unique index over duplicates. Applied only when forced. */
    DESTRUCTIVE
}
