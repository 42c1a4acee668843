package dev.plinth.schema.dmmf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.SharedMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real-world schema in {@code ../shared/schemas/real/} is accepted, and Plinth's reading of it
 * agrees field by field with the data model Prisma's own parser derives ({@code *.dmmf.json}).
 */
class RealSchemasAgainstPrismaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELD_KEYS = List.of("columnName", "kind", "type", "isList", "isRequired", "isId",
            "isUnique", "default", "isUpdatedAt", "nativeType", "relationName", "relationFromFields", "relationToFields",
            "relationOnDelete", "relationOnUpdate", "isReadOnly", "hasDefaultValue", "documentation", "dbName");
    private static final List<String> MODEL_KEYS = List.of("dbName", "primaryKey", "uniqueFields", "uniqueIndexes",
            "isView", "documentation", "schema");

    static Stream<Path> schemasWithDmmf() throws IOException {
        try (Stream<Path> files = Files.list(SharedMaterial.root().resolve("schemas/real"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".prisma"))
                    .filter(p -> Files.exists(dmmfOf(p))).sorted().toList();
            assertThat(list).hasSizeGreaterThanOrEqualTo(23);
            return list.stream();
        }
    }

    private static Path dmmfOf(Path schema) {
        return schema.resolveSibling(schema.getFileName().toString().replace(".prisma", ".dmmf.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemasWithDmmf")
    void agreesWithPrismasDataModel(Path schemaFile) throws IOException {
        SchemaResult result = SchemaLoader.load(schemaFile);
        assertThat(result.errors()).as("errors in %s", schemaFile).isEmpty();
        JsonNode ours = DmmfWriter.datamodel(result.schema().orElseThrow());
        JsonNode theirs = JSON.readTree(dmmfOf(schemaFile).toFile()).get("datamodel");
        List<String> disagreements = new ArrayList<>();
        String name = schemaFile.getFileName().toString();
        compareModels(name, ours, theirs, disagreements);
        compareEnums(name, ours, theirs, disagreements);
        compareIndexes(name, ours, theirs, disagreements);
        assertThat(disagreements).as("disagreements with Prisma's DMMF").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemasWithDmmf")
    void warnsAsOftenAsPrismasValidatorDoes(Path schemaFile) throws IOException {
        String readme = Files.readString(schemaFile.resolveSibling("README.md"));
        java.util.regex.Matcher row = java.util.regex.Pattern.compile(
                "\\| `" + java.util.regex.Pattern.quote(schemaFile.getFileName().toString()) + "` \\|.*\\|([^|]*)\\|\\s*$",
                java.util.regex.Pattern.MULTILINE).matcher(readme);
        assertThat(row.find()).as("README row of %s", schemaFile).isTrue();
        java.util.regex.Matcher count = java.util.regex.Pattern.compile("(\\d+) warning").matcher(row.group(1));
        int expected = count.find() ? Integer.parseInt(count.group(1)) : 0;
        SchemaResult result = SchemaLoader.load(schemaFile);
        assertThat(result.warnings()).as("warnings of %s", schemaFile).hasSize(expected);
    }

    @Test
    void shelfIsAcceptedWithAWarningForItsViewWithAnId() throws IOException {
        SchemaResult result = SchemaLoader.load(SharedMaterial.root().resolve("schemas/real/shelf.prisma"));
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).extracting(Diagnostic::message)
                .anySatisfy(m -> assertThat(m).contains("Views cannot have primary keys"));
        assertThat(result.schema()).isPresent();
    }

    private static void compareModels(String schema, JsonNode ours, JsonNode theirs, List<String> out) {
        Map<String, JsonNode> ourModels = byName(ours.get("models"));
        Map<String, JsonNode> theirModels = byName(theirs.get("models"));
        if (!ourModels.keySet().equals(theirModels.keySet())) {
            out.add(schema + ": models " + ourModels.keySet() + " vs Prisma " + theirModels.keySet());
        }
        for (Map.Entry<String, JsonNode> entry : theirModels.entrySet()) {
            JsonNode ourModel = ourModels.get(entry.getKey());
            if (ourModel == null) {
                continue;
            }
            String where = schema + " model " + entry.getKey();
            compareKeys(where, MODEL_KEYS, ourModel, entry.getValue(), out);
            Map<String, JsonNode> ourFields = byName(ourModel.get("fields"));
            Map<String, JsonNode> theirFields = byName(entry.getValue().get("fields"));
            if (!ourFields.keySet().equals(theirFields.keySet())) {
                out.add(where + ": fields " + ourFields.keySet() + " vs Prisma " + theirFields.keySet());
            }
            for (Map.Entry<String, JsonNode> field : theirFields.entrySet()) {
                JsonNode ourField = ourFields.get(field.getKey());
                if (ourField != null) {
                    compareKeys(where + " field " + field.getKey(), FIELD_KEYS, ourField, field.getValue(), out);
                }
            }
        }
    }

    private static void compareEnums(String schema, JsonNode ours, JsonNode theirs, List<String> out) {
        Map<String, JsonNode> ourEnums = byName(ours.get("enums"));
        Map<String, JsonNode> theirEnums = byName(theirs.get("enums"));
        if (!ourEnums.keySet().equals(theirEnums.keySet())) {
            out.add(schema + ": enums " + ourEnums.keySet() + " vs Prisma " + theirEnums.keySet());
        }
        for (Map.Entry<String, JsonNode> entry : theirEnums.entrySet()) {
            JsonNode ourEnum = ourEnums.get(entry.getKey());
            if (ourEnum != null) {
                compareKeys(schema + " enum " + entry.getKey(), List.of("dbName", "values", "documentation"), ourEnum, entry.getValue(), out);
            }
        }
    }

    /** Indexes match by model, kind and fields; then their client name, database name, method and field options agree. */
    private static void compareIndexes(String schema, JsonNode ours, JsonNode theirs, List<String> out) {
        Map<String, JsonNode> ourIndexes = byKey(ours.get("indexes"));
        Map<String, JsonNode> theirIndexes = byKey(theirs.get("indexes"));
        if (!ourIndexes.keySet().equals(theirIndexes.keySet())) {
            out.add(schema + ": indexes " + ourIndexes.keySet() + " vs Prisma " + theirIndexes.keySet());
        }
        for (Map.Entry<String, JsonNode> entry : theirIndexes.entrySet()) {
            JsonNode ourIndex = ourIndexes.get(entry.getKey());
            if (ourIndex != null) {
                compareKeys(schema + " index " + entry.getKey(), List.of("name", "dbName", "algorithm", "isDefinedOnField", "fields"),
                        ourIndex, entry.getValue(), out);
            }
        }
    }

    private static Map<String, JsonNode> byKey(JsonNode indexes) {
        Map<String, JsonNode> map = new HashMap<>();
        for (JsonNode index : indexes) {
            List<String> fields = new ArrayList<>();
            index.get("fields").forEach(f -> fields.add(f.get("name").asText()));
            map.put(index.get("model").asText() + " " + index.get("type").asText() + " " + fields, index);
        }
        return map;
    }

    private static void compareKeys(String where, List<String> keys, JsonNode ours, JsonNode theirs, List<String> out) {
        for (String key : keys) {
            JsonNode a = ours.get(key);
            JsonNode b = theirs.get(key);
            boolean same = a == null ? b == null : a.equals(b) || numericallyEqual(a, b);
            if (!same) {
                out.add(where + ": " + key + " is " + a + ", Prisma says " + b);
            }
        }
    }

    private static boolean numericallyEqual(JsonNode a, JsonNode b) {
        return b != null && a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
    }

    private static Map<String, JsonNode> byName(JsonNode array) {
        Map<String, JsonNode> map = new HashMap<>();
        array.forEach(n -> map.put(n.get("name").asText(), n));
        return map;
    }
}
