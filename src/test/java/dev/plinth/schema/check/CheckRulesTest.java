package dev.plinth.schema.check;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.CheckConstraint;
import dev.plinth.schema.model.Model;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @@check} as {@code plinth validate} sees it: valid conditions resolve onto the model with their names
 * (given, or {@code {table}_{n}_check}); what SQLite and PostgreSQL cannot both enforce is an error at its line
 * and column.
 */
class CheckRulesTest {

    private static String schema(String attributes) {
        return """
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }
                enum Stage {
                  draft
                  live @map("LIVE")
                }
                model Author {
                  id    Int    @id
                  books Book[]
                }
                model Book {
                  id       Int      @id
                  title    String
                  price    Decimal
                  stock    Int      @default(0)
                  minStock Int      @map("min_stock")
                  active   Boolean
                  stage    Stage
                  tags     String[]
                  opens    DateTime
                  closes   DateTime
                  meta     Json?
                  authorId Int
                  author   Author   @relation(fields: [authorId], references: [id])
                %s
                }
                """.formatted(attributes);
    }

    private static SchemaResult load(String attributes) {
        return SchemaLoader.parse("schema.prisma", schema(attributes));
    }

    private static List<String> errors(String attributes) {
        return load(attributes).errors().stream().map(d -> d.span().line() + ":" + d.span().column() + ": " + d.message()).toList();
    }

    @Test
    void validChecksResolveWithGivenAndDerivedNames() {
        SchemaResult r = load("""
                  @@check(price > 0)
                  @@check(stock >= minStock && (active || stage == "draft"), name: "stock_rule")
                  @@check(stage in ["draft", "live"] && title != "" && opens < closes)
                  @@check(!(stock == null) && stock != 3)
                  @@check(price * 2 > stock - minStock / 2 && -stock < 5 && length(title, 1, 200))""");
        assertThat(r.errors()).isEmpty();
        Model book = r.schema().orElseThrow().model("Book").orElseThrow();
        assertThat(book.checks()).extracting(CheckConstraint::name)
                .containsExactly("Book_1_check", "stock_rule", "Book_3_check", "Book_4_check", "Book_5_check");
        assertThat(book.checks().get(0).text()).isEqualTo("price > 0");
        assertThat(r.schema().orElseThrow().model("Author").orElseThrow().checks()).isEmpty();
    }

    @Test
    void aSchemaWithoutChecksHasNone() {
        SchemaResult r = load("");
        assertThat(r.errors()).isEmpty();
        assertThat(r.schema().orElseThrow().models()).allMatch(m -> m.checks().isEmpty());
    }

    @Test
    void authAndNowAreRefusedAtTheirPosition() {
        assertThat(errors("  @@check(stock > 0 && auth().id == title)")).singleElement().asString()
                .startsWith("27:24: auth() cannot be used in @@check");
        assertThat(errors("  @@check(opens < now())")).singleElement().asString()
                .startsWith("27:19: now() cannot be used in @@check");
    }

    @Test
    void unknownRelationListJsonFieldsAreRefused() {
        assertThat(errors("  @@check(cost > 0)")).singleElement().asString()
                .isEqualTo("27:11: Unknown field `cost` in @@check: model `Book` has no such field.");
        assertThat(errors("  @@check(author == null)")).singleElement().asString().startsWith("27:11: `author` is a relation");
        assertThat(errors("  @@check(author.id > 0)")).singleElement().asString().contains("related models are not supported");
        assertThat(errors("  @@check(tags != null)")).singleElement().asString().startsWith("27:11: `tags` is a list");
        assertThat(errors("  @@check(meta != null)")).singleElement().asString().startsWith("27:11: `meta` is Json");
    }

    @Test
    void typeMismatchesAndUnportableComparisonsAreRefused() {
        assertThat(errors("  @@check(price > \"1\")")).singleElement().asString().contains("compares a number with a text");
        assertThat(errors("  @@check(title > \"a\")")).singleElement().asString().contains("can only be compared with `==` or `!=`");
        assertThat(errors("  @@check(stage == \"gone\")")).singleElement().asString().contains("\"gone\" is not a value of enum `Stage`");
        assertThat(errors("  @@check(stage > \"draft\")")).singleElement().asString().contains("does not order enum values");
        assertThat(errors("  @@check(opens > \"2024-01-01\")")).singleElement().asString().contains("compares a DateTime with a text");
        assertThat(errors("  @@check(price)")).singleElement().asString().contains("is a number");
        assertThat(errors("  @@check(stock in [1, \"a\"])")).singleElement().asString().contains("`in` compares");
        assertThat(errors("  @@check(stock > 0 && 3)")).singleElement().asString().contains("Both sides of `&&`");
    }

    @Test
    void arithmeticOnNonNumbersAndFunctionsOtherThanLengthAreRefused() {
        assertThat(errors("  @@check(title + 1 > 2)")).singleElement().asString().isEqualTo("27:11: `+` computes with numbers; this is a text.");
        assertThat(errors("  @@check(regex(title, \"^a\"))")).singleElement().asString()
                .startsWith("27:11: regex() cannot be used in @@check").contains("@@validate");
        assertThat(errors("  @@check(length(stock, 1))")).singleElement().asString().contains("takes a String field");
        assertThat(errors("  @@check(length(title))")).singleElement().asString().contains("needs a minimum");
        assertThat(errors("  @@check(length(title, \"a\"))")).singleElement().asString().contains("numbers as its bounds");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThat(errors("  @@check(name: \"x\")")).anyMatch(e -> e.contains("@@check needs a condition"));
        assertThat(errors("  @@check(price > 0, name: \"\")")).singleElement().asString().contains("non-empty string");
        assertThat(errors("  @@check(price > 0, label: \"x\")")).anyMatch(e -> e.contains("No such argument"));
        assertThat(errors("  @@check(price > 0, name: \"p\")\n  @@check(stock > 0, name: \"p\")")).singleElement().asString()
                .contains("are named \"p\"");
        assertThat(errors("  @@check(price > 0, name: \"Book_pkey\")")).singleElement().asString()
                .contains("already the name of the primary key");
        assertThat(errors("  @@check(price > 0, name: \"Book_authorId_fkey\")")).singleElement().asString()
                .contains("already the name of the foreign key of `author`");
        assertThat(errors("  @@check(price > )")).singleElement().asString().startsWith("27:18: Expected a value");
    }

    @Test
    void aViewHasNoChecks() {
        SchemaResult r = SchemaLoader.parse("schema.prisma", """
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }
                view Totals {
                  id    Int @unique
                  total Int
                  @@check(total > 0)
                }
                """);
        assertThat(r.errors()).anyMatch(d -> d.message().contains("a view has none"));
    }
}
