package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.syntax.RenameMarker;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /// @plinth.renamedFrom("old")} above a model or a field: read, and reported with line and column when wrong. */
class RenameMarkerRulesTest {

    private static final String HEAD = """
            datasource db {
              provider = "sqlite"
              url      = "file:dev.db"
            }
            """;

    private static SchemaResult parse(String models) {
        return SchemaLoader.parse("schema.prisma", HEAD + models);
    }

    private static List<Diagnostic> errors(String models) {
        return parse(models).errors();
    }

    @Test
    void aWellFormedMarkerIsReadFromTheDocComment() {
        SchemaResult result = parse("""
                /// People we call.
                /// @plinth.renamedFrom("Contact")
                model Person {
                  id     Int    @id
                  /// @plinth.renamedFrom( "phone" )
                  mobile String
                }
                """);
        assertThat(result.errors()).isEmpty();
        Model person = result.schema().orElseThrow().model("Person").orElseThrow();
        assertThat(RenameMarker.oldName(person.documentation())).contains("Contact");
        assertThat(RenameMarker.oldName(person.field("mobile").orElseThrow().documentation())).contains("phone");
        assertThat(RenameMarker.oldName(person.field("id").orElseThrow().documentation())).isEmpty();
        assertThat(RenameMarker.oldName(Optional.of("just words about @plinth"))).isEmpty();
    }

    @Test
    void aMalformedMarkerIsAnErrorAtItsLineAndColumn() {
        List<Diagnostic> bad = errors("""
                model Person {
                  id     Int    @id
                  /// @plinth.renamedFrom(phone)
                  mobile String
                }
                """);
        assertThat(bad).hasSize(1);
        assertThat(bad.getFirst().message()).contains("Malformed @plinth.renamedFrom", "@plinth.renamedFrom(\"formerName\")");
        assertThat(bad.getFirst().span().location()).isEqualTo("schema.prisma:7:7");
    }

    @Test
    void repeatedMarkersAndMarkersWithoutAColumnAreErrors() {
        assertThat(errors("""
                model Person {
                  id     Int    @id
                  /// @plinth.renamedFrom("phone")
                  /// @plinth.renamedFrom("cell")
                  mobile String
                }
                """)).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("Only one @plinth.renamedFrom");
            assertThat(d.span().line()).isEqualTo(8);
        });
        assertThat(errors("""
                model Company {
                  id     Int      @id
                  people Person[]
                }
                model Person {
                  id        Int     @id
                  companyId Int
                  /// @plinth.renamedFrom("employer")
                  company   Company @relation(fields: [companyId], references: [id])
                }
                """)).singleElement().satisfies(d -> assertThat(d.message()).contains("The relation field `company` has no column"));
    }

    @Test
    void aMarkerNamingSomethingStillInTheSchemaIsAnError() {
        assertThat(errors("""
                model Person {
                  id     Int    @id
                  phone  String
                  /// @plinth.renamedFrom("phone")
                  mobile String
                }
                """)).singleElement().satisfies(d -> assertThat(d.message()).contains("The field `phone` is still in the model `Person`"));
        assertThat(errors("""
                model Contact {
                  id Int @id
                }
                /// @plinth.renamedFrom("Contact")
                model Person {
                  id Int @id
                }
                """)).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("The model `Contact` is still in the schema");
            assertThat(d.span().location()).isEqualTo("schema.prisma:8:5");
        });
        assertThat(errors("""
                model Person {
                  /// @plinth.renamedFrom("id")
                  id Int @id
                }
                """)).singleElement().satisfies(d -> assertThat(d.message()).contains("names the field itself"));
    }
}
