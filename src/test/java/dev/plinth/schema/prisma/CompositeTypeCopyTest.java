package dev.plinth.schema.prisma;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.syntax.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PrismaSchemaCopy} of composite types: Json fields on SQL databases, Prisma's {@code type} on MongoDB. */
class CompositeTypeCopyTest {

    private static PrismaSchemaCopy.Result copy(String text) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(result.errors()).as("the original is valid").isEmpty();
        return PrismaSchemaCopy.write(Parser.parse("schema.prisma", text, new ArrayList<>()), text, result.schema(), false);
    }

    @Test
    void onSqlDatabasesTypesGoAndTheirFieldsBecomeJson() {
        PrismaSchemaCopy.Result copy = copy("""
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                type Address {
                  street String
                  geo    Geo?
                }

                embed Geo {
                  lat Float
                }

                model Contact {
                  id        Int       @id
                  address   Address
                  addresses Address[] // every address
                  billing   Address?  @map("billing_address")
                  extra     embed {
                    note String
                  }?
                }
                """);
        assertThat(copy.text()).isEqualTo("""
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                model Contact {
                  id        Int       @id
                  address   Json // Plinth: composite type Address, stored as JSON
                  addresses Json // Plinth: composite type Address[], stored as JSON // every address
                  billing   Json?  @map("billing_address") // Plinth: composite type Address?, stored as JSON
                  extra     Json? // Plinth: composite type inline embed ContactExtra?, stored as JSON
                }
                """);
        assertThat(copy.changes()).extracting(PrismaSchemaCopy.Change::what).contains(
                "left out composite type Address (Prisma supports composite types only on MongoDB; its fields are written as Json)",
                "wrote addresses Address[] as Json (Prisma supports composite types only on MongoDB)");
        assertThat(SchemaLoader.parse("copy.prisma", copy.text()).errors()).isEmpty();
    }

    @Test
    void onMongoDbTypesStayAndEmbedIsSpelledType() {
        String copy = copy("""
                datasource db {
                  provider = "mongodb"
                  url      = env("DATABASE_URL")
                }

                embed Address {
                  street String
                }

                model Contact {
                  id      String  @id @map("_id")
                  address Address
                }
                """).text();
        assertThat(copy).contains("type Address {\n  street String\n}").contains("  address Address\n");
    }

    @Test
    void validatorsInsideATypeAreLeftOutOfTheCopy() {
        for (String provider : new String[]{"mongodb", "postgresql"}) {
            String copy = copy("""
                    datasource db {
                      provider = "%s"
                      url      = env("DATABASE_URL")
                    }

                    type Address {
                      city String  @trim @length(2, 80)
                      zip  String? @regex("^[0-9]{5}$")

                      @@validate(city != zip, "the zip is not the city")
                    }

                    model Contact {
                      id      String  @id @map("_id")
                      address Address
                    }
                    """.formatted(provider)).text();
            assertThat(copy).as(provider).doesNotContain("@length").doesNotContain("@trim").doesNotContain("@regex")
                    .doesNotContain("@@validate");
            assertThat(SchemaLoader.parse("copy.prisma", copy).errors()).as(provider).isEmpty();
        }
    }
}
