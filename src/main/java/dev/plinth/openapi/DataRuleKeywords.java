package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.schema.rules.FieldRules;
import dev.plinth.schema.rules.FieldValidator;
import dev.plinth.schema.rules.ModelDataRules;

/**
 * The field validators of a model as JSON Schema keywords (JSON Schema 2020-12, the dialect of OpenAPI
 * 3.1): {@code @length} as {@code minLength}/{@code maxLength} (or {@code minItems}/{@code maxItems} on a
 * list), {@code @regex}, {@code @startsWith}, {@code @endsWith} and {@code @contains} as {@code pattern}
 * (more than one in {@code allOf}), {@code @email} and {@code @url} as {@code format: email}/{@code uri},
 * and the bounds as {@code minimum}, {@code exclusiveMinimum}, {@code maximum}, {@code exclusiveMaximum}.
 * They describe the create and update bodies; the row schema leaves them out, since rows written before a
 * rule was added (or by another writer) need not meet it. {@code @@validate} rules, which JSON Schema
 * cannot express, are listed in the body's description.
 */
final class DataRuleKeywords {

    private DataRuleKeywords() {
    }

    /**
     * Adds the keywords to a create or update body schema.
     *
     * @param body  the body's object schema (its {@code properties} are changed)
     * @param r     the resource
     * @param rules the model's data rules
     */
    static void apply(ObjectNode body, Resource r, ModelDataRules rules) {
        JsonNode props = body.get("properties");
        for (Column c : r.columns()) {
            FieldRules fr = rules.fields().get(c.field().name());
            if (fr == null || !(props.get(c.name()) instanceof ObjectNode p)) {
                continue;
            }
            for (FieldValidator v : fr.validators()) {
                keyword(p, v, c.field().list());
            }
        }
        if (!rules.rules().isEmpty()) {
            StringBuilder d = new StringBuilder(body.path("description").asText(""));
            d.append(d.isEmpty() ? "" : " ").append("The stored row must also meet the model's rules (@@validate; a failure is 422 validation_failed):");
            rules.rules().forEach(rule -> d.append(" ").append(rule.text()).append(rule.message().map(m -> " (" + m + ")").orElse("")).append(";"));
            body.put("description", d.substring(0, d.length() - 1) + ".");
        }
    }

    private static void keyword(ObjectNode p, FieldValidator v, boolean list) {
        switch (v) {
            case FieldValidator.Length l -> {
                l.min().ifPresent(n -> p.put(list ? "minItems" : "minLength", n));
                l.max().ifPresent(n -> p.put(list ? "maxItems" : "maxLength", n));
            }
            case FieldValidator.Text t -> pattern(p, switch (t.test()) {
                case STARTS_WITH -> "^" + literal(t.text());
                case ENDS_WITH -> literal(t.text()) + "$";
                case CONTAINS -> literal(t.text());
            });
            case FieldValidator.Regex x -> pattern(p, x.pattern().pattern());
            case FieldValidator.Email e -> p.put("format", "email");
            case FieldValidator.Url u -> p.put("format", "uri");
            case FieldValidator.Bound b -> p.put(switch (b.kind()) {
                case GT -> "exclusiveMinimum";
                case GTE -> "minimum";
                case LT -> "exclusiveMaximum";
                case LTE -> "maximum";
            }, b.limit());
        }
    }

    /** One {@code pattern} per schema: a second one goes into {@code allOf}. */
    private static void pattern(ObjectNode p, String regex) {
        if (!p.has("pattern")) {
            p.put("pattern", regex);
            return;
        }
        ArrayNode all = p.has("allOf") ? (ArrayNode) p.get("allOf") : p.putArray("allOf");
        all.addObject().put("pattern", regex);
    }

    /** Escapes text for an ECMA-262 regular expression (JSON Schema's pattern dialect). */
    private static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char ch : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}".indexOf(ch) >= 0) {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.toString();
    }
}
