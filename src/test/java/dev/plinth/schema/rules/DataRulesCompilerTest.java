package dev.plinth.schema.rules;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** Compiling validators, transforms and @@validate, and every misuse `plinth validate` reports with line and column. */
class DataRulesCompilerTest {

    private static final String HEAD = """
            datasource db {
              provider = "postgresql"
              url      = "postgresql://localhost/x"
            }
            enum Stage {
              lead
              won   @map("WON")
            }
            model Deal {
              id        Int      @id @default(autoincrement())
              title     String
              email     String?
              score     Int      @default(0)
              amount    Decimal?
              stage     Stage    @default(lead)
              tags      String[]
              starts_at DateTime?
              ends_at   DateTime?
              done      Boolean  @default(false)
            """;

    /** Line 20 is the first line after HEAD. */
    private static SchemaResult with(String... lines) {
        return SchemaLoader.parse("schema.prisma", HEAD + String.join("\n", lines) + "\n}\n");
    }

    private static Diagnostic onlyError(SchemaResult r) {
        assertThat(r.errors()).as(r.errors().toString()).hasSize(1);
        return r.errors().getFirst();
    }

    private static DataRules rules(SchemaResult r) {
        assertThat(r.errors()).as(r.errors().toString()).isEmpty();
        return SchemaPolicy.of(r).data();
    }

    @Test
    void everyValidatorAndTransformCompiles() {
        SchemaResult r = SchemaLoader.parse("schema.prisma", """
                datasource db {
                  provider = "postgresql"
                  url      = "postgresql://localhost/x"
                }
                model Contact {
                  id    Int      @id @default(autoincrement())
                  name  String   @trim @length(1, 80, "name: 1 to 80 characters")
                  code  String   @upper @startsWith("C-") @endsWith("-X") @contains("00") @regex("^C-[0-9]+-X$")
                  email String?  @trim @lower @email("not an email")
                  site  String?  @url
                  score Int      @gte(0) @lte(100, message: "0 to 100")
                  ratio Float    @gt(0) @lt(1)
                  tags  String[] @length(max: 3)
                }
                """);
        ModelDataRules contact = rules(r).model("Contact").orElseThrow();
        FieldRules name = contact.field("name").orElseThrow();
        assertThat(name.transforms()).containsExactly(Transform.TRIM);
        assertThat(name.validators()).containsExactly(new FieldValidator.Length(OptionalInt.of(1), OptionalInt.of(80),
                java.util.Optional.of("name: 1 to 80 characters")));
        assertThat(contact.field("code").orElseThrow().validators()).hasSize(4);
        assertThat(contact.field("email").orElseThrow().transforms()).containsExactly(Transform.TRIM, Transform.LOWER);
        assertThat(contact.field("score").orElseThrow().validators()).containsExactly(
                new FieldValidator.Bound(FieldValidator.BoundKind.GTE, BigDecimal.ZERO, java.util.Optional.empty()),
                new FieldValidator.Bound(FieldValidator.BoundKind.LTE, new BigDecimal("100"), java.util.Optional.of("0 to 100")));
        assertThat(contact.field("tags").orElseThrow().validators()).containsExactly(
                new FieldValidator.Length(OptionalInt.empty(), OptionalInt.of(3), java.util.Optional.empty()));
        assertThat(contact.field("id")).isEmpty();
        assertThat(contact.hasTransforms()).isTrue();
    }

    @Test
    void aSchemaWithoutRulesHasNone() {
        assertThat(rules(with()).isEmpty()).isTrue();
    }

    @Test
    void modelRulesCompileWithMessageAndPath() {
        DataRules d = rules(with(
                "  @@validate(ends_at > starts_at, \"ends after it starts\", path: [\"ends_at\"])",
                "  @@validate(score * 2 + 1 <= 201 && length(title, 1, 80) && stage in [lead, won] || done)",
                "  @@validate(stage == won && has(tags, 'x') && hasSome(tags, ['a']) && !isEmpty(tags) && email(email))",
                "  @@validate(regex(title, '^[A-Z]') && url(title) && startsWith(title, 'a') && amount / 2 > 0.5 && starts_at < now())"));
        List<ModelRule> rules = d.model("Deal").orElseThrow().rules();
        assertThat(rules).hasSize(4);
        assertThat(rules.getFirst().message()).contains("ends after it starts");
        assertThat(rules.getFirst().path()).containsExactly("ends_at");
        assertThat(rules.getFirst().fields()).containsExactly("ends_at", "starts_at");
        assertThat(rules.get(1).failureMessage()).contains("score * 2 + 1 <= 201");
        assertThat(rules.get(3).patterns()).containsKey("^[A-Z]");
    }

    @Test
    void misusedValidatorsAreReportedWithLineAndColumn() {
        Diagnostic length = onlyError(with("  n Int @length(1, 2)"));
        assertThat(length.message()).contains("@length applies to String fields and lists; `n` is Int");
        assertThat(length.span().line()).isEqualTo(20);
        assertThat(length.span().column()).isEqualTo(9);
        assertThat(onlyError(with("  s String @gt(1)")).message()).contains("@gt applies to Int, BigInt, Float and Decimal fields; `s` is String");
        assertThat(onlyError(with("  s String @email @email")).message()).contains("can only be defined once");
        assertThat(onlyError(with("  s Int @trim")).message()).contains("@trim applies to String fields");
        assertThat(onlyError(with("  s String @trim(1)")).message()).contains("@trim takes no arguments");
        assertThat(onlyError(with("  s String @length(5, 2)")).message()).contains("minimum is above the maximum");
        assertThat(onlyError(with("  s String @length(-1)")).message()).contains("0 or more");
        assertThat(onlyError(with("  s String @length(\"a\")")).message()).contains("0 or more");
        assertThat(onlyError(with("  s String @length()")).message()).contains("needs a minimum, a maximum or both");
        assertThat(onlyError(with("  s String @startsWith(1)")).message()).contains("The text must be a string");
        assertThat(onlyError(with("  s String @startsWith")).message()).contains("needs its text");
        assertThat(onlyError(with("  s Int @gt(\"x\")")).message()).contains("@gt takes a number");
        assertThat(onlyError(with("  s String @email(1)")).message()).contains("The message must be a string");
        assertThat(onlyError(with("  s String @email(\"m\", \"n\")")).message()).contains("Too many arguments");
        assertThat(onlyError(with("  s String @email(foo: \"m\")")).message()).contains("No such argument");
        Diagnostic regex = onlyError(with("  s String @regex(\"[a-\")"));
        assertThat(regex.message()).contains("does not compile");
        assertThat(regex.span().column()).isEqualTo(19);
        assertThat(onlyError(with("  @@length(1)")).message()).contains("Attribute not known: \"@@length\"");
    }

    @Test
    void misusedModelRulesAreReportedWithLineAndColumn() {
        Diagnostic unknown = onlyError(with("  @@validate(nope > 1)"));
        assertThat(unknown.message()).contains("Unknown field `nope` in model `Deal`");
        assertThat(unknown.span().line()).isEqualTo(20);
        assertThat(unknown.span().column()).isEqualTo(14);
        assertThat(onlyError(with("  @@validate(title > 1)")).message()).contains("Type mismatch");
        assertThat(onlyError(with("  @@validate(title + 1 > 2)")).message()).contains("computes with numbers");
        assertThat(onlyError(with("  @@validate(length(score, 1))")).message()).contains("length() takes a String or a list");
        assertThat(onlyError(with("  @@validate(length(title))")).message()).contains("needs a minimum");
        assertThat(onlyError(with("  @@validate(email(score))")).message()).contains("email() takes a String");
        assertThat(onlyError(with("  @@validate(has(title, 'a'))")).message()).contains("has() takes a list field");
        assertThat(onlyError(with("  @@validate(has(tags, 1))")).message()).contains("cannot hold");
        assertThat(onlyError(with("  @@validate(regex(title, '[a-'))")).message()).contains("does not compile");
        assertThat(onlyError(with("  @@validate(auth() != null)")).message()).contains("auth() is not available in @@validate");
        assertThat(onlyError(with("  @@validate(score)")).message()).contains("not a condition");
        assertThat(onlyError(with("  @@validate(stage == lost)")).message()).contains("`lost` is not a value of enum Stage nor a field");
        assertThat(onlyError(with("  @@validate(stage > lead)")).message()).contains("compares numbers, strings or dates");
        assertThat(onlyError(with("  @@validate(tags == 'a')")).message()).contains("compares single values");
        assertThat(onlyError(with("  @@validate(starts_at > 'soon')")).message()).contains("ISO-8601");
        assertThat(onlyError(with("  @@validate(score > 1, 2)")).message()).contains("message of @@validate must be a string");
        assertThat(onlyError(with("  @@validate(score > 1, 'm', path: [1])")).message()).contains("path of @@validate");
        assertThat(onlyError(with("  @@validate(score > 1, 'm', foo: 1)")).message()).contains("No such argument");
        assertThat(onlyError(with("  @@validate(score >)")).message()).contains("Expected a value");
        assertThat(onlyError(with("  x Int @validate(x > 1)")).message()).contains("Attribute not known: \"@validate\"");
    }

    @Test
    void enumValuesBecomeTheirStoredNames() {
        ModelRule rule = rules(with("  @@validate(stage != won || score > 0)")).model("Deal").orElseThrow().rules().getFirst();
        RuleEvaluator eval = new RuleEvaluator(java.time.Instant.EPOCH);
        assertThat(eval.truth(rule, rule.condition(), f -> switch (f) {
            case "stage" -> "WON";
            case "score" -> BigDecimal.ZERO;
            default -> null;
        })).isFalse();
        assertThat(eval.truth(rule, rule.condition(), f -> switch (f) {
            case "stage" -> "lead";
            case "score" -> BigDecimal.ZERO;
            default -> null;
        })).isTrue();
    }

    @Test
    void otherDataRulesCanTypeCheckAConditionTheSameWay() throws Exception {
        String source = HEAD + "}\n";
        dev.plinth.schema.syntax.SchemaAst ast = dev.plinth.schema.syntax.Parser.parse("schema.prisma", source, new java.util.ArrayList<>());
        dev.plinth.schema.syntax.ModelBlock deal = ast.modelBlocks().getFirst();
        dev.plinth.schema.model.Span at = new dev.plinth.schema.model.Span("schema.prisma", 0, 0, 1, 1);
        dev.plinth.schema.policy.Condition ok = DataRulesCompiler.typeCheck(ast, source, deal,
                dev.plinth.schema.policy.ConditionParser.parse("stage == won && score * 2 > 1", at));
        assertThat(ok.toString()).contains("WON");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DataRulesCompiler.typeCheck(ast, source, deal,
                        dev.plinth.schema.policy.ConditionParser.parse("title > 1", at)))
                .hasMessageContaining("Type mismatch");
    }

    @Test
    void aRegexKeepsItsBackslashes() {
        DataRules d = rules(with("  digits String @regex(\"^\\d+$\")", "  pin String @regex(\"^\\\\d{4}$\")",
                "  @@validate(regex(title, '^\\w+\\.$'))"));
        ModelDataRules deal = d.model("Deal").orElseThrow();
        FieldValidator.Regex digits = (FieldValidator.Regex) deal.field("digits").orElseThrow().validators().getFirst();
        assertThat(digits.pattern().pattern()).isEqualTo("^\\d+$");
        assertThat(digits.check("123")).isEmpty();
        assertThat(digits.check("d")).isPresent();
        FieldValidator.Regex pin = (FieldValidator.Regex) deal.field("pin").orElseThrow().validators().getFirst();
        assertThat(pin.pattern().pattern()).isEqualTo("^\\d{4}$");
        ModelRule rule = deal.rules().getFirst();
        RuleEvaluator eval = new RuleEvaluator(java.time.Instant.EPOCH);
        assertThat(eval.truth(rule, rule.condition(), f -> f.equals("title") ? "Done." : null)).isTrue();
        assertThat(eval.truth(rule, rule.condition(), f -> f.equals("title") ? "w." : null)).isTrue();
        assertThat(eval.truth(rule, rule.condition(), f -> f.equals("title") ? "Done" : null)).isFalse();
    }
}
