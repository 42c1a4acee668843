package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.conventions.ConventionHints;
import dev.plinth.schema.model.Convention;
import dev.plinth.schema.model.Model;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plinth's convention settings and attributes as the validator sees them (docs/schema.md,
 * "Conventions"): each mistake is an error at its line and column, with what to write instead.
 */
class ConventionRulesTest {

    private static final String HEAD = """
            generator plinth {
              provider = "plinth"
            }
            """;

    private static SchemaResult load(String text) {
        return SchemaLoader.parse("schema.prisma", text);
    }

    private static List<String> errors(String text) {
        return load(text).errors().stream().map(d -> d.span().line() + ":" + d.span().column() + ": " + d.message()).toList();
    }

    @Test
    void acceptsEveryConventionAttribute() {
        SchemaResult r = load(HEAD + """
                model Post {
                  id        Int       @id @default(autoincrement())
                  authorId  String
                  workspace String
                  removedAt DateTime?
                  @@owner(authorId)
                  @@softDelete(removedAt)
                  @@tenant(workspace, claim: "ws")
                  @@openRead
                  @@conventions(timestamps: false, audit: false)
                }
                model Legacy {
                  id     Int    @id
                  userId String
                  @@conventions(false)
                }
                """);
        assertThat(r.diagnostics()).isEmpty();
        Model post = r.schema().orElseThrow().model("Post").orElseThrow();
        assertThat(post.conventions().field(Convention.OWNER)).contains("authorId");
        assertThat(post.conventions().field(Convention.DELETED_AT)).contains("removedAt");
        assertThat(post.conventions().field(Convention.ORGANIZATION)).contains("workspace");
        assertThat(post.conventions().organizationClaim()).contains("ws");
        assertThat(post.conventions().openRead()).isTrue();
        assertThat(r.schema().orElseThrow().model("Legacy").orElseThrow().conventions().bindings()).isEmpty();
    }

    @Test
    void attributesNameAnExistingScalarFieldOfTheRightType() {
        assertThat(errors(HEAD + """
                model Post {
                  id       Int      @id
                  title    String
                  tags     String[]
                  when     DateTime
                  @@owner(authorId)
                  @@softDelete(when)
                  @@tenant(tags)
                }
                """)).containsExactly(
                "9:11: Error validating model \"Post\": @@owner names \"authorId\", which is not a field of the model.",
                "10:16: Error validating model \"Post\": @@softDelete names \"when\", which must be an optional DateTime"
                        + " (DateTime?): NULL marks a live row.",
                "11:12: Error validating model \"Post\": @@tenant names \"tags\", which is not a single-valued scalar field"
                        + " (it is String[]).");
    }

    @Test
    void attributesTakeAFieldWithoutQuotesAndKnownArguments() {
        assertThat(errors(HEAD + """
                model Post {
                  id     Int    @id
                  userId String
                  org    String
                  @@owner("userId")
                  @@tenant(org, claim: 3, scope: "x")
                  @@softDelete
                  @@openRead(true)
                }
                """)).containsExactly(
                "8:11: @@owner names a field of the model without quotes; write @@owner(field).",
                "9:24: The claim of @@tenant is a non-empty string, e.g. claim: \"org_id\".",
                "9:27: No such argument `scope` for @@tenant; write @@tenant(field, claim: \"org_id\").",
                "10:3: @@softDelete names a field of the model; write @@softDelete(field).",
                "11:3: @@openRead takes no arguments.");
    }

    @Test
    void openReadWithoutAnOwnerIsAWarning() {
        SchemaResult r = load(HEAD + """
                model Post {
                  id     Int    @id
                  userId String
                  @@openRead
                }
                model Owned {
                  id      Int    @id
                  user_id String
                  @@openRead
                }
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().satisfies(d -> {
            assertThat(d.span().line()).isEqualTo(7);
            assertThat(d.message()).startsWith("@@openRead on model \"Post\" does nothing: the model has no owner field");
        });
        assertThat(load(HEAD.replace("}", "  conventions = \"any_spelling\"\n}") + """
                model Post {
                  id     Int    @id
                  userId String
                  @@openRead
                }
                """).warnings()).isEmpty();
    }

    @Test
    void conventionsTakesFalseOrNamedGroups() {
        assertThat(errors(HEAD + """
                model A {
                  id Int @id
                  @@conventions(owners: false)
                }
                model B {
                  id Int @id
                  @@conventions("no")
                }
                model C {
                  id Int @id
                  @@conventions()
                }
                """)).containsExactly(
                "6:17: No such convention group `owners` for @@conventions; the groups are owner, timestamps, softDelete, audit, tenant.",
                "10:17: Expected a boolean value, but received string value `\"no\"`.",
                "14:3: @@conventions takes false (every convention off) or named groups, e.g. @@conventions(owner: false);"
                        + " the groups are owner, timestamps, softDelete, audit, tenant.");
    }

    @Test
    void settingsTakeTheirKnownValues() {
        assertThat(errors("""
                generator plinth {
                  provider     = "plinth"
                  conventions  = "camel"
                  audit_fields = "yes"
                  audit_names  = "knex"
                }
                model A {
                  id Int @id
                }
                """)).containsExactly(
                "3:18: The setting `conventions` of generator plinth must be one of \"exact\", \"any_spelling\", not `\"camel\"`.",
                "4:18: The setting `audit_fields` of generator plinth must be one of true, false, not `\"yes\"`.",
                "5:18: The setting `audit_names` of generator plinth must be one of \"standard\", \"quickback\", not `\"knex\"`.");
    }

    @Test
    void anySpellingRecognisesBothSpellingsAndNothingChangesWithoutIt() {
        String models = """
                model Task {
                  id             Int       @id
                  userId         String
                  ownerId        String
                  deletedAt      DateTime?
                  modifiedBy     String?
                  orgId          Int
                }
                model Old {
                  id         Int       @id
                  user_id    String
                  deleted_at DateTime?
                }
                """;
        Model camel = load(HEAD.replace("}", "  conventions = \"any_spelling\"\n}") + models).schema().orElseThrow()
                .model("Task").orElseThrow();
        assertThat(camel.conventions().field(Convention.OWNER)).contains("userId");
        assertThat(camel.conventions().field(Convention.DELETED_AT)).contains("deletedAt");
        assertThat(camel.conventions().field(Convention.UPDATED_BY)).contains("modifiedBy");
        assertThat(camel.conventions().field(Convention.ORGANIZATION)).contains("orgId");
        Model exact = load(HEAD + models).schema().orElseThrow().model("Task").orElseThrow();
        assertThat(exact.conventions().bindings()).isEmpty();
        Model old = load(models).schema().orElseThrow().model("Old").orElseThrow();
        assertThat(old.conventions().field(Convention.OWNER)).contains("user_id");
        assertThat(old.conventions().field(Convention.DELETED_AT)).contains("deleted_at");
        // naming = "snake_case" switches either spelling on as well
        Model snake = load(HEAD.replace("}", "  naming = \"snake_case\"\n}") + models).schema().orElseThrow()
                .model("Task").orElseThrow();
        assertThat(snake.conventions().field(Convention.OWNER)).contains("userId");
    }

    @Test
    void validateWarnsAboutFieldsThatLookLikeConventionsButAreNot() {
        String text = """
                model Task {
                  id        Int      @id
                  createdBy String?
                  createdAt DateTime @default(now())
                  updatedAt DateTime @updatedAt
                  userId    String   @map("user_id")
                  orgId     Int
                  deletedBy String?
                  @@conventions(audit: false)
                }
                """;
        List<Diagnostic> hints = ConventionHints.of("schema.prisma", load(text));
        assertThat(hints).allMatch(d -> !d.isError());
        assertThat(hints.stream().map(d -> d.span().line() + ":" + d.span().column() + ": " + d.message()).toList()).containsExactly(
                "7:3: Field \"orgId\" of model \"Task\" looks like the organization_id convention but is an ordinary field"
                        + " (Plinth matches the column name organization_id exactly): add conventions = \"any_spelling\" to"
                        + " generator plinth, or @@tenant(field) on the model.");
        String plain = "model Note {\n  id Int @id\n  createdBy String?\n}\n";
        assertThat(ConventionHints.of("schema.prisma", load(plain))).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("\"createdBy\"", "@map(\"created_by\")"));
        assertThat(ConventionHints.of("schema.prisma", load(HEAD.replace("}", "  conventions = \"any_spelling\"\n}") + plain)))
                .isEmpty();
    }
}
