package dev.plinth.schema.validate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Plinth's {@code @@display("field")}: a string naming a scalar field, resolved onto the model. */
class DisplayAttributeTest {

    static SchemaResult load(String display) {
        return SchemaLoader.parse("schema.prisma", """
                datasource db {
                  provider = "sqlite"
                  url      = "file:./dev.db"
                }

                model Country {
                  id    Int      @id
                  code  String
                  owner Owner?   @relation(fields: [ownerId], references: [id])
                  ownerId Int?
                  %s
                }

                model Owner {
                  id        Int       @id
                  countries Country[]
                }
                """.formatted(display));
    }

    @Test
    void namesAScalarFieldOfTheModel() {
        SchemaResult ok = load("@@display(\"code\")");
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.schema().orElseThrow().model("Country").orElseThrow().displayField()).contains("code");
        assertThat(load("").schema().orElseThrow().model("Country").orElseThrow().displayField()).isEmpty();
    }

    @Test
    void anythingElseIsAnErrorAtItsPlace() {
        assertThat(load("@@display(\"nope\")").errors()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("@@display names \"nope\""));
        assertThat(load("@@display(\"owner\")").errors()).hasSize(1);
        assertThat(load("@@display(code)").errors()).isNotEmpty();
        assertThat(load("@@display").errors()).isNotEmpty();
        assertThat(load("@@display(\"code\")\n  @@display(\"code\")").errors()).isNotEmpty();
    }
}
