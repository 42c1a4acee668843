package dev.plinth.schema.validate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.LabelSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The display-label settings and {@code @@labels} as the validator sees them
 * (docs/search-and-relations.md, "Labels on every read"): each mistake is an error at its line and
 * column listing the valid values; valid ones resolve onto {@link LabelSettings}.
 */
class LabelRulesTest {

    private static String schema(String settings, String attribute) {
        return """
                generator plinth {
                  provider = "plinth"
                %s
                }
                model Room {
                  id   Int    @id
                  name String
                  %s
                }
                """.formatted(settings, attribute);
    }

    private static SchemaResult load(String text) {
        return SchemaLoader.parse("schema.prisma", text);
    }

    private static List<String> errors(String text) {
        return load(text).errors().stream().map(d -> d.span().line() + ":" + d.span().column() + ": " + d.message()).toList();
    }

    @Test
    void validSettingsAndAttributeResolve() {
        SchemaResult r = load(schema("  labels = \"always\"\n  label_keys = \"quickback\"", "@@labels(\"on_request\")"));
        assertThat(r.errors()).isEmpty();
        LabelSettings s = LabelSettings.of(r.schema().orElseThrow());
        assertThat(s.configured()).isTrue();
        assertThat(s.mode()).isEqualTo(LabelSettings.Mode.ALWAYS);
        assertThat(s.keys()).isEqualTo(LabelSettings.Keys.QUICKBACK);
        assertThat(s.always(r.schema().orElseThrow().model("Room").orElseThrow())).isFalse();

        SchemaResult named = load(schema("", "@@labels(mode: \"always\")"));
        assertThat(named.errors()).isEmpty();
        LabelSettings n = LabelSettings.of(named.schema().orElseThrow());
        assertThat(n.configured()).isTrue();
        assertThat(n.always(named.schema().orElseThrow().model("Room").orElseThrow())).isTrue();
    }

    @Test
    void aSchemaWithoutLabelSettingsIsNotConfigured() {
        SchemaResult r = load(schema("", ""));
        assertThat(r.errors()).isEmpty();
        assertThat(LabelSettings.of(r.schema().orElseThrow())).isEqualTo(LabelSettings.NONE);
    }

    @Test
    void badSettingValuesAreErrorsAtTheirPlace() {
        assertThat(errors(schema("  labels = \"sometimes\"", ""))).containsExactly(
                "3:12: The setting `labels` of generator plinth must be one of \"on_request\", \"always\", not `\"sometimes\"`.");
        assertThat(errors(schema("  label_keys = \"camel\"", ""))).containsExactly(
                "3:16: The setting `label_keys` of generator plinth must be one of \"standard\", \"quickback\", not `\"camel\"`.");
        assertThat(errors(schema("  labels = true", ""))).singleElement().asString().startsWith("3:12:").contains("\"always\"");
    }

    @Test
    void badAttributesAreErrorsAtTheirPlace() {
        assertThat(errors(schema("", "@@labels(\"never\")"))).containsExactly(
                "8:12: The mode of @@labels must be one of \"on_request\", \"always\", not `\"never\"`;"
                        + " write @@labels(\"always\") or @@labels(\"on_request\").");
        assertThat(errors(schema("", "@@labels(always)"))).singleElement().asString().startsWith("8:12:");
        assertThat(errors(schema("", "@@labels"))).singleElement().asString().startsWith("8:3:").contains("takes one mode");
        assertThat(errors(schema("", "@@labels(\"always\", \"on_request\")"))).singleElement().asString().contains("takes one mode");
        assertThat(errors(schema("", "@@labels(keys: \"always\")"))).singleElement().asString()
                .startsWith("8:12:").contains("No such argument `keys`");
        assertThat(errors(schema("", "@@labels(\"always\")\n  @@labels(\"always\")"))).hasSize(2)
                .allMatch(e -> e.contains("can only be defined once"));
    }

    @Test
    void keyPatterns() {
        LabelSettings.Keys quickback = LabelSettings.Keys.QUICKBACK;
        assertThat(quickback.key("roomTypeId")).isEqualTo("roomType_label");
        assertThat(quickback.key("room_type_id")).isEqualTo("room_type_label");
        assertThat(quickback.key("owner")).isEqualTo("owner_label");
        LabelSettings.Keys standard = LabelSettings.Keys.STANDARD;
        assertThat(standard.key("roomTypeId")).isEqualTo("roomTypeLabel");
        assertThat(standard.key("company_id")).isEqualTo("company_label");
        assertThat(standard.key("owner")).isEqualTo("owner_label");
        assertThat(standard.key("Id")).isEqualTo("Id_label");
    }
}
