package dev.plinth.schema.syntax;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SharedMaterial;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser reads the inputs and outputs of Prisma's formatter tests
 * ({@code ../shared/schemas/prisma-validation/reformatter/}): every file parses without a syntax
 * error, except the two that exercise Prisma's own syntax errors, which fail on the same line.
 */
class PrismaReformatterFilesTest {

    static Stream<Path> files() throws IOException {
        try (Stream<Path> files = Files.walk(SharedMaterial.root().resolve("schemas/prisma-validation/reformatter"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".prisma")).sorted().toList();
            assertThat(list).hasSizeGreaterThanOrEqualTo(24);
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void parses(Path file) throws IOException {
        List<Diagnostic> diagnostics = new ArrayList<>();
        SchemaAst ast = Parser.parse(file.getFileName().toString(), Files.readString(file), diagnostics);
        String name = file.getFileName().toString();
        if (name.startsWith("catch_all_in_a_block")) {
            assertThat(diagnostics).singleElement().satisfies(d -> {
                assertThat(d.message()).isEqualTo("This line is not a valid field or attribute definition.");
                assertThat(d.span().line()).isEqualTo(3);
            });
        } else if (name.startsWith("optional_list_fields")) {
            assertThat(diagnostics).extracting(d -> d.span().line()).containsExactly(3, 4);
        } else {
            assertThat(diagnostics).isEmpty();
            assertThat(ast.blocks()).isNotEmpty();
        }
    }
}
