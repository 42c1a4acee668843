package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.syntax.Parser;
import dev.plinth.schema.syntax.SchemaAst;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator alone: a parsed tree in, Prisma's findings out, several per run. */
class ValidatorTest {

    private static List<Diagnostic> validate(String text) {
        List<Diagnostic> syntax = new ArrayList<>();
        SchemaAst ast = Parser.parse("schema.prisma", text, syntax);
        assertThat(syntax).as("syntax errors").isEmpty();
        return Validator.validate(ast, text).stream().filter(Diagnostic::isError).toList();
    }

    private static List<String> messages(String text) {
        return validate(text).stream().map(d -> d.span().line() + ": " + d.message()).toList();
    }

    @Test
    void acceptsAValidSchema() {
        assertThat(validate("""
                datasource db {
                  provider = "sqlite"
                  url      = "file:dev.db"
                }
                model User {
                  id    Int    @id @default(autoincrement())
                  email String @unique
                  posts Post[]
                }
                model Post {
                  id       Int  @id
                  authorId Int
                  author   User @relation(fields: [authorId], references: [id])
                }
                """)).isEmpty();
    }

    @Test
    void checksTheModelsOfClientKeys() {
        String generator = "generator plinth {\n  provider   = \"plinth\"\n  clientKeys = [\"Tag\", \"Tga\", 3]\n}\n";
        assertThat(messages(generator + "model Tag {\n  id Int @id @default(autoincrement())\n}")).containsExactly(
                "3: clientKeys names \"Tga\", which is not a model of the schema.",
                "3: Expected a string value, but received numeric value `3`.");
        assertThat(messages(generator.replace(", \"Tga\", 3", "") + "model Tag {\n  id Int @id @default(autoincrement())\n}")).isEmpty();
    }

    @Test
    void reportsUnknownTypesInPrismasWords() {
        assertThat(messages("model A {\n  id Int @id\n  name Strng\n}")).containsExactly(
                "3: Type \"Strng\" is neither a built-in type, nor refers to another model, composite type, or enum.");
    }

    @Test
    void reportsDuplicatesOfEveryKind() {
        assertThat(messages("""
                model A {
                  id Int @id
                  id String
                }
                model A {
                  id Int @id
                }
                enum E {
                  X
                  X
                }
                """)).containsExactlyInAnyOrder(
                "3: Field \"id\" is already defined on model \"A\".",
                "5: The model \"A\" cannot be defined because a model with that name already exists.",
                "10: Value \"X\" is already defined on enum \"E\".");
    }

    @Test
    void requiresAUniqueCriterionUnlessIgnored() {
        assertThat(messages("model A {\n  name String\n}\nmodel B {\n  name String\n  @@ignore\n}\nmodel C {\n  n String?  @unique\n}"))
                .hasSize(2).allSatisfy(m -> assertThat(m).contains("Each model must have at least one unique criteria"));
    }

    @Test
    void checksRelationArgumentsAndSides() {
        List<String> found = messages("""
                model User {
                  id     Int    @id
                  posts  Post[] @relation("author")
                  edited Post[] @relation("editor")
                  liked  Post[]
                  saved  Post[]
                }
                model Post {
                  id       Int    @id
                  authorId String
                  author   User   @relation("author", fields: [authorId], references: [id])
                  editor   User   @relation("editor", fields: [nope], references: [id])
                }
                """);
        assertThat(found).anySatisfy(m -> assertThat(m).startsWith("11: ").contains("is not matching the type"));
        assertThat(found).anySatisfy(m -> assertThat(m).startsWith("12: ").contains("do not exist in this model: nope"));
        assertThat(found).anySatisfy(m -> assertThat(m).contains("Ambiguous relation detected"));
    }

    @Test
    void requiresTheOppositeRelationField() {
        assertThat(messages("model User {\n  id Int @id\n}\nmodel Post {\n  id Int @id\n  uid Int\n"
                + "  user User @relation(fields: [uid], references: [id])\n}"))
                .singleElement().asString().startsWith("7: ").contains("missing an opposite relation field");
    }

    @Test
    void checksDefaultsAgainstFieldTypes() {
        List<String> found = messages("""
                enum Role {
                  USER
                }
                model A {
                  id    String   @id @default(autoincrement())
                  n     Int      @default("x")
                  role  Role     @default(ADMIN)
                  at    Int      @default(now())
                  ok    DateTime @default(now())
                }
                """);
        assertThat(found).containsExactly(
                "5: Error parsing attribute \"@default\": The function `autoincrement()` cannot be used on fields of type `String`.",
                "6: Error parsing attribute \"@default\": Expected an Int value, but received string value `\"x\"`.",
                "7: Error parsing attribute \"@default\": The defined default value `ADMIN` is not a valid value of the enum specified for the field.",
                "8: Error parsing attribute \"@default\": The function `now()` cannot be used on fields of type `Int`.");
    }

    @Test
    void rejectsReservedNames() {
        assertThat(messages("model PrismaClient {\n  id Int @id\n}\nenum public {\n  A\n}\nmodel Fine {\n  class Int @id\n}"))
                .containsExactly(
                        "1: Error validating model \"PrismaClient\": The model name `PrismaClient` is invalid. It is a reserved name."
                                + " Please change it. Read more at https://pris.ly/d/naming-models",
                        "4: Error validating enum `public`: The enum name `public` is invalid. It is a reserved name. Please change it."
                                + " Read more at https://www.prisma.io/docs/reference/tools-and-interfaces/prisma-schema/data-model#naming-enums");
    }

    @Test
    void requiresIgnoreOnRelationsToIgnoredModels() {
        assertThat(messages("""
                model Legacy {
                  id    Int    @id
                  users User[]
                  @@ignore
                }
                model User {
                  id       Int     @id
                  legacyId Int
                  legacy   Legacy  @relation(fields: [legacyId], references: [id])
                  other    Legacy2 @relation(fields: [legacyId], references: [id], map: "other") @ignore
                }
                model Legacy2 {
                  id    Int    @id
                  users User[]
                  @@ignore
                }
                """)).singleElement().asString().startsWith("9: Error parsing attribute \"@ignore\": The relation field `legacy`");
    }

    @Test
    void limitsAutoincrementToWhatTheDatabaseCanDo() {
        String model = "model A {\n  id Int @id @default(autoincrement())\n  seq Int @default(autoincrement())\n}";
        assertThat(messages("datasource db {\n  provider = \"sqlite\"\n}\n" + model))
                .anySatisfy(m -> assertThat(m).startsWith("4: ").contains("used multiple times on this model"))
                .anySatisfy(m -> assertThat(m).startsWith("6: ").contains("used on a non-id field"));
        assertThat(messages("datasource db {\n  provider = \"mysql\"\n}\n" + model))
                .anySatisfy(m -> assertThat(m).startsWith("6: ").contains("used on a non-indexed field"));
        assertThat(messages("datasource db {\n  provider = \"postgresql\"\n}\n" + model)).isEmpty();
    }

    @Test
    void checksPrimaryKeyNamesAndCompoundIds() {
        assertThat(messages("datasource db {\n  provider = \"sqlite\"\n}\nmodel A {\n  id Int @id(map: \"pk\")\n}"))
                .singleElement().asString().contains("You defined a database name for the primary key");
        assertThat(messages("model A {\n  a Int\n  b Int\n  a_b Int\n  @@id([a, b])\n}"))
                .singleElement().asString().startsWith("5: ").contains("The field `a_b` clashes with the `@@id` attribute's name");
        assertThat(messages("model A {\n  a Int\n  @@id([])\n}")).singleElement().asString().contains("cannot be empty");
    }

    @Test
    void checksNativeTypes() {
        String ds = "datasource db {\n  provider = \"postgresql\"\n}\n";
        assertThat(messages(ds + "model A {\n  id Int @id @db.VarChar(10)\n  b String @pg.Text\n  c String @db.Blob\n}"))
                .containsExactlyInAnyOrder(
                        "5: Native type VarChar is not compatible with declared field type Int, expected field type String.",
                        "6: The prefix pg is invalid. It must be equal to the name of an existing datasource e.g. db. Did you mean to use db.Text ?",
                        "7: Native type Blob is not supported for postgresql connector.");
    }

    @Test
    void allowsUpdatedAtOnlyOnDateTime() {
        assertThat(messages("model A {\n  id Int @id\n  at String @updatedAt\n}")).singleElement().asString()
                .contains("must be of type DateTime");
    }

    @Test
    void checksIndexFieldsExist() {
        assertThat(messages("model A {\n  id Int @id\n  @@index([nope])\n  @@unique([id, gone])\n}"))
                .containsExactly("3: Error validating model \"A\": The index definition refers to the unknown fields: nope.",
                        "4: Error validating model \"A\": The unique index definition refers to the unknown fields: gone.");
    }

    @Test
    void rejectsClashingDatabaseNames() {
        assertThat(messages("""
                model A {
                  id Int @id
                  x  Int @map("y")
                  y  Int
                  @@map("t")
                }
                model B {
                  id Int @id
                  @@map("t")
                }
                """)).hasSize(2)
                .anySatisfy(m -> assertThat(m).startsWith("4: ").contains("database name `y`"))
                .anySatisfy(m -> assertThat(m).startsWith("9: ").contains("database name \"t\""));
    }

    @Test
    void acceptsAViewWithAnIdWithAWarning() {
        String text = "view V {\n  id Int @id\n}";
        List<Diagnostic> all = Validator.validate(Parser.parse("schema.prisma", text, new ArrayList<>()), text);
        assertThat(all).noneMatch(Diagnostic::isError);
        assertThat(all).anySatisfy(d -> assertThat(d.message()).contains("Views cannot have primary keys"));
    }

    @Test
    void acceptsDatasourcesWithAndWithoutUrl() {
        assertThat(validate("datasource db {\n  provider = \"postgresql\"\n}")).isEmpty();
        assertThat(validate("datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}")).isEmpty();
        assertThat(messages("datasource db {\n  provider = \"oracle\"\n}")).singleElement().asString()
                .contains("Datasource provider not known");
    }

    /** prisma-engines, psl-core validations/relations.rs `msg_prisma`: Postgres and SQLite emulate Cascade, Restrict, SetNull. */
    @Test
    void rejectsNoActionUnderRelationModePrismaOnPostgresAndSqlite() {
        String models = """
                model A {
                  id Int @id
                  bs B[]
                }
                model B {
                  id  Int @id
                  aId Int
                  a   A   @relation(fields: [aId], references: [id], onDelete: NoAction)
                  @@index([aId])
                }
                """;
        assertThat(messages("datasource db {\n  provider = \"postgresql\"\n  relationMode = \"prisma\"\n}\n" + models))
                .containsExactly("12: Error validating: Invalid referential action: `NoAction`. Allowed values: (`Cascade`,"
                        + " `Restrict`, `SetNull`). `NoAction` is not implemented for Postgres when using `relationMode = \"prisma\"`,"
                        + " you could try using `Restrict` instead. Learn more at https://pris.ly/d/relation-mode");
        assertThat(messages("datasource db {\n  provider = \"sqlite\"\n  relationMode = \"prisma\"\n}\n" + models))
                .singleElement().asString().contains("`NoAction` is not implemented for sqlite");
        assertThat(messages("datasource db {\n  provider = \"postgresql\"\n}\n" + models)).isEmpty();
        assertThat(messages("datasource db {\n  provider = \"mysql\"\n  relationMode = \"prisma\"\n}\n" + models)).isEmpty();
    }

    /** prisma-engines, psl/parser-database `model_index`: `name` is an alias of `map` on @@index, never both. */
    @Test
    void rejectsBothNameAndMapOnAnIndex() {
        assertThat(messages("model A {\n  id Int @id\n  a Int\n  @@index([a], name: \"x\", map: \"y\")\n}"))
                .containsExactly("4: Error parsing attribute \"@@index\": The `@@index` attribute accepts the `name` argument as an"
                        + " alias for the `map` argument for legacy reasons. It does not accept both though. Please use the `map`"
                        + " argument to specify the database name of the index.");
    }

    /** Index field references take unknown arguments (ignored, as by Prisma); Decimal defaults may be decimal strings. */
    @Test
    void acceptsWhatPrismaAcceptsInIndexFieldsAndDecimalDefaults() {
        assertThat(messages("model A {\n  id Int @id\n  w Int\n  @@index([w, id(order: Desc)])\n  @@unique([w(foo: 1)])\n}"))
                .isEmpty();
        assertThat(messages("datasource db {\n  provider = \"postgresql\"\n}\nmodel A {\n  id Int @id\n"
                + "  d Decimal @default(\"2.00\") @db.Decimal(4, 2)\n  e Decimal @default(\"-0.5\")\n}")).isEmpty();
        assertThat(messages("model A {\n  id Int @id\n  d Decimal @default(\"two\")\n}")).singleElement().asString()
                .startsWith("3: ").contains("Expected a Decimal value");
    }

    /** Names Plinth uses itself (its history table, query aliases, full-text objects) are schema errors at their place. */
    @Test
    void rejectsNamesPlinthUsesItself() {
        List<Diagnostic> found = validate("""
                model Log {
                  id   Int    @id
                  rank Int    @map("plinth_rn")
                  @@map("_plinth_migrations")
                }
                model Post {
                  id    Int    @id
                  title String
                  @@fulltext([title])
                  @@index([id], map: "Post_fts_idx")
                }
                model Shadow {
                  id Int @id
                  @@map("post_fts_data")
                }
                model _plinth_state {
                  id Int @id
                }
                """);
        assertThat(found).extracting(d -> d.span().line() + ":" + d.span().column()).containsExactlyInAnyOrder(
                "4:3", "3:15", "10:3", "14:3", "16:7");
        assertThat(found.get(0).message()).startsWith("Error validating model \"Log\": The database name `_plinth_migrations`"
                + " is reserved").endsWith("Please choose another name with `@@map`.");
        assertThat(found).anySatisfy(d -> assertThat(d.message()).contains("`post_fts_data`", "table `Post`"));
        assertThat(messages("model Fine {\n  id Int @id\n  plinthy Int\n  @@map(\"plinth\")\n}")).isEmpty();
    }

    /** The reserved names are the ones the migrator and the full-text index really use. */
    @Test
    void reservedNamesCoverWhatPlinthCreates() {
        assertThat(dev.plinth.migrate.MigrationHistory.TABLE).startsWith(ReservedNameRules.TABLE_PREFIX);
        var index = new dev.plinth.sql.FullTextIndex("T", List.of("a"));
        List<String> created = new ArrayList<>(index.sqliteTriggers());
        created.add(index.sqliteTable());
        created.add(index.postgresIndex(dev.plinth.sql.DatabaseKind.POSTGRESQL.dialect()));
        assertThat(ReservedNameRules.FULL_TEXT_SUFFIXES.stream().map(s -> "T" + s).toList()).containsAll(created);
    }
}
