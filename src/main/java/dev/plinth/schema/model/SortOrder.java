package dev.plinth.schema.model;

/** The order of a column inside an index, from {@code @@index([a(sort: Desc)])}. */
public enum SortOrder {
    ASC,
    DESC
}
