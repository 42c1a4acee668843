package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code migrations} folder of a schema, in Prisma Migrate's layout
 * (https://www.prisma.io/docs/orm/prisma-migrate/understanding-prisma-migrate/migration-histories):
 * one folder per migration named {@code <yyyyMMddHHmmss>_<name>} holding {@code migration.sql} (and, written by
 * Plinth, {@code down.sql}), applied in name order, and {@code migration_lock.toml} naming the provider the
 * files were written for.
 *
 * <p>The folder is {@code migrations} beside the schema file; when that does not exist but
 * {@code prisma/migrations} beside it does (a project whose schema sits at its root), that one.
 *
 * @param path the folder (it may not exist yet)
 */
public record MigrationDirectory(Path path) {

    /** The lock file's name. */
    public static final String LOCK_FILE = "migration_lock.toml";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern PROVIDER = Pattern.compile("(?m)^\\s*provider\\s*=\\s*\"([^\"]*)\"");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /**
     * Returns the migrations folder of a schema file.
     *
     * @param schemaFile the {@code schema.prisma} file
     * @return {@code migrations} beside it, or {@code prisma/migrations} beside it when only that exists
     */
    public static MigrationDirectory of(Path schemaFile) {
        Path dir = schemaFile.toAbsolutePath().getParent();
        Path beside = dir.resolve("migrations");
        Path prisma = dir.resolve("prisma").resolve("migrations");
        return new MigrationDirectory(!Files.isDirectory(beside) && Files.isDirectory(prisma) ? prisma : beside);
    }

    /**
     * Reads every migration folder, in name order (the order they are applied).
     *
     * @return the folders; empty when the directory does not exist
     * @throws IllegalArgumentException when a folder lacks its {@code migration.sql} (named), as Prisma refuses
     * @throws UncheckedIOException     when a file cannot be read
     */
    public List<MigrationFolder> folders() {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + " is a file, not the folder of migrations; move it away");
        }
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        List<MigrationFolder> folders = new ArrayList<>();
        try (Stream<Path> children = Files.list(path)) {
            for (Path dir : children.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                Path sql = dir.resolve("migration.sql");
                if (!Files.isRegularFile(sql)) {
                    throw new IllegalArgumentException("the migration folder " + dir + " has no migration.sql; add it or remove the folder");
                }
                Path down = dir.resolve("down.sql");
                folders.add(new MigrationFolder(dir.getFileName().toString(), dir, Files.readString(sql, StandardCharsets.UTF_8),
                        Files.isRegularFile(down) ? Optional.of(Files.readString(down, StandardCharsets.UTF_8)) : Optional.empty()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migrations in " + path + ": " + e.getMessage(), e);
        }
        return folders;
    }

    /**
     * Returns the provider {@code migration_lock.toml} names.
     *
     * @return e.g. {@code sqlite} or {@code postgresql}; empty when there is no lock file
     * @throws IllegalArgumentException when the lock file names no provider (Prisma's always does)
     */
    public Optional<String> lockedProvider() {
        Path lock = path.resolve(LOCK_FILE);
        if (!Files.isRegularFile(lock)) {
            return Optional.empty();
        }
        try {
            Matcher m = PROVIDER.matcher(Files.readString(lock, StandardCharsets.UTF_8));
            if (!m.find()) {
                throw new IllegalArgumentException(lock + " names no provider (a line provider = \"sqlite\" or \"postgresql\");"
                        + " restore it from version control");
            }
            return Optional.of(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + lock + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses files written for the other database: their SQL would not run here.
     *
     * @param kind the database the files are to be used with
     * @throws IllegalArgumentException when the lock file names another provider
     */
    public void requireProvider(DatabaseKind kind) {
        Optional<String> locked = lockedProvider();
        if (locked.isPresent() && !locked.get().equals(provider(kind))) {
            throw new IllegalArgumentException("the migrations in " + path + " were written for " + locked.get() + " ("
                    + LOCK_FILE + "), and this database is " + provider(kind) + "; use a " + locked.get()
                    + " database, or start a separate migrations folder for " + provider(kind));
        }
    }

    /** Returns the provider name Prisma writes in the lock file for a database. */
    static String provider(DatabaseKind kind) {
        return kind == DatabaseKind.SQLITE ? "sqlite" : "postgresql";
    }

    /**
     * Tells whether a migration name can be used in a folder name.
     *
     * @param name the name given with {@code --name}
     * @return true for letters, digits, {@code _} and {@code -}
     */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Writes a new migration folder and the lock file.
     *
     * @param name  the migration's name ({@link #validName})
     * @param up    the text of {@code migration.sql}
     * @param down  the text of {@code down.sql}
     * @param kind  the database the files are written for (the lock file's provider)
     * @param clock the clock giving the folder's UTC timestamp; a later stamp is used when the last folder's is not older
     * @return the new folder
     * @throws UncheckedIOException when the files cannot be written
     */
    public MigrationFolder write(String name, String up, String down, DatabaseKind kind, Clock clock) {
        requireProvider(kind);
        java.time.Instant at = clock.instant();
        List<MigrationFolder> existing = folders();
        String stamp = STAMP.format(at);
        // Folder names order the migrations: never sort a new one before an existing one.
        while (!existing.isEmpty() && existing.get(existing.size() - 1).name().compareTo(stamp) >= 0) {
            at = at.plusSeconds(1);
            stamp = STAMP.format(at);
        }
        Path dir = path.resolve(stamp + "_" + name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("migration.sql"), up, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("down.sql"), down, StandardCharsets.UTF_8);
            Path lock = path.resolve(LOCK_FILE);
            if (!Files.exists(lock)) {
                Files.writeString(lock, "# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\n"
                        + "provider = \"" + provider(kind) + "\"\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the migration " + dir + ": " + e.getMessage(), e);
        }
        return new MigrationFolder(dir.getFileName().toString(), dir, up, Optional.of(down));
    }
}
