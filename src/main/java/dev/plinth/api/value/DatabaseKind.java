package dev.plinth.api.value;

/** The database engines Plinth serves; value encodings differ between them. */
public enum DatabaseKind {
    SQLITE,
    POSTGRESQL
}
