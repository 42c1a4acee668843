package dev.plinth.schema.prisma;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.syntax.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth prisma-schema} leaves out an {@code @@index} on a Json path (Prisma indexes whole fields only) and keeps the others. */
class JsonPathIndexCopyTest {

    @Test
    void aPathIndexIsLeftOut() {
        String text = """
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                model Account {
                  id   Int   @id
                  meta Json?

                  @@index([meta.plan])
                  @@index([meta(ops: JsonbPathOps)], type: Gin)
                  @@index([id])
                }
                """;
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(result.errors()).isEmpty();
        String copy = PrismaSchemaCopy.write(Parser.parse("schema.prisma", text, new ArrayList<>()), text, result.schema(), false).text();
        assertThat(copy).doesNotContain("meta.plan").contains("@@index([meta(ops: JsonbPathOps)], type: Gin)").contains("@@index([id])");
    }
}
