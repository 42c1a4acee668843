package dev.plinth.schema.resolve;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SharedMaterial;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.JoinTable;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The constraint and index names Plinth derives (with Prisma's truncation rules) and the foreign
 * keys' referential actions are exactly those in the DDL Prisma's schema engine generates for the
 * real schemas ({@code *.postgresql.sql}, {@code *.sqlite.sql}).
 */
class ConstraintNamesAgainstPrismaDdlTest {

    private static final Pattern NAMED = Pattern.compile(
            "CONSTRAINT \"([^\"]+)\" (PRIMARY KEY|FOREIGN KEY)|CREATE (?:UNIQUE )?INDEX \"([^\"]+)\"");
    private static final Pattern FOREIGN_KEY = Pattern.compile(
            "CONSTRAINT \"([^\"]+)\" FOREIGN KEY .*? ON DELETE (SET NULL|SET DEFAULT|NO ACTION|CASCADE|RESTRICT) "
                    + "ON UPDATE (SET NULL|SET DEFAULT|NO ACTION|CASCADE|RESTRICT)");

    static Stream<Path> ddlFiles() throws IOException {
        try (Stream<Path> files = Files.list(SharedMaterial.root().resolve("schemas/real"))) {
            return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ddlFiles")
    void namesAndActionsMatchPrismasDdl(Path ddl) throws IOException {
        String fileName = ddl.getFileName().toString();
        Path schemaFile = ddl.resolveSibling(fileName.substring(0, fileName.indexOf('.')) + ".prisma");
        Schema schema = SchemaLoader.load(schemaFile).schema().orElseThrow();
        boolean sqlite = fileName.endsWith(".sqlite.sql");
        String sql = Files.readString(ddl);

        Map<String, String> expected = new TreeMap<>();
        Matcher m = NAMED.matcher(sql);
        while (m.find()) {
            expected.put(m.group(1) != null ? m.group(1) : m.group(3), "");
        }
        Map<String, String> actions = new HashMap<>();
        Matcher fk = FOREIGN_KEY.matcher(sql);
        while (fk.find()) {
            actions.put(fk.group(1), fk.group(2) + "/" + fk.group(3));
        }

        Map<String, String> ours = new TreeMap<>();
        Map<String, String> ourActions = new HashMap<>();
        boolean emulatedRelations = schema.datasource()
                .flatMap(d -> java.util.Optional.ofNullable(d.properties().get("relationMode")))
                .flatMap(v -> v.resolve(Map.of())).map("prisma"::equals).orElse(false);
        for (Model model : schema.models()) {
            if (model.view()) {
                continue;
            }
            // SQLite's CREATE TABLE names no primary key constraint, except Prisma's compound ones.
            model.primaryKey().filter(pk -> !sqlite).ifPresent(pk -> ours.put(pk.constraintName(), ""));
            for (Index index : model.indexes()) {
                ours.put(index.constraintName(), "");
            }
            for (Field field : model.relationFields()) {
                field.relation().filter(r -> r.holdsForeignKey() && !emulatedRelations).ifPresent(r -> {
                    ours.put(r.foreignKeyName().orElseThrow(), "");
                    ourActions.put(r.foreignKeyName().orElseThrow(), r.onDelete().sql() + "/" + r.onUpdate().sql());
                });
            }
        }
        for (JoinTable join : schema.joinTables()) {
            String t = join.tableName();
            ours.put(t + (sqlite ? "_AB_unique" : "_AB_pkey"), "");
            ours.put(t + "_B_index", "");
            if (!emulatedRelations) {
                ours.put(t + "_A_fkey", "");
                ours.put(t + "_B_fkey", "");
                ourActions.put(t + "_A_fkey", "CASCADE/CASCADE");
                ourActions.put(t + "_B_fkey", "CASCADE/CASCADE");
            }
        }
        assertThat(ours.keySet()).as("constraint and index names").isEqualTo(expected.keySet());
        assertThat(ourActions).as("foreign key actions").isEqualTo(actions);
    }

    @Test
    void truncatesLongNamesAsPrismaDoesOnPostgres() {
        ConstraintNames postgres = ConstraintNames.forProvider("postgresql");
        String table = "a".repeat(70);
        assertThat(postgres.primaryKey(table)).hasSize(63).endsWith("_pkey");
        assertThat(postgres.index("t", java.util.List.of("x".repeat(60)))).hasSize(63).endsWith("_idx");
        assertThat(postgres.unique("t", java.util.List.of("b"))).isEqualTo("t_b_key");
        assertThat(ConstraintNames.forProvider("sqlite").index(table, java.util.List.of("c"))).hasSize(76);
        assertThat(postgres.unique("t", java.util.List.of("x".repeat(57)))).hasSize(63);
        assertThat(postgres.index("é".repeat(40), java.util.List.of("c"))).endsWith("_idx")
                .satisfies(n -> assertThat(n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63));
    }
}
