package dev.plinth.schema.spelling;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.NativeType;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.syntax.Parser;
import dev.plinth.schema.syntax.SchemaAst;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data-model spec's spellings read as today's (docs/schema.md, "The data-model spec's spellings"): each
 * accepted with a note at its line and column, the resolved schema as if written in today's spelling, and the
 * cases that cannot be read reported as errors.
 */
class SpecSpellingsTest {

    private static final String POSTGRES = "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n";
    private static final String SQLITE = "datasource db {\n  provider = \"sqlite\"\n  url      = \"file:dev.db\"\n}\n";

    private static SchemaResult load(String text) {
        return SchemaLoader.parse("schema.prisma", text);
    }

    private static Schema valid(String text) {
        SchemaResult result = load(text);
        assertThat(result.errors()).as("errors").isEmpty();
        return result.schema().orElseThrow();
    }

    /** The notes as {@code line:column: message}. */
    private static List<String> notes(String text) {
        return load(text).notes().stream().map(SpecSpellingsTest::located).toList();
    }

    private static List<String> errors(String text) {
        return load(text).errors().stream().map(SpecSpellingsTest::located).toList();
    }

    private static String located(Diagnostic d) {
        return d.span().line() + ":" + d.span().column() + ": " + d.message();
    }

    private static Field field(Schema schema, String model, String field) {
        return schema.model(model).flatMap(m -> m.field(field)).orElseThrow(() -> new AssertionError(model + "." + field));
    }

    @Test
    void aSchemaWithoutTheSpellingsComesBackAsItWas() throws Exception {
        String text = Files.readString(Path.of("examples/crm/schema.prisma"));
        List<Diagnostic> syntax = new ArrayList<>();
        SchemaAst parsed = Parser.parse("schema.prisma", text, syntax);
        SpecSpellings.Lowered lowered = SpecSpellings.lower(parsed, text);
        assertThat(lowered.ast()).isEqualTo(parsed);
        assertThat(lowered.diagnostics()).isEmpty();
        assertThat(lowered.todaysText()).isSameAs(text);
    }

    @Test
    void betweenOnIntAndFloatIsAServerDefaultWithANote() {
        String text = SQLITE + """
                model Dice {
                  id    Int   @id @default(autoincrement())
                  roll  Int   @default(between([1, 6]))
                  spin  Float @default(between(0.5, 2))
                }
                """;
        Schema schema = valid(text);
        assertThat(field(schema, "Dice", "roll").defaultValue()).contains(new DefaultValue.Between(BigDecimal.ONE, BigDecimal.valueOf(6)));
        assertThat(field(schema, "Dice", "spin").defaultValue()).contains(new DefaultValue.Between(new BigDecimal("0.5"), BigDecimal.valueOf(2)));
        assertThat(field(schema, "Dice", "roll").defaultValue().orElseThrow().generatedByServer()).isTrue();
        assertThat(notes(text)).containsExactly(
                "7:24: `between([1, 6])` is a default of the data-model spec that today's Prisma does not have: Plinth gives each"
                        + " new row a random whole number from 1 to 6 (both included) when the request has none;"
                        + " `plinth prisma-schema` leaves it out.",
                "8:24: `between(0.5, 2)` is a default of the data-model spec that today's Prisma does not have: Plinth gives each"
                        + " new row a random number from 0.5 to 2 (both included) when the request has none;"
                        + " `plinth prisma-schema` leaves it out.");
    }

    @Test
    void betweenArgumentsAreChecked() {
        assertThat(errors(POSTGRES + """
                model Dice {
                  id    Int    @id @default(autoincrement())
                  a     Int    @default(between([6, 1]))
                  b     Int    @default(between(["1", 2]))
                  c     Int    @default(between(1.5, 2))
                  d     Float  @default(between([1]))
                  e     String @default(between(1, 2))
                  f     Int[]  @default(between(1, 2))
                }
                """)).containsExactly(
                "7:25: Error parsing attribute \"@default\": `between()` takes the lower bound first: 6 is above 1.",
                "8:34: Error parsing attribute \"@default\": The bounds of `between()` must be numbers, but received `\"1\"`.",
                "9:33: Error parsing attribute \"@default\": The bounds of `between()` on an Int field must be whole numbers from"
                        + " -2147483648 to 2147483647, but received `1.5`.",
                "10:25: Error parsing attribute \"@default\": `between()` takes the range's two bounds, `between([1, 5])` or"
                        + " `between(1, 5)`.",
                "11:25: Error parsing attribute \"@default\": The function `between()` cannot be used on fields of type `String`.",
                "12:25: Error parsing attribute \"@default\": `between()` gives one number; it cannot be the default of a list field.");
    }

    @Test
    void aTypeAliasExpandsToItsBaseTypeAndAttributes() {
        String text = POSTGRES + """
                type Money = Float @pg.numeric(precision: 10, scale: 2)
                type Name = String @db.VarChar(40) @default("anonymous")

                model Item {
                  id     Int    @id @default(autoincrement())
                  price  Money?
                  prices Money[]
                  label  Name   @default("x")
                  code   Name   @db.Char(3)
                }
                """;
        Schema schema = valid(text);
        Field price = field(schema, "Item", "price");
        assertThat(price.type()).isEqualTo(new FieldType.Scalar(ScalarType.DECIMAL));
        assertThat(price.optional()).isTrue();
        assertThat(price.nativeType()).contains(new NativeType("Decimal", List.of("10", "2")));
        assertThat(field(schema, "Item", "prices").list()).isTrue();
        assertThat(field(schema, "Item", "label").defaultValue()).as("the field's own attribute wins")
                .contains(new DefaultValue.StringLiteral("x"));
        assertThat(field(schema, "Item", "label").nativeType()).contains(new NativeType("VarChar", List.of("40")));
        assertThat(field(schema, "Item", "code").nativeType()).as("the field's own native type wins")
                .contains(new NativeType("Char", List.of("3")));
        assertThat(field(schema, "Item", "code").defaultValue()).contains(new DefaultValue.StringLiteral("anonymous"));
        assertThat(notes(text)).containsExactly(
                "5:1: `type Money = Float @pg.numeric(precision: 10, scale: 2)` is a type alias of the data-model spec, which"
                        + " today's Prisma does not have: Plinth gives each field of type `Money` the type"
                        + " `Decimal @db.Decimal(10, 2)` (a Float with a numeric native type is today's Decimal).",
                "5:20: `@pg.numeric(precision: 10, scale: 2)` is the data-model spec's spelling; today's Prisma writes"
                        + " `@db.Decimal(10, 2)`.",
                "6:1: `type Name = String @db.VarChar(40) @default(\"anonymous\")` is a type alias of the data-model spec, which"
                        + " today's Prisma does not have: Plinth gives each field of type `Name` the type"
                        + " `String @db.VarChar(40) @default(\"anonymous\")`.");
    }

    @Test
    void theIssuesNumericAliasIsADecimalField() {
        String text = POSTGRES + """
                type Numeric = Float @db.Decimal(10, 2)

                model Product {
                  id    Int     @id @default(autoincrement())
                  price Numeric
                }
                """;
        Field price = field(valid(text), "Product", "price");
        assertThat(price.type()).isEqualTo(new FieldType.Scalar(ScalarType.DECIMAL));
        assertThat(price.nativeType()).contains(new NativeType("Decimal", List.of("10", "2")));
        assertThat(notes(text)).containsExactly("5:1: `type Numeric = Float @db.Decimal(10, 2)` is a type alias of the data-model"
                + " spec, which today's Prisma does not have: Plinth gives each field of type `Numeric` the type"
                + " `Decimal @db.Decimal(10, 2)` (a Float with a numeric native type is today's Decimal).");
    }

    @Test
    void postgresTypesOfTheSpecAreLeftOutOnOtherDatabases() {
        String text = SQLITE + """
                type Money = Float @pg.numeric(10, 2)

                model Item {
                  id    Int    @id @default(autoincrement())
                  price Money
                  name  String @pg.text
                }
                """;
        Schema schema = valid(text);
        assertThat(field(schema, "Item", "price").type()).as("the spec's numeric Float is Decimal on every database")
                .isEqualTo(new FieldType.Scalar(ScalarType.DECIMAL));
        assertThat(field(schema, "Item", "price").nativeType()).isEmpty();
        assertThat(field(schema, "Item", "name").nativeType()).isEmpty();
        assertThat(notes(text)).contains(
                "5:20: `@pg.numeric(10, 2)` is the data-model spec's PostgreSQL type, which applies on PostgreSQL only; on sqlite"
                        + " Plinth leaves it out.",
                "10:16: `@pg.text` is the data-model spec's PostgreSQL type, which applies on PostgreSQL only; on sqlite Plinth"
                        + " leaves it out.");
    }

    @Test
    void typeAliasesThatCannotBeReadAreErrors() {
        assertThat(errors(POSTGRES + """
                type User = String
                type Ref = User
                type Maybe = String?
                type Id = Int @pg.serialnumber

                model User {
                  id Int @id
                }
                """)).containsExactly(
                "5:6: The type alias `User` has the name of a model, enum, type or alias declared elsewhere; give it a name of its own.",
                "6:12: The type alias `Ref` stands for `User`, which is neither a scalar type nor an enum; an alias names one of"
                        + " those (models, composite types and other aliases are not allowed).",
                "7:14: A type alias stands for a single value: write `?` or `[]` on the field (`price Maybe?`), not in the alias.",
                "8:15: `@pg.serialnumber` is not a PostgreSQL type that Prisma has a native type for; see"
                        + " https://www.prisma.io/docs/orm/reference/prisma-schema-reference#postgresql.");
    }

    @Test
    void aCompositeTypeBlockIsNotAnAlias() {
        SchemaAst ast = Parser.parse("schema.prisma", "type Address {\n  street String\n}\ntype Zip = String\n", new ArrayList<>());
        assertThat(ast.blocks()).hasSize(2);
        assertThat(ast.blocks().get(0)).isInstanceOf(dev.plinth.schema.syntax.ModelBlock.class);
        assertThat(ast.blocks().get(1)).isInstanceOfSatisfying(dev.plinth.schema.syntax.TypeAliasBlock.class,
                alias -> assertThat(alias.base().name().text()).isEqualTo("String"));
    }

    @Test
    void fieldCreatedAtAndMappedEnumValuesReadAsTodaysSpelling() {
        String text = SQLITE + """
                enum Color {
                  Red = "RED"
                  Blue
                }

                model Paint {
                  id      Int      @id @default(autoincrement())
                  name    String   @field("paint_name")
                  color   Color    @default(Red)
                  made    DateTime @createdAt
                }
                """;
        Schema schema = valid(text);
        assertThat(field(schema, "Paint", "name").columnName()).isEqualTo("paint_name");
        assertThat(field(schema, "Paint", "made").defaultValue()).contains(new DefaultValue.Now());
        assertThat(schema.enumType("Color").orElseThrow().values()).extracting(v -> v.name() + "=" + v.databaseName())
                .containsExactly("Red=RED", "Blue=Blue");
        assertThat(notes(text)).containsExactly(
                "6:7: `Red = \"RED\"` is the data-model spec's spelling; today's Prisma writes `Red @map(\"RED\")`.",
                "12:20: `@field(\"paint_name\")` is the data-model spec's spelling; today's Prisma writes `@map(\"paint_name\")`,"
                        + " which Plinth reads it as.",
                "14:20: `@createdAt` is the data-model spec's spelling; today's Prisma writes `@default(now())`: Plinth sets the"
                        + " time when the row is inserted, and clients cannot set it.");
    }

    @Test
    void spellingsThatClashWithTodaysAreErrors() {
        assertThat(errors(SQLITE + """
                enum Color {
                  Red = "RED" @map("R")
                }

                model Paint {
                  id    Int      @id @default(autoincrement())
                  name  String   @field("a") @map("b")
                  made  DateTime @createdAt @default(now())
                  count Int      @createdAt
                }
                """)).containsExactly(
                "6:7: `= \"RED\"` and `@map` both name the value in the database; `Red = \"…\"` is the data-model spec's"
                        + " spelling of `@map(\"…\")`: keep one.",
                "11:18: `@field` and `@map` both name the column; `@field(\"…\")` is the data-model spec's spelling of"
                        + " `@map(\"…\")`: keep one.",
                "12:18: `@createdAt` is the data-model spec's spelling of `@default(now())`; the field already has a"
                        + " `@default`: keep one.",
                "13:18: `@createdAt` keeps the time a row was created, so it needs a DateTime field, not Int.");
    }

    @Test
    void aToOneRelationWithoutFieldsGetsAForeignKey() {
        String text = SQLITE + """
                model User {
                  id    Int    @id @default(autoincrement())
                  posts Post[]
                }

                model Post {
                  id     Int   @id @default(autoincrement())
                  author User
                  editor User? @relation("Edits")
                }
                """;
        Schema schema = valid(text);
        Model post = schema.model("Post").orElseThrow();
        Field authorId = field(schema, "Post", "authorId");
        assertThat(authorId.type()).isEqualTo(new FieldType.Scalar(ScalarType.INT));
        assertThat(authorId.optional()).isFalse();
        assertThat(field(schema, "Post", "editorId").optional()).isTrue();
        RelationInfo author = field(schema, "Post", "author").relation().orElseThrow();
        assertThat(author.fields()).containsExactly("authorId");
        assertThat(author.references()).containsExactly("id");
        assertThat(author.backField()).contains("posts");
        assertThat(field(schema, "User", "Post").relation().orElseThrow().name()).isEqualTo("Edits");
        assertThat(post.fields()).extracting(Field::name).containsExactly("id", "author", "authorId", "editor", "editorId");
        assertThat(notes(text)).containsExactly(
                "12:3: `author User` names no foreign key, as the data-model spec allows: Plinth adds the field `authorId Int`"
                        + " referencing `User.id`; today's Prisma writes `author User @relation(fields: [authorId], references: [id])`.",
                "13:3: `editor User?` names no foreign key, as the data-model spec allows: Plinth adds the field `editorId Int?`"
                        + " referencing `User.id` and the back-relation field `Post Post[]` on `User`; today's Prisma writes"
                        + " `editor User? @relation(\"Edits\", fields: [editorId], references: [id])`.");
    }

    @Test
    void theForeignKeyFollowsTheSchemasNamingAndTheTargetsId() {
        Schema schema = valid(SQLITE + """
                generator plinth {
                  provider = "plinth"
                  naming   = "snake_case"
                }

                model Account {
                  code String @id
                }

                model Invoice {
                  id      Int     @id @default(autoincrement())
                  account Account
                }
                """);
        Field key = field(schema, "Invoice", "accountCode");
        assertThat(key.columnName()).isEqualTo("account_code");
        assertThat(key.type()).isEqualTo(new FieldType.Scalar(ScalarType.STRING));
        assertThat(field(schema, "Account", "Invoice").list()).isTrue();
    }

    @Test
    void anExistingFieldOfTheKeysNameAndTypeIsUsed() {
        String text = SQLITE + """
                model User {
                  id Int @id
                }

                model Post {
                  id       Int  @id
                  authorId Int
                  author   User
                }
                """;
        Schema schema = valid(text);
        assertThat(schema.model("Post").orElseThrow().fields()).extracting(Field::name).containsExactly("id", "authorId", "author");
        assertThat(field(schema, "Post", "author").relation().orElseThrow().fields()).containsExactly("authorId");
        assertThat(notes(text)).singleElement().asString().contains("Plinth uses the field `authorId Int`");
    }

    @Test
    void aSelfRelationGetsItsKeyAndBackField() {
        Schema schema = valid(SQLITE + """
                model Node {
                  id     Int   @id @default(autoincrement())
                  parent Node?
                }
                """);
        assertThat(field(schema, "Node", "parentId").optional()).isTrue();
        assertThat(field(schema, "Node", "parent").relation().orElseThrow().backField()).contains("Node");
        assertThat(field(schema, "Node", "Node").list()).isTrue();
    }

    @Test
    void ambiguousOrImpossibleImplicitRelationsAreErrors() {
        assertThat(errors(SQLITE + """
                model User {
                  id Int @id
                }

                model Post {
                  id     Int  @id
                  author User
                  editor User
                }
                """)).anySatisfy(e -> assertThat(e).startsWith("11:3: ").contains("Ambiguous relation detected")
                .contains("`editor` and `author`"));
        assertThat(errors(SQLITE + """
                model User {
                  id      Int      @id
                  profile Profile?
                }

                model Profile {
                  id   Int  @id
                  user User
                }
                """)).anySatisfy(e -> assertThat(e).startsWith("7:3: ").contains("do not provide the `fields` argument"));
        assertThat(errors(SQLITE + """
                model Tag {
                  name String @unique
                }

                model Post {
                  id  Int @id
                  tag Tag
                }
                """)).contains("11:3: The relation field `tag` names no `fields`, and `Tag` has no `@id` for Plinth to reference:"
                + " write `@relation(fields: […], references: […])` naming a unique field of `Tag`.");
        assertThat(errors(SQLITE + """
                model User {
                  id Int @id
                }

                model Post {
                  id       Int    @id
                  authorId String
                  author   User
                }
                """)).contains("12:3: Plinth would add the foreign key `authorId Int` for the relation field `author`, but `Post`"
                + " already has a field `authorId` of type `String`: rename it, or write `@relation(fields: […], references: […])`.");
    }

    @Test
    void twoNamedImplicitRelationsToOneModelEachGetAKeyAndABackField() {
        Schema schema = valid(SQLITE + """
                model User {
                  id Int @id
                }

                model Post {
                  id     Int   @id
                  author User  @relation("Wrote")
                  editor User? @relation("Edited")
                }
                """);
        assertThat(field(schema, "Post", "author").relation().orElseThrow().backField()).contains("Post");
        assertThat(field(schema, "Post", "editor").relation().orElseThrow().backField()).contains("PostEditor");
        assertThat(field(schema, "User", "PostEditor").relation().orElseThrow().name()).isEqualTo("Edited");
        assertThat(field(schema, "Post", "editorId").optional()).isTrue();
    }

    @Test
    void anExplicitRelationIsLeftAlone() throws Exception {
        String text = Files.readString(Path.of("examples/crm/schema.prisma"));
        assertThat(load(text).notes()).isEmpty();
    }

    @Test
    void notesAreNeitherErrorsNorWarnings() {
        SchemaResult result = load(SQLITE + "model A {\n  id Int @id\n  at DateTime @createdAt\n}\n");
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.notes()).singleElement().extracting(Diagnostic::severity).isEqualTo(Diagnostic.Severity.NOTE);
        assertThat(Optional.of(result.notes().get(0).severity().label())).contains("note");
    }
}
