package dev.plinth.schema.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The value of a property in a {@code datasource} or {@code generator} block. */
public sealed interface ConfigValue {

    /**
     * Resolves the value against an environment.
     *
     * @param environment variable names to values, usually {@link System#getenv()}
     * @return the text, or empty when it names an unset variable or is not text
     */
    Optional<String> resolve(Map<String, String> environment);

    /** A string literal, e.g. {@code "file:./dev.db"}. */
    record Text(String value) implements ConfigValue {
        @Override
        public Optional<String> resolve(Map<String, String> environment) {
            return Optional.of(value);
        }
    }

    /** {@code env("NAME")}: the value of an environment variable. */
    record Env(String variable) implements ConfigValue {
        @Override
        public Optional<String> resolve(Map<String, String> environment) {
            return Optional.ofNullable(environment.get(variable));
        }
    }

    /** A list, e.g. {@code previewFeatures = ["views"]}. */
    record ListValue(List<ConfigValue> values) implements ConfigValue {
        public ListValue {
            values = List.copyOf(values);
        }

        @Override
        public Optional<String> resolve(Map<String, String> environment) {
            return Optional.empty();
        }
    }

    /**
     * A function call with named string arguments other than {@code env(…)}, e.g. the extension
     * {@code citext(version: "1.6", schema: "ext")} of a datasource's {@code extensions} list.
     *
     * @param name      the function's name
     * @param arguments the named string arguments, in source order
     */
    record Call(String name, Map<String, String> arguments) implements ConfigValue {
        public Call {
            arguments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
        }

        /** Resolves to the function's name, as a bare identifier would. */
        @Override
        public Optional<String> resolve(Map<String, String> environment) {
            return Optional.of(name);
        }
    }

    /** A bare identifier or other expression, kept as its source text, e.g. {@code relationMode = prisma}. */
    record Raw(String text) implements ConfigValue {
        @Override
        public Optional<String> resolve(Map<String, String> environment) {
            return Optional.of(text);
        }
    }
}
