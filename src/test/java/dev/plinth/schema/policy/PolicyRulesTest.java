package dev.plinth.schema.policy;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Access-rule attributes in the schema front end: what compiles, and every rule that cannot, with line and column. */
class PolicyRulesTest {

    private static final String HEAD = """
            datasource db {
              provider = "sqlite"
              url      = "file:./x.db"
            }
            enum Status {
              draft
              live
            }
            model Post {
              id        Int      @id @default(autoincrement())
              title     String
              views     Int
              status    Status   @default(draft)
              published Boolean  @default(false)
              owner_id  String
              at        DateTime @default(now())
              updated_at DateTime @updatedAt
            """;

    /** Line 18 is the first line after HEAD. */
    private static SchemaResult with(String... lines) {
        return SchemaLoader.parse("schema.prisma", HEAD + String.join("\n", lines) + "\n}\n");
    }

    private static Diagnostic onlyError(SchemaResult r) {
        assertThat(r.errors()).as(r.errors().toString()).hasSize(1);
        return r.errors().getFirst();
    }

    @Test
    void theRoomsExampleCompiles() throws Exception {
        SchemaResult r = SchemaLoader.load(Path.of("examples/rooms/schema.prisma"));
        assertThat(r.errors()).isEmpty();
        SchemaPolicy p = SchemaPolicy.of(r);
        ModelPolicy member = p.model("Member").orElseThrow();
        assertThat(member.rules()).hasSize(3);
        assertThat(member.field("salary").orElseThrow().rules()).hasSize(3);
        assertThat(member.field("email").orElseThrow().mask().orElseThrow().kind()).isEqualTo(MaskKind.EMAIL);
        assertThat(member.field("password_hash").orElseThrow().omit()).isTrue();
        assertThat(member.field("organization_id").orElseThrow().authDefault()).contains("org_id");
        assertThat(p.model("Room").orElseThrow().rules().get(1).operations())
                .containsExactlyInAnyOrder(Operation.CREATE, Operation.UPDATE, Operation.DELETE);
    }

    @Test
    void everyConditionFormCompiles() {
        SchemaResult r = with(
                "  @@allow('all', auth() != null && (owner_id == auth().id || auth().role in ['admin', 'owner']))",
                "  @@allow('read', published == true || status == live || status == 'draft' && views >= 10)",
                "  @@deny('update,delete', !(at < now()) || title == null || views in [1, 2, 3] || owner_id in auth().team_ids)",
                "  @@allow('read', published)");
        assertThat(r.errors()).isEmpty();
        ModelPolicy p = SchemaPolicy.of(r).model("Post").orElseThrow();
        assertThat(p.rules()).hasSize(4);
        assertThat(p.rules().getFirst().operations()).containsExactlyInAnyOrder(Operation.values());
    }

    @Test
    void comparingAStringFieldWithANumberIsATypeError() {
        Diagnostic d = onlyError(with("  @@allow('read', title == 3)"));
        assertThat(d.message()).contains("Type mismatch").contains("title");
        assertThat(d.span().line()).isEqualTo(18);
        assertThat(d.span().column()).isEqualTo(19);
    }

    @Test
    void anUnknownOperationIsNamed() {
        Diagnostic d = onlyError(with("  @@allow('read,publish', true)"));
        assertThat(d.message()).contains("Unknown operation `publish`");
        assertThat(d.span().line()).isEqualTo(18);
        assertThat(d.span().column()).isEqualTo(11);
    }

    @Test
    void anUnknownFieldAndAClaimUsedAsAFieldAreErrors() {
        Diagnostic d = onlyError(with("  @@allow('update', role == 'admin')"));
        assertThat(d.message()).contains("Unknown field `role`").contains("auth().role");
        assertThat(d.span().column()).isEqualTo(21);
        Diagnostic deeper = onlyError(with("  @@allow('read',", "    views > 2 &&", "      nope == 1)"));
        assertThat(deeper.span().line()).isEqualTo(20);
        assertThat(deeper.span().column()).isEqualTo(7);
    }

    @Test
    void typeErrorsOfEveryKind() {
        assertThat(onlyError(with("  @@allow('read', views > 'x')")).message()).contains("Type mismatch");
        assertThat(onlyError(with("  @@allow('read', published < true)")).message()).contains("compares numbers, strings or dates");
        assertThat(onlyError(with("  @@allow('read', status == 'gone')")).message()).contains("not a value of enum Status");
        assertThat(onlyError(with("  @@allow('read', at > 'yesterday')")).message()).contains("ISO-8601");
        assertThat(onlyError(with("  @@allow('read', auth() == 'x')")).message()).contains("auth() can only be compared with null");
        assertThat(onlyError(with("  @@allow('read', title == owner_id)")).message()).contains("two fields");
        assertThat(onlyError(with("  @@allow('read', views)")).message()).contains("not a condition");
        assertThat(onlyError(with("  @@allow('read', views in 3)")).message()).contains("right side of `in`");
        assertThat(onlyError(with("  @@allow('read', foo() == 1)")).message()).contains("Unknown function `foo()`");
        assertThat(onlyError(with("  @@allow('read', views == 1 &&)")).message()).contains("Expected a value");
        assertThat(onlyError(with("  @@allow('read', views == 1 # 2)")).message()).contains("Unexpected character");
        assertThat(onlyError(with("  @@allow('read')")).message()).contains("takes two arguments");
        assertThat(onlyError(with("  @@allow(read, true)")).message()).contains("operations of a rule are a string");
        assertThat(onlyError(with("  hidden Int @ignore", "  @@allow('read', hidden == 1)")).message()).contains("@ignore'd");
    }

    @Test
    void dataRuleSyntaxIsRefusedInAccessRules() {
        Diagnostic arithmetic = onlyError(with("  @@allow('read', views + 1 > 2)"));
        assertThat(arithmetic.message()).contains("Arithmetic (`+`) is for data rules");
        assertThat(arithmetic.span().line()).isEqualTo(18);
        assertThat(onlyError(with("  @@allow('read', length(title, 1))")).message()).contains("`length()` is for data rules");
    }

    @Test
    void fieldAttributesAreChecked() {
        assertThat(onlyError(with("  note String @mask(\"card\")")).message()).contains("Unknown mask");
        assertThat(onlyError(with("  n Int @mask(\"email\")")).message()).contains("@mask applies to String fields");
        assertThat(onlyError(with("  note String @allow('delete', true)")).message()).contains("Unknown operation `delete` in a field rule");
        assertThat(onlyError(with("  n Boolean @default(auth().id)")).message()).contains("needs a String, Int or BigInt field");
        assertThat(onlyError(with("  created_at DateTime @default(now()) @allow('update', true)")).message())
                .contains("protected system field");
        assertThat(onlyError(with("  note String @omit(true)")).message()).contains("@omit takes no arguments");
        assertThat(with("  note String @allow('update', false) @deny('create', true) @mask(\"last4\", unless: auth().role == 'admin')",
                "  org String @default(auth().org_id)", "  secret String? @omit").errors()).isEmpty();
    }

    @Test
    void masksShowWhatTheIssueAsks() {
        assertThat(MaskKind.EMAIL.apply("john@example.com")).isEqualTo("j***@example.com");
        assertThat(MaskKind.PHONE.apply("+1 (555) 123-1234")).isEqualTo("***-***-1234");
        assertThat(MaskKind.LAST4.apply("4111 1111 1111 1234")).isEqualTo("****1234");
        assertThat(MaskKind.REDACT.apply("anything")).isEqualTo("[redacted]");
    }

    @Test
    void diagnosticsListEveryBadRule() {
        List<Diagnostic> errors = with("  @@allow('read', title == 3)", "  @@allow('publish', true)", "  @@deny('read', nope == 1)").errors();
        assertThat(errors).extracting(e -> e.span().line()).containsExactly(18, 19, 20);
    }
}
