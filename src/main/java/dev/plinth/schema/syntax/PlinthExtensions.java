package dev.plinth.schema.syntax;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What Plinth adds to the Prisma Schema Language, in one table: every Plinth-only attribute and
 * {@code @default} function, and what Prisma itself knows, so that a Prisma-valid copy of a schema
 * ({@code plinth prisma-schema}, docs/schema.md, "Prisma Client beside Plinth") can leave out exactly
 * Plinth's part. A new extension gets a row here; the copy then strips it, and
 * {@code PlinthExtensionsTest} fails when the validator accepts an attribute that is neither Prisma's nor
 * listed here.
 *
 * <p>Prisma's own names are taken from the Prisma schema reference, "Attributes" and "Attribute functions"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#attributes). Anything that is not
 * Prisma's counts as Plinth's, so an extension missing from the table is still left out of the copy.
 */
public final class PlinthExtensions {

    /** Where an extension is written. */
    public enum Kind {
        /** {@code @name(…)} on a field. */
        FIELD_ATTRIBUTE("@"),
        /** {@code @@name(…)} in a model or view. */
        BLOCK_ATTRIBUTE("@@"),
        /** A function inside {@code @default(…)}, e.g. {@code prefixed("rm")}. */
        DEFAULT_FUNCTION("");

        private final String sigil;

        Kind(String sigil) {
            this.sigil = sigil;
        }

        /** Returns what precedes the name when written: {@code @}, {@code @@} or nothing. */
        public String sigil() {
            return sigil;
        }
    }

    /**
     * One Plinth extension.
     *
     * @param kind            where it is written
     * @param name            the name without {@code @}/{@code @@}, e.g. {@code allow}
     * @param meaning         one line for users
     * @param prismaProviders the datasource providers on which Prisma accepts the attribute as its own (then the
     *                        copy keeps it); empty for a purely Plinth attribute
     */
    public record Extension(Kind kind, String name, String meaning, Set<String> prismaProviders) {
        public Extension {
            prismaProviders = Set.copyOf(prismaProviders);
        }

        /** Returns the extension as written, e.g. {@code @@allow} or {@code prefixed()}. */
        public String display() {
            return kind == Kind.DEFAULT_FUNCTION ? name + "()" : kind.sigil() + name;
        }
    }

    private static Extension field(String name, String meaning) {
        return new Extension(Kind.FIELD_ATTRIBUTE, name, meaning, Set.of());
    }

    private static Extension block(String name, String meaning) {
        return new Extension(Kind.BLOCK_ATTRIBUTE, name, meaning, Set.of());
    }

    private static Extension function(String name, String meaning) {
        return new Extension(Kind.DEFAULT_FUNCTION, name, meaning, Set.of());
    }

    /** Every Plinth extension, in the order docs/schema.md lists them. */
    public static final List<Extension> ALL = List.of(
            block("allow", "access rule: operations allowed when the condition holds"),
            block("deny", "access rule: operations denied when the condition holds"),
            field("allow", "field access rule"),
            field("deny", "field access rule"),
            field("omit", "never in a response (password hashes)"),
            field("mask", "shown masked unless a condition holds"),
            function("auth", "@default(auth().claim): the value of a claim of the caller's token"),
            block("display", "the field whose value labels a row"),
            // Prisma's own attribute, accepted by Prisma 6 only on MySQL and MongoDB; Plinth serves it everywhere.
            new Extension(Kind.BLOCK_ATTRIBUTE, "fulltext", "full-text search index on every provider",
                    Set.of("mysql", "mongodb")),
            block("naming", "physical naming of one model (exact or the schema's)"),
            block("owner", "the field holding the row's owner"),
            block("softDelete", "the field marking a row deleted"),
            block("tenant", "the field holding the row's organization and the claim it matches"),
            block("conventions", "switches Plinth's conventions off for a model"),
            block("openRead", "reads open to every caller while writes stay owner-scoped"),
            block("normalizeKey", "trims or lower/upper-cases String keys"),
            block("route", "the model's route in the API"),
            block("validate", "a condition every written row must meet"),
            block("check", "a CHECK constraint of the table"),
            field("length", "length bounds of a String"),
            field("startsWith", "required prefix of a String"),
            field("endsWith", "required suffix of a String"),
            field("contains", "required substring of a String"),
            field("email", "an e-mail address"),
            field("url", "a URL"),
            field("regex", "a regular expression the value matches"),
            field("gt", "lower bound, exclusive"),
            field("gte", "lower bound, inclusive"),
            field("lt", "upper bound, exclusive"),
            field("lte", "upper bound, inclusive"),
            field("trim", "whitespace trimmed on write"),
            field("lower", "lower-cased on write"),
            field("upper", "upper-cased on write"),
            function("prefixed", "@default(prefixed(\"rm\")): a prefixed, time-ordered id"),
            function("between", "@default(between([1, 5])): a random number in the range, the data-model spec's default"));

    /** Prisma's field attributes; {@code @db.*} (the datasource's name, a dot, a native type) is Prisma's too. */
    public static final Set<String> PRISMA_FIELD_ATTRIBUTES = Set.of("id", "unique", "default", "map", "relation",
            "updatedAt", "ignore", "shardKey");

    /** Prisma's model and view attributes. */
    public static final Set<String> PRISMA_BLOCK_ATTRIBUTES = Set.of("id", "unique", "index", "fulltext", "map", "ignore",
            "schema", "shardKey");

    /** Prisma's attributes of enums ({@code @@map}, {@code @@schema}) and enum values ({@code @map}). */
    public static final Set<String> PRISMA_ENUM_ATTRIBUTES = Set.of("map", "schema");

    /** Prisma's {@code @default} functions (CockroachDB's {@code sequence}, MongoDB's {@code auto} included). */
    public static final Set<String> PRISMA_DEFAULT_FUNCTIONS = Set.of("autoincrement", "now", "uuid", "cuid", "nanoid",
            "ulid", "dbgenerated", "sequence", "auto");

    private PlinthExtensions() {
    }

    /**
     * Finds an extension.
     *
     * @param kind where it is written
     * @param name its name without {@code @}
     * @return the table's row, or empty
     */
    public static Optional<Extension> find(Kind kind, String name) {
        return ALL.stream().filter(e -> e.kind() == kind && e.name().equals(name)).findFirst();
    }

    /**
     * Tells whether Prisma rejects an attribute as written, so that a Prisma-valid copy must leave it out.
     *
     * @param attribute the attribute of a field ({@code block} false) or of a model or view ({@code block} true)
     * @param provider  the datasource's provider ({@code postgresql}, {@code sqlite}, …); empty without a datasource
     * @return true for a Plinth attribute, and for Prisma's where Prisma does not accept it on this provider
     */
    public static boolean plinthOnly(Attribute attribute, Optional<String> provider) {
        if (!attribute.block() && attribute.name().contains(".")) {
            return false; // a native type, @db.VarChar(255)
        }
        if (attribute.block() && attribute.name().equals("index") && indexesAJsonPath(attribute)) {
            return true; // @@index([meta.plan]): a path inside a Json field, which Prisma cannot index
        }
        Kind kind = attribute.block() ? Kind.BLOCK_ATTRIBUTE : Kind.FIELD_ATTRIBUTE;
        Optional<Extension> extension = find(kind, attribute.name());
        if (extension.isPresent()) {
            return !provider.map(p -> extension.get().prismaProviders().contains(p)).orElse(false);
        }
        Set<String> prisma = attribute.block() ? PRISMA_BLOCK_ATTRIBUTES : PRISMA_FIELD_ATTRIBUTES;
        return !prisma.contains(attribute.name());
    }

    /** Tells whether an {@code @@index} names a path inside a Json field ({@code meta.plan}), docs/query.md "Json fields". */
    private static boolean indexesAJsonPath(Attribute attribute) {
        return attribute.namedOrFirst("fields").map(Argument::value).filter(v -> v instanceof Expression.ArrayValue)
                .map(v -> ((Expression.ArrayValue) v).elements().stream().anyMatch(e -> switch (e) {
                    case Expression.ConstantValue c -> c.text().indexOf('.') > 0;
                    case Expression.FunctionCall f -> f.name().indexOf('.') > 0;
                    default -> false;
                })).orElse(false);
    }

    /**
     * Tells whether an enum's or enum value's attribute is one Prisma does not know.
     *
     * @param attribute the attribute
     * @return true when Prisma has no such enum attribute
     */
    public static boolean plinthOnlyOnEnum(Attribute attribute) {
        return !PRISMA_ENUM_ATTRIBUTES.contains(attribute.name());
    }

    /**
     * Tells whether a {@code @default(…)} value is Plinth's: a function Prisma does not have.
     *
     * @param value the value inside {@code @default(…)}
     * @return true for {@code auth().claim}, {@code prefixed("rm")} and any other function that is not Prisma's
     */
    public static boolean plinthDefault(Expression value) {
        return value instanceof Expression.FunctionCall call
                && (find(Kind.DEFAULT_FUNCTION, call.name()).isPresent() || !PRISMA_DEFAULT_FUNCTIONS.contains(call.name()));
    }
}
