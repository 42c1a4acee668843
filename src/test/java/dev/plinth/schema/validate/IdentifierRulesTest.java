package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.KeyNormalization;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plinth's identifier extensions in the validator and resolver: {@code @default(prefixed("rm"))},
 * {@code id_strategy} in {@code generator plinth} and {@code @@normalizeKey}, and the fix the validator names
 * for a foreign key whose type differs from the key it references.
 */
class IdentifierRulesTest {

    private static final String DATASOURCE = """
            datasource db {
              provider = "sqlite"
              url      = "file:./dev.db"
            }
            """;

    static SchemaResult load(String text) {
        return SchemaLoader.parse("schema.prisma", DATASOURCE + text);
    }

    static SchemaResult withStrategy(String strategy, String models) {
        return load("generator plinth {\n  provider = \"plinth\"\n  id_strategy = " + strategy + "\n}\n" + models);
    }

    static Field field(Schema schema, String model, String field) {
        return schema.model(model).orElseThrow().field(field).orElseThrow();
    }

    static Diagnostic onlyError(SchemaResult result) {
        assertThat(result.errors()).as(result.errors().toString()).hasSize(1);
        return result.errors().getFirst();
    }

    @Test
    void prefixedResolvesOnAStringKey() {
        SchemaResult ok = load("model Room {\n  id String @id @default(prefixed(\"rm\"))\n}\n");
        assertThat(ok.errors()).isEmpty();
        assertThat(field(ok.schema().orElseThrow(), "Room", "id").defaultValue()).contains(new DefaultValue.Prefixed("rm"));
        assertThat(new DefaultValue.Prefixed("rm").generatedByServer()).isTrue();
        assertThat(load("model Room {\n  id Int @id\n  code String @unique @default(prefixed(\"Rm2024\"))\n}\n").errors()).isEmpty();
    }

    @Test
    void aBadPrefixIsAnErrorAtTheArgument() {
        Diagnostic d = onlyError(load("model Room {\n  id String @id @default(prefixed(\"r-m\"))\n}\n"));
        assertThat(d.message()).contains("\"r-m\"").contains("1 to 16 letters or digits");
        assertThat(d.span().line()).isEqualTo(6);
        assertThat(d.span().column()).isEqualTo(35);
        assertThat(onlyError(load("model Room {\n  id String @id @default(prefixed(\"abcdefghijklmnopq\"))\n}\n")).message())
                .contains("1 to 16");
        assertThat(onlyError(load("model Room {\n  id String @id @default(prefixed(\"\"))\n}\n")).message()).contains("1 to 16");
        assertThat(onlyError(load("model Room {\n  id String @id @default(prefixed())\n}\n")).message()).contains("takes one argument");
        assertThat(onlyError(load("model Room {\n  id String @id @default(prefixed(rm))\n}\n")).message()).contains("takes one argument");
    }

    @Test
    void prefixedIsForStringKeysOnly() {
        assertThat(onlyError(load("model Room {\n  id Int @id @default(prefixed(\"rm\"))\n}\n")).message())
                .contains("`prefixed()` cannot be used on fields of type `Int`");
        assertThat(onlyError(load("model Room {\n  id String @id\n  note String @default(prefixed(\"rm\"))\n}\n")).message())
                .contains("makes keys").contains("`note`");
    }

    @Test
    void idStrategyGivesKeysWithoutDefaultTheirDefault() {
        String models = """
                model Room {
                  id       String    @id
                  code     String
                  bookings Booking[]
                  profile  Profile?
                }
                model Counter {
                  id    Int    @id @default(autoincrement())
                }
                model Tag {
                  id    String @id @default(cuid())
                }
                model Booking {
                  roomId String
                  day    Int
                  room   Room @relation(fields: [roomId], references: [id])
                  @@id([roomId, day])
                }
                model Profile {
                  roomId String @id
                  room   Room   @relation(fields: [roomId], references: [id])
                }
                model RoomBookingSummaryOfTheYear {
                  id String @id
                }
                """;
        Schema uuid7 = withStrategy("\"uuid7\"", models).schema().orElseThrow();
        assertThat(field(uuid7, "Room", "id").defaultValue()).contains(new DefaultValue.Uuid(7));
        assertThat(field(uuid7, "Room", "code").defaultValue()).isEmpty();
        assertThat(field(uuid7, "Counter", "id").defaultValue()).contains(new DefaultValue.Autoincrement());
        assertThat(field(uuid7, "Tag", "id").defaultValue()).contains(new DefaultValue.Cuid(1));
        assertThat(field(uuid7, "Booking", "roomId").defaultValue()).as("compound keys are left alone").isEmpty();
        assertThat(field(uuid7, "Profile", "roomId").defaultValue()).as("a key that is a foreign key is left alone").isEmpty();

        record Case(String setting, DefaultValue expected) {
        }
        for (Case c : List.of(new Case("\"cuid2\"", new DefaultValue.Cuid(2)), new Case("\"ulid\"", new DefaultValue.Ulid()),
                new Case("\"nanoid\"", new DefaultValue.Nanoid(Optional.empty())), new Case("\"uuid\"", new DefaultValue.Uuid(4)),
                new Case("\"prefixed\"", new DefaultValue.Prefixed("room")))) {
            SchemaResult r = withStrategy(c.setting(), models);
            assertThat(r.errors()).as(c.setting()).isEmpty();
            assertThat(field(r.schema().orElseThrow(), "Room", "id").defaultValue()).as(c.setting()).contains(c.expected());
        }
        Schema prefixed = withStrategy("\"prefixed\"", models).schema().orElseThrow();
        assertThat(field(prefixed, "RoomBookingSummaryOfTheYear", "id").defaultValue())
                .as("the model's name in lower case, cut to 16").contains(new DefaultValue.Prefixed("roombookingsumma"));

        Schema none = withStrategy("\"false\"", models).schema().orElseThrow();
        assertThat(field(none, "Room", "id").defaultValue()).isEmpty();
        assertThat(field(none, "Room", "id").requiredOnInsert()).isTrue();
        Schema bare = load(models).schema().orElseThrow();
        assertThat(bare).as("no generator plinth: the schema as written").isEqualTo(load(models).schema().orElseThrow());
        assertThat(field(bare, "Room", "id").defaultValue()).isEmpty();
    }

    @Test
    void serialMakesIntKeysAutoincrement() {
        SchemaResult r = withStrategy("\"serial\"", "model Counter {\n  id Int @id\n}\nmodel Big {\n  id BigInt @id\n}\n");
        assertThat(r.errors()).isEmpty();
        assertThat(field(r.schema().orElseThrow(), "Counter", "id").defaultValue()).contains(new DefaultValue.Autoincrement());
        assertThat(field(r.schema().orElseThrow(), "Big", "id").defaultValue()).contains(new DefaultValue.Autoincrement());
    }

    @Test
    void anUnknownStrategyNamesTheValidValues() {
        Diagnostic d = onlyError(withStrategy("\"uuid8\"", "model Room {\n  id String @id\n}\n"));
        assertThat(d.message()).isEqualTo("id_strategy \"uuid8\" is not known; valid values: \"uuid7\", \"cuid2\", \"ulid\","
                + " \"nanoid\", \"prefixed\", \"uuid\", \"serial\", \"false\".");
        assertThat(d.span().line()).isEqualTo(7);
        assertThat(d.span().column()).isEqualTo(17);
        assertThat(onlyError(withStrategy("[\"uuid7\"]", "model Room {\n  id String @id\n}\n")).message()).contains("is not known");
    }

    @Test
    void aStrategyNotFittingTheKeyIsAnErrorAtTheKey() {
        Diagnostic d = onlyError(withStrategy("\"uuid7\"", "model Room {\n  id String @id\n}\nmodel Counter {\n  id Int @id\n}\n"));
        assertThat(d.message()).isEqualTo("id_strategy = \"uuid7\" makes String keys, but `Counter.id` is Int: change its type"
                + " to String, or give it its own default (e.g. @default(autoincrement())).");
        assertThat(d.span().line()).isEqualTo(13);
        Diagnostic serial = onlyError(withStrategy("\"serial\"", "model Room {\n  id String @id\n}\n"));
        assertThat(serial.message()).contains("makes Int or BigInt keys, but `Room.id` is String").contains("@default(uuid(7))");
        assertThat(withStrategy("\"serial\"", "model Room {\n  id String @id @default(uuid())\n}\n").errors())
                .as("a key with its own default is not the strategy's").isEmpty();
        assertThat(withStrategy("\"false\"", "model Room {\n  id DateTime @id\n}\n").errors()).isEmpty();
        assertThat(withStrategy("false", "enum Kind {\n  A\n  B\n}\nmodel Room {\n  id Kind @id\n}\n").errors()).isEmpty();
        assertThat(onlyError(withStrategy("\"ulid\"", "enum Kind {\n  A\n}\nmodel Room {\n  id Kind @id\n}\n")).message())
                .contains("`Room.id` is Kind");
    }

    @Test
    void normalizeKeyResolvesOntoTheKeyAndItsForeignKeys() {
        SchemaResult r = load("""
                model Room {
                  id       String    @id
                  name     String
                  bookings Booking[]
                  @@normalizeKey([trim, lower])
                }
                model Booking {
                  id     Int    @id
                  roomId String
                  room   Room   @relation(fields: [roomId], references: [id])
                }
                """);
        assertThat(r.errors()).isEmpty();
        Schema s = r.schema().orElseThrow();
        KeyNormalization n = field(s, "Room", "id").normalization();
        assertThat(n.steps()).containsExactly(KeyNormalization.Step.TRIM, KeyNormalization.Step.LOWER);
        assertThat(n.apply("  A-12\t")).isEqualTo("a-12");
        assertThat(field(s, "Room", "name").normalization().isNone()).isTrue();
        assertThat(field(s, "Booking", "roomId").normalization()).isEqualTo(n);
        assertThat(field(s, "Booking", "id").normalization().isNone()).isTrue();
        Model upper = load("model Code {\n  id String @id\n  @@normalizeKey(upper)\n}\n").schema().orElseThrow().model("Code").orElseThrow();
        assertThat(upper.field("id").orElseThrow().normalization().apply("ab")).isEqualTo("AB");
    }

    @Test
    void normalizeKeyIsCheckedAtItsPlace() {
        assertThat(onlyError(load("model Room {\n  id String @id\n  @@normalizeKey(squash)\n}\n")).message())
                .contains("takes trim, lower or upper").contains("`squash`");
        assertThat(onlyError(load("model Room {\n  id String @id\n  @@normalizeKey([lower, upper])\n}\n")).message())
                .contains("keep one of lower, upper");
        Diagnostic d = onlyError(load("model Room {\n  id Int @id\n  @@normalizeKey(trim)\n}\n"));
        assertThat(d.message()).isEqualTo("@@normalizeKey applies to String keys, and `Room` has no String key field (`id` is Int).");
        assertThat(d.span().line()).isEqualTo(7);
        assertThat(d.span().column()).isEqualTo(3);
        assertThat(load("model Room {\n  id String @id\n  @@normalizeKey\n}\n").errors()).isNotEmpty();
    }

    @Test
    void aForeignKeyOfTheWrongTypeSaysWhatToWrite() {
        Diagnostic d = onlyError(load("""
                model Room {
                  id       String    @id @default(prefixed("rm"))
                  bookings Booking[]
                }
                model Booking {
                  id     Int   @id
                  roomId Int?
                  room   Room? @relation(fields: [roomId], references: [id])
                }
                """));
        assertThat(d.message()).contains("is not matching the type of the referenced field")
                .endsWith("`roomId` must be String to reference `Room.id`: write `roomId String?`.");
        assertThat(d.span().line()).isEqualTo(12);
    }
}
