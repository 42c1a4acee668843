package dev.plinth.schema.rules;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.Span;
import dev.plinth.schema.policy.Condition;
import dev.plinth.schema.policy.ConditionException;
import dev.plinth.schema.policy.ConditionParser;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.SchemaAst;
import dev.plinth.schema.syntax.TypeReference;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the data rules of a parsed schema into {@link DataRules} (models, views and composite
 * {@code type} blocks, each by its name), reporting every misuse with its line
 * and column: a validator on a field of the wrong type ({@code @length} on an Int, {@code @gt} on a
 * String), an argument of the wrong type or an unknown one, a regular expression that does not compile,
 * a bound that cannot hold ({@code @length(5, 2)}), and in {@code @@validate} an unknown field, a
 * relation, {@code auth()}, or operands whose types do not fit. Vocabulary and signatures from ZenStack,
 * https://zenstack.dev/docs/reference/zmodel-language#data-validation; conditions are parsed by
 * {@link ConditionParser} from the source text of the argument, as access rules are.
 */
public final class DataRulesCompiler {

    /** The field attributes this compiler owns. */
    public static final Set<String> FIELD_ATTRIBUTES = Set.of("length", "startsWith", "endsWith", "contains", "email",
            "url", "regex", "gt", "gte", "lt", "lte", "trim", "lower", "upper");

    /** The block attributes this compiler owns. */
    public static final Set<String> BLOCK_ATTRIBUTES = Set.of("validate");

    private static final Set<String> NUMBERS = Set.of("Int", "BigInt", "Float", "Decimal");

    private final String source;
    private final List<Diagnostic> diagnostics;
    /** Enum name → value name → stored name ({@code @map} of the value, else its name). */
    private final Map<String, Map<String, String>> enums = new HashMap<>();
    private final Set<String> models = new java.util.HashSet<>();

    private DataRulesCompiler(SchemaAst ast, String source, List<Diagnostic> diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
        for (EnumBlock e : ast.enumBlocks()) {
            Map<String, String> values = new LinkedHashMap<>();
            for (EnumBlock.EnumValueDeclaration v : e.values()) {
                String stored = v.attribute("map").flatMap(a -> a.namedOrFirst("name")).map(Argument::value)
                        .filter(x -> x instanceof Expression.StringValue).map(x -> ((Expression.StringValue) x).value())
                        .orElse(v.name().text());
                values.put(v.name().text(), stored);
            }
            enums.put(e.name().text(), values);
        }
        // relations point at models and views; a composite type's field is a document, not a relation
        ast.modelBlocks().stream().filter(m -> m.kind() != ModelBlock.Kind.TYPE).forEach(m -> models.add(m.name().text()));
    }

    /**
     * Compiles every model's data rules.
     *
     * @param ast         the parsed schema
     * @param source      the schema text (conditions are read from it by span)
     * @param diagnostics receives one error per misuse
     * @return the rules of the models that have some
     */
    public static DataRules compile(SchemaAst ast, String source, List<Diagnostic> diagnostics) {
        DataRulesCompiler c = new DataRulesCompiler(ast, source, diagnostics);
        Map<String, ModelDataRules> out = new LinkedHashMap<>();
        for (ModelBlock m : ast.modelBlocks()) {
            c.model(m).ifPresent(r -> out.put(m.name().text(), r));
        }
        return new DataRules(out);
    }

    /**
     * Type-checks one data condition of a model, as {@code @@validate} is checked: for other data rules
     * written in the same language (a {@code @@check} constraint, which then refuses what SQL cannot
     * enforce, such as {@code now()}).
     *
     * @param ast       the parsed schema (for its enums and models)
     * @param source    the schema text
     * @param model     the model the condition belongs to
     * @param condition the parsed condition ({@link ConditionParser})
     * @return the condition with bare enum values turned into string literals of their stored names
     * @throws ConditionException at the first misuse, with its span
     */
    public static Condition typeCheck(SchemaAst ast, String source, ModelBlock model, Condition condition) throws ConditionException {
        DataRulesCompiler c = new DataRulesCompiler(ast, source, new ArrayList<>());
        return c.typer(model).condition(condition);
    }

    private Optional<ModelDataRules> model(ModelBlock m) {
        Map<String, FieldRules> fields = new LinkedHashMap<>();
        for (FieldDeclaration f : m.fields()) {
            field(m, f).ifPresent(r -> fields.put(f.name().text(), r));
        }
        List<ModelRule> rules = new ArrayList<>();
        for (Attribute a : m.attributes()) {
            if (a.name().equals("validate")) {
                modelRule(m, a).ifPresent(rules::add);
            }
        }
        if (fields.isEmpty() && rules.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<String, String>> enumFields = new HashMap<>();
        for (FieldDeclaration f : m.fields()) {
            Map<String, String> values = enums.get(f.type().name().text());
            if (values != null) {
                enumFields.put(f.name().text(), values);
            }
        }
        return Optional.of(new ModelDataRules(m.name().text(), fields, rules, enumFields));
    }

    // ---- field validators and transforms -----------------------------------------------------

    private Optional<FieldRules> field(ModelBlock m, FieldDeclaration f) {
        List<Transform> transforms = new ArrayList<>();
        List<FieldValidator> validators = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Attribute a : f.attributes()) {
            if (!FIELD_ATTRIBUTES.contains(a.name())) {
                continue; // a misplaced @@validate or @@length is "Attribute not known" (AttributeRules)
            }
            if (!seen.add(a.name())) {
                error("Attribute \"@" + a.name() + "\" can only be defined once.", a.span());
                continue;
            }
            String type = f.type().name().text();
            boolean list = f.type().arity() == TypeReference.Arity.LIST;
            Optional<Transform> transform = Transform.of(a.name());
            if (transform.isPresent()) {
                if (!type.equals("String") || list) {
                    error("@" + a.name() + " applies to String fields; `" + f.name().text() + "` is " + describe(f) + ".", a.span());
                } else if (!a.arguments().isEmpty()) {
                    error("@" + a.name() + " takes no arguments.", a.span());
                } else {
                    transforms.add(transform.get());
                }
                continue;
            }
            validator(f, a, type, list).ifPresent(validators::add);
        }
        if (transforms.isEmpty() && validators.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FieldRules(f.name().text(), transforms, validators));
    }

    private Optional<FieldValidator> validator(FieldDeclaration f, Attribute a, String type, boolean list) {
        String name = a.name();
        boolean number = NUMBERS.contains(type) && !list;
        boolean text = type.equals("String") && !list;
        switch (name) {
            case "length" -> {
                if (!type.equals("String") || f.type().unsupported().isPresent()) {
                    if (!list) {
                        return wrongType(f, a, "String fields and lists");
                    }
                }
            }
            case "gt", "gte", "lt", "lte" -> {
                if (!number) {
                    return wrongType(f, a, "Int, BigInt, Float and Decimal fields");
                }
            }
            default -> {
                if (!text) {
                    return wrongType(f, a, "String fields");
                }
            }
        }
        Optional<Map<String, Argument>> args = arguments(a, switch (name) {
            case "length" -> List.of("min", "max", "message");
            case "email", "url" -> List.of("message");
            case "regex" -> List.of("regex", "message");
            case "gt", "gte", "lt", "lte" -> List.of("value", "message");
            default -> List.of("text", "message");
        });
        if (args.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Argument> given = args.get();
        Optional<String> message = Optional.empty();
        if (given.containsKey("message")) {
            Optional<String> m = string(given.get("message"), "the message");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            message = m;
        }
        switch (name) {
            case "length" -> {
                OptionalInt min = OptionalInt.empty();
                OptionalInt max = OptionalInt.empty();
                for (String bound : List.of("min", "max")) {
                    if (!given.containsKey(bound)) {
                        continue;
                    }
                    Expression v = given.get(bound).value();
                    Optional<BigDecimal> n = number(v);
                    if (n.isEmpty() || n.get().signum() < 0 || n.get().stripTrailingZeros().scale() > 0
                            || n.get().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                        error("@length: " + bound + " must be a whole number of characters or items, 0 or more; got "
                                + raw(v.span()) + ".", v.span());
                        return Optional.empty();
                    }
                    if (bound.equals("min")) {
                        min = OptionalInt.of(n.get().intValueExact());
                    } else {
                        max = OptionalInt.of(n.get().intValueExact());
                    }
                }
                if (min.isEmpty() && max.isEmpty()) {
                    error("@length needs a minimum, a maximum or both: @length(1, 80), @length(max: 80).", a.span());
                    return Optional.empty();
                }
                if (min.isPresent() && max.isPresent() && min.getAsInt() > max.getAsInt()) {
                    error("@length(" + min.getAsInt() + ", " + max.getAsInt() + "): the minimum is above the maximum, so no value passes.", a.span());
                    return Optional.empty();
                }
                return Optional.of(new FieldValidator.Length(min, max, message));
            }
            case "email" -> {
                return Optional.of(new FieldValidator.Email(message));
            }
            case "url" -> {
                return Optional.of(new FieldValidator.Url(message));
            }
            case "regex" -> {
                Argument arg = required(a, given, "regex");
                Optional<String> p = arg == null ? Optional.empty() : string(arg, "the regular expression")
                        .map(unescaped -> regexText(arg.value().span()).orElse(unescaped));
                Optional<String> finalMessage = message;
                return p.flatMap(text1 -> pattern(text1, arg.value().span())).map(pattern -> new FieldValidator.Regex(pattern, finalMessage));
            }
            case "gt", "gte", "lt", "lte" -> {
                Argument arg = required(a, given, "value");
                if (arg == null) {
                    return Optional.empty();
                }
                Optional<BigDecimal> n = number(arg.value());
                if (n.isEmpty()) {
                    error("@" + name + " takes a number, e.g. @" + name + "(0); got " + raw(arg.value().span()) + ".", arg.value().span());
                    return Optional.empty();
                }
                FieldValidator.BoundKind kind = FieldValidator.BoundKind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
                return Optional.of(new FieldValidator.Bound(kind, n.get(), message));
            }
            default -> {
                Argument arg = required(a, given, "text");
                if (arg == null) {
                    return Optional.empty();
                }
                Optional<String> t = string(arg, "the text");
                FieldValidator.TextTest test = switch (name) {
                    case "startsWith" -> FieldValidator.TextTest.STARTS_WITH;
                    case "endsWith" -> FieldValidator.TextTest.ENDS_WITH;
                    default -> FieldValidator.TextTest.CONTAINS;
                };
                Optional<String> finalMessage = message;
                return t.map(x -> new FieldValidator.Text(test, x, finalMessage));
            }
        }
    }

    private Optional<FieldValidator> wrongType(FieldDeclaration f, Attribute a, String applies) {
        error("@" + a.name() + " applies to " + applies + "; `" + f.name().text() + "` is " + describe(f) + ".", a.span());
        return Optional.empty();
    }

    static String describe(FieldDeclaration f) {
        String t = f.type().unsupported().map(u -> "Unsupported(\"" + u + "\")").orElse(f.type().name().text());
        return switch (f.type().arity()) {
            case LIST -> t + "[]";
            case OPTIONAL -> t + "?";
            case REQUIRED -> t;
        };
    }

    /** Assigns positional arguments to {@code names} in order and checks named ones; reports the first misuse. */
    private Optional<Map<String, Argument>> arguments(Attribute a, List<String> names) {
        Map<String, Argument> out = new LinkedHashMap<>();
        int position = 0;
        for (Argument arg : a.arguments()) {
            String name;
            if (arg.name().isPresent()) {
                name = arg.name().get().text();
                if (!names.contains(name)) {
                    error("No such argument: @" + a.name() + " takes " + String.join(", ", names) + ".", arg.span());
                    return Optional.empty();
                }
            } else {
                if (position >= names.size()) {
                    error("Too many arguments: @" + a.name() + " takes " + String.join(", ", names) + ".", arg.span());
                    return Optional.empty();
                }
                name = names.get(position++);
            }
            if (out.put(name, arg) != null) {
                error("Argument \"" + name + "\" is already specified.", arg.span());
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private Argument required(Attribute a, Map<String, Argument> given, String name) {
        Argument arg = given.get(name);
        if (arg == null) {
            error("@" + a.name() + " needs its " + name + ", e.g. @" + a.name() + switch (a.name()) {
                case "regex" -> "(\"^[a-z]+$\")";
                case "gt", "gte", "lt", "lte" -> "(0)";
                default -> "(\"abc\")";
            } + ".", a.span());
        }
        return arg;
    }

    private Optional<String> string(Argument arg, String what) {
        if (arg.value() instanceof Expression.StringValue s) {
            return Optional.of(s.value());
        }
        error(capitalized(what) + " must be a string; got " + raw(arg.value().span()) + ".", arg.value().span());
        return Optional.empty();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Optional<BigDecimal> number(Expression v) {
        if (v instanceof Expression.NumberValue n) {
            try {
                return Optional.of(new BigDecimal(n.text()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The pattern of a quoted string as written: only {@code \\} and an escaped quote are unescaped, so
     * {@code "^\d+$"} and {@code "^\\d+$"} both mean the regex {@code ^\d+$} (a string escape would
     * otherwise turn {@code \d} into {@code d}).
     */
    private Optional<String> regexText(Span span) {
        String quoted = raw(span);
        if (quoted.length() < 2 || (quoted.charAt(0) != '"' && quoted.charAt(0) != '\'') || quoted.charAt(quoted.length() - 1) != quoted.charAt(0)) {
            return Optional.empty();
        }
        String inner = quoted.substring(1, quoted.length() - 1);
        StringBuilder out = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char ch = inner.charAt(i);
            if (ch == '\\' && i + 1 < inner.length() && (inner.charAt(i + 1) == '\\' || inner.charAt(i + 1) == quoted.charAt(0))) {
                out.append(inner.charAt(++i));
            } else {
                out.append(ch);
            }
        }
        return Optional.of(out.toString());
    }

    private Optional<Pattern> pattern(String text, Span span) {
        try {
            return Optional.of(Pattern.compile(text));
        } catch (PatternSyntaxException e) {
            error("The regular expression /" + text + "/ does not compile: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + ".", span);
            return Optional.empty();
        }
    }

    // ---- @@validate --------------------------------------------------------------------------

    private Optional<ModelRule> modelRule(ModelBlock m, Attribute a) {
        Argument condition = null;
        Argument message = null;
        Argument path = null;
        int position = 0;
        for (Argument arg : a.arguments()) {
            String name = arg.name().map(n -> n.text()).orElse(switch (position++) {
                case 0 -> "condition";
                case 1 -> "message";
                case 2 -> "path";
                default -> "";
            });
            switch (name) {
                case "condition" -> condition = arg;
                case "message" -> message = arg;
                case "path" -> path = arg;
                default -> {
                    error("No such argument: @@validate takes a condition, a message and a path, e.g. "
                            + "@@validate(ends_at > starts_at, \"ends after it starts\", path: [\"ends_at\"]).", arg.span());
                    return Optional.empty();
                }
            }
        }
        if (condition == null) {
            error("@@validate needs a condition, e.g. @@validate(ends_at > starts_at, \"ends after it starts\").", a.span());
            return Optional.empty();
        }
        Optional<Condition> parsed = parse(condition);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        DataConditionTyper typer = typer(m);
        Condition checked;
        try {
            checked = typer.condition(parsed.get());
        } catch (ConditionException e) {
            error(e.getMessage(), e.span());
            return Optional.empty();
        }
        Optional<String> text = Optional.empty();
        if (message != null) {
            Optional<Condition> msg = parse(message);
            if (msg.isEmpty()) {
                return Optional.empty();
            }
            if (!(msg.get() instanceof Condition.Literal l) || !(l.value() instanceof String s)) {
                error("The message of @@validate must be a string; got " + raw(message.value().span()) + ".", message.value().span());
                return Optional.empty();
            }
            text = Optional.of(s);
        }
        List<String> pathParts = new ArrayList<>();
        if (path != null) {
            Optional<Condition> p = parse(path);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            List<Condition> items = p.get() instanceof Condition.ListValue list ? list.items() : List.of(p.get());
            for (Condition item : items) {
                if (!(item instanceof Condition.Literal l) || !(l.value() instanceof String s) || s.isEmpty()) {
                    error("The path of @@validate is a list of names, e.g. path: [\"ends_at\"]; got " + raw(item.span()) + ".", item.span());
                    return Optional.empty();
                }
                pathParts.add(s);
            }
            if (pathParts.isEmpty()) {
                error("The path of @@validate is a list of names, e.g. path: [\"ends_at\"].", path.value().span());
                return Optional.empty();
            }
        }
        return Optional.of(new ModelRule(checked, raw(condition.value().span()), text, pathParts,
                List.copyOf(typer.fields), typer.patterns, a.span()));
    }

    private DataConditionTyper typer(ModelBlock m) {
        return new DataConditionTyper(m, enums, models, this::raw, this::regexText);
    }

    private Optional<Condition> parse(Argument arg) {
        Span span = arg.value().span();
        try {
            return Optional.of(ConditionParser.parse(raw(span), span));
        } catch (ConditionException e) {
            error(e.getMessage(), e.span());
            return Optional.empty();
        }
    }

    private String raw(Span span) {
        if (span.endOffset() <= source.length() && span.startOffset() <= span.endOffset() && span.startOffset() >= 0) {
            return source.substring(span.startOffset(), span.endOffset());
        }
        return "";
    }

    private void error(String message, Span span) {
        diagnostics.add(Diagnostic.error(message, span));
    }
}
