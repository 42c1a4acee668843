package dev.plinth.schema.prisma;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.JoinTable;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.syntax.Parser;
import dev.plinth.schema.syntax.PlinthExtensions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PrismaSchemaCopy}: what a Prisma-valid copy of a schema keeps, leaves out and adds. */
class PrismaSchemaCopyTest {

    static final Path EVERY_EXTENSION = Path.of("src/test/resources/prisma-schema/every-extension.prisma");

    /** Copies a valid schema, its physical names as resolved (or renamed by {@code names}). */
    private static PrismaSchemaCopy.Result copy(String text, UnaryOperator<Schema> names, boolean keepGenerator) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(result.errors()).as("the original is valid").isEmpty();
        return PrismaSchemaCopy.write(Parser.parse("schema.prisma", text, new ArrayList<>()), text,
                result.schema().map(names), keepGenerator);
    }

    private static String copy(String text) {
        return copy(text, UnaryOperator.identity(), false).text();
    }

    @Test
    void leavesOutPlinthAttributesAndKeepsEverythingElseAsWritten() {
        String original = """
                // The rooms of an organization.
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                /// A room.
                model Room {
                  id              Int     @id @default(autoincrement()) // the key
                  organization_id Int     @default(auth().org_id)
                  name            String  @db.VarChar(80) @allow('update', auth().role == 'owner') /// shown in lists
                  secret          String? @omit
                  email           String  @mask("email", unless: auth().role == 'admin') @unique

                  @@index([name])
                  @@allow('read', organization_id == auth().org_id) // members read their rooms
                  @@deny('delete',
                         auth() == null)
                  @@display("name")
                }
                """;
        assertThat(copy(original)).isEqualTo("""
                // The rooms of an organization.
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                /// A room.
                model Room {
                  id              Int     @id @default(autoincrement()) // the key
                  organization_id Int
                  name            String  @db.VarChar(80) /// shown in lists
                  secret          String?
                  email           String @unique

                  @@index([name])
                  // members read their rooms
                }
                """);
    }

    @Test
    void aModelThatLosesAllItsBlockAttributesLosesTheBlankLineBeforeThem() {
        String copied = copy("""
                datasource db {
                  provider = "sqlite"
                  url      = "file:x.db"
                }

                model Note {
                  id   Int    @id
                  body String

                  @@allow('all', true)
                }
                """);
        assertThat(copied).endsWith("""
                model Note {
                  id   Int    @id
                  body String
                }
                """);
    }

    @Test
    void keepsCarriageReturnLineEnds() {
        String copied = copy("datasource db {\r\n  provider = \"sqlite\"\r\n  url = \"file:x.db\"\r\n}\r\n\r\n"
                + "model Note {\r\n  id Int @id @omit\r\n  body String\r\n\r\n  @@allow('all', true)\r\n}\r\n");
        assertThat(copied).isEqualTo("datasource db {\r\n  provider = \"sqlite\"\r\n  url = \"file:x.db\"\r\n}\r\n\r\n"
                + "model Note {\r\n  id Int @id\r\n  body String\r\n}\r\n");
    }

    @Test
    void fullTextIndexesStayWherePrismaHasThemAndGoElsewhere() {
        String model = """

                model Post {
                  id    Int    @id
                  title String @db.VarChar(200)

                  @@fulltext([title])
                }
                """;
        assertThat(copy("datasource db {\n  provider = \"mysql\"\n  url = \"mysql://x\"\n}\n" + model))
                .contains("@@fulltext([title])");
        assertThat(copy("datasource db {\n  provider = \"postgresql\"\n  url = \"postgresql://x\"\n}\n"
                + model.replace("@db.VarChar(200)", ""))).doesNotContain("@@fulltext");
        assertThat(copy("datasource db {\n  provider = \"sqlite\"\n  url = \"file:x.db\"\n}\n"
                + model.replace("@db.VarChar(200)", ""))).doesNotContain("@@fulltext");
    }

    @Test
    void theGeneratorPlinthBlockGoesUnlessKept() {
        String original = """
                datasource db {
                  provider = "sqlite"
                  url      = "file:x.db"
                }

                generator client {
                  provider = "prisma-client-js"
                }

                generator plinth {
                  provider   = "plinth"
                  clientKeys = ["Tag"]
                }

                model Tag {
                  key String @id @default(cuid())
                }
                """;
        PrismaSchemaCopy.Result copied = copy(original, UnaryOperator.identity(), false);
        assertThat(copied.text()).isEqualTo(original.replace("""
                generator plinth {
                  provider   = "plinth"
                  clientKeys = ["Tag"]
                }

                """, ""));
        assertThat(copied.changes()).extracting(PrismaSchemaCopy.Change::what).containsExactly("left out generator plinth");
        assertThat(copy(original, UnaryOperator.identity(), true).text()).isEqualTo(original);
    }

    @Test
    void plinthDefaultsGoAndPrismaDefaultsStay() {
        String text = everyExtension();
        String copied = PrismaSchemaCopy.write(Parser.parse("every-extension.prisma", text, new ArrayList<>()), text,
                Optional.empty(), false).text();
        assertThat(copied).contains("id        String   @id // Quickback's prefixed ids")
                .contains("organizationId String\n")
                .contains("@default(now())").contains("@default(autoincrement())").contains("@default(member)");
    }

    @Test
    void physicalNamesThatDifferBecomeMapsUnlessTheSchemaMapsThem() {
        String original = """
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                enum RoomKind {
                  meetingRoom
                  phoneBooth
                }

                model RoomBooking {
                  id          Int      @id
                  displayName String   // shown to guests
                  roomKind    RoomKind
                  startsAt    DateTime @map("begins")
                  room        Room     @relation(fields: [roomId], references: [id])
                  roomId      Int
                  @@allow('read', true)
                }

                model Room {
                  id       Int           @id
                  bookings RoomBooking[]

                  @@index([id])
                  @@map("rooms")
                }
                """;
        PrismaSchemaCopy.Result copied = copy(original, SnakeCaseNames::of, false);
        assertThat(copied.text()).isEqualTo("""
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                enum RoomKind {
                  meetingRoom
                  phoneBooth

                  @@map("room_kind")
                }

                model RoomBooking {
                  id          Int      @id
                  displayName String @map("display_name")   // shown to guests
                  roomKind    RoomKind @map("room_kind")
                  startsAt    DateTime @map("begins")
                  room        Room     @relation(fields: [roomId], references: [id])
                  roomId      Int @map("room_id")

                  @@map("room_booking")
                }

                model Room {
                  id       Int           @id
                  bookings RoomBooking[]

                  @@index([id])
                  @@map("rooms")
                }
                """);
        assertThat(copied.changes()).extracting(PrismaSchemaCopy.Change::kind).containsOnly(
                PrismaSchemaCopy.ChangeKind.ADDED, PrismaSchemaCopy.ChangeKind.LEFT_OUT);
        assertThat(copied.changes()).filteredOn(c -> c.kind() == PrismaSchemaCopy.ChangeKind.ADDED)
                .extracting(PrismaSchemaCopy.Change::what).as("in the order of the elements they concern")
                .containsExactly("added @@map(\"room_kind\")", "added @@map(\"room_booking\")",
                        "added @map(\"display_name\")", "added @map(\"room_kind\")", "added @map(\"room_id\")");
        assertThat(copy(original)).as("with the schema's own names nothing is added").doesNotContain("@@map(\"room_booking\")")
                .doesNotContain("display_name");
    }

    @Test
    void aJoinTableNamePrismaCannotExpressIsReportedNotLost() {
        String original = """
                datasource db {
                  provider = "sqlite"
                  url      = "file:x.db"
                }

                model Post {
                  id   Int   @id
                  tags Tag[]
                }

                model Tag {
                  id    Int    @id
                  posts Post[]
                }
                """;
        PrismaSchemaCopy.Result plain = copy(original, UnaryOperator.identity(), false);
        assertThat(plain.changes()).isEmpty();
        assertThat(plain.text()).isEqualTo(original);
        PrismaSchemaCopy.Result renamed = copy(original, s -> new Schema(s.datasource(), s.generators(), s.models(), s.enums(),
                s.joinTables().stream().map(j -> new JoinTable(j.relationName(), "_post_to_tag", j.modelA(), j.fieldA(),
                        j.modelB(), j.fieldB())).toList()), false);
        assertThat(renamed.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(PrismaSchemaCopy.ChangeKind.NOT_EXPRESSIBLE);
            assertThat(c.what()).contains("_post_to_tag").contains("_PostToTag");
            assertThat(c.where().line()).isEqualTo(8);
        });
    }

    @Test
    void theExtensionFixtureUsesEveryExtensionOfTheTable() {
        String text = everyExtension();
        for (PlinthExtensions.Extension extension : PlinthExtensions.ALL) {
            String written = extension.kind() == PlinthExtensions.Kind.DEFAULT_FUNCTION
                    ? java.util.regex.Pattern.quote("@default(" + extension.name() + "(")
                    : java.util.regex.Pattern.quote(extension.display()) + "\\b(?!\\.)";
            assertThat(text).as("every-extension.prisma uses " + extension.display()).containsPattern(written);
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        Parser.parse("every-extension.prisma", text, diagnostics);
        assertThat(diagnostics).as("the fixture parses").isEmpty();
        String copied = PrismaSchemaCopy.write(Parser.parse("every-extension.prisma", text, new ArrayList<>()), text,
                Optional.empty(), false).text();
        for (PlinthExtensions.Extension extension : PlinthExtensions.ALL) {
            if (extension.kind() != PlinthExtensions.Kind.DEFAULT_FUNCTION) {
                assertThat(copied).as(extension.display()).doesNotContainPattern(
                        java.util.regex.Pattern.quote(extension.display()) + "\\b(?!\\.)");
            } else {
                assertThat(copied).doesNotContain(extension.name() + "(");
            }
        }
        assertThat(copied).contains("@db.VarChar(12)").contains("@@map(\"members\")").contains("@map(\"MEMBER\")")
                .contains("@@index([organizationId])").contains("// the member is the owner of their row")
                .doesNotContain("generator plinth");
    }

    static String everyExtension() {
        try {
            return Files.readString(EVERY_EXTENSION);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
