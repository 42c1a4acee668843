package dev.plinth.schema.prisma;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PrismaSchemaCopy#writeText}: a schema in the data-model spec's spellings is copied in today's spelling
 * (docs/schema.md, "The data-model spec's spellings"), which Prisma accepts ({@code PrismaSchemaCopyAgainstPrismaTest}).
 */
class SeedSpellingsCopyTest {

    static final Path SEED_SPELLINGS = Path.of("src/test/resources/prisma-schema/seed-spellings.prisma");

    private static String copy(String text) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(result.errors()).as("the original is valid").isEmpty();
        return PrismaSchemaCopy.writeText("schema.prisma", text, result.schema(), false).text();
    }

    @Test
    void everySpellingIsWrittenAsTodaysPrismaWritesIt() throws IOException {
        assertThat(copy(Files.readString(SEED_SPELLINGS))).isEqualTo("""
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                enum Color {
                  Red @map("RED")
                  Green @map("GREEN")
                  Blue
                }

                model User {
                  id        Int      @id @default(autoincrement())
                  name      String    @map("display_name") @db.VarChar(40)
                  joined    DateTime @default(now())
                  luck      Int
                  posts     Post[]
                }

                model Post {
                  id       Int      @id @default(autoincrement())
                  title    String @db.VarChar(40)
                  price    Decimal? @db.Decimal(10, 2)
                  color    Color    @default(Red)
                  score    Float
                  author   User @relation(fields: [authorId], references: [id])
                  authorId Int
                  reviewer Reviewer? @relation("Review", fields: [reviewerId], references: [id])
                  reviewerId String? @db.Uuid
                }

                model Reviewer {
                  id    String @id @default(uuid()) @db.Uuid
                  name  String
                  Post Post[] @relation("Review")
                }
                """);
    }

    @Test
    void theKeyGetsItsPhysicalNameUnderSnakeCaseNaming() {
        String copy = copy("""
                datasource db {
                  provider = "sqlite"
                  url      = "file:dev.db"
                }

                generator plinth {
                  provider = "plinth"
                  naming   = "snake_case"
                }

                model User {
                  id Int @id
                }

                model Post {
                  id     Int   @id
                  author User? // who wrote it
                }
                """);
        assertThat(copy).contains("  author User? @relation(fields: [authorId], references: [id]) // who wrote it\n"
                        + "  authorId Int? @map(\"author_id\")\n")
                .contains("  id Int @id\n  Post Post[]\n\n  @@map(\"user\")\n");
    }

    @Test
    void aRelationAttributeWithArgumentsGetsTheKeyArguments() {
        String copy = copy("""
                model User {
                  id    Int    @id
                  posts Post[] @relation("Authored")
                }

                model Post {
                  id     Int  @id
                  author User @relation("Authored", onDelete: Cascade)
                }
                """);
        assertThat(copy).contains("  author User @relation(\"Authored\", onDelete: Cascade, fields: [authorId], references: [id])\n"
                + "  authorId Int\n");
    }

    @Test
    void aSchemaWithoutTheSpellingsIsCopiedAsBefore() throws IOException {
        String text = Files.readString(Path.of("examples/crm/schema.prisma"));
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(PrismaSchemaCopy.writeText("schema.prisma", text, result.schema(), false)).isEqualTo(
                PrismaSchemaCopy.write(dev.plinth.schema.syntax.Parser.parse("schema.prisma", text, new java.util.ArrayList<>()),
                        text, result.schema(), false));
        assertThat(PrismaSchemaCopy.writeText("schema.prisma", text, Optional.empty(), false).text()).doesNotContain("@@allow");
    }
}
