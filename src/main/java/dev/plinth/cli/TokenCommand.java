package dev.plinth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.TokenIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code plinth token --sub 42 [--claim role=admin] [--ttl 24h]}: prints an HS256 token signed with
 * {@code PLINTH_JWT_SECRET}, for trying the API.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a bearer token signed with PLINTH_JWT_SECRET (HS256), for trying the API.")
public final class TokenCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--sub", required = true, description = "The subject (user id) of the token.")
    String subject;

    @Option(names = "--claim", paramLabel = "NAME=VALUE",
            description = "A further claim; VALUE is read as JSON when it parses (42, true, [\"a\",\"b\"]), else as text.")
    Map<String, String> claims = new LinkedHashMap<>();

    @Option(names = "--ttl", defaultValue = "24h",
            description = "How long the token is valid: 30m, 24h, 7d or an ISO-8601 duration (default ${DEFAULT-VALUE}).")
    String ttl;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    /** Creates the command reading the process environment and writing to the standard streams. */
    public TokenCommand() {
        this(System.getenv(), System.out, System.err);
    }

    /**
     * @param environment where {@code PLINTH_JWT_SECRET} is read
     * @param out         where the token is printed
     * @param err         where problems are reported
     */
    TokenCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        String secret = environment.get(AuthConfig.SECRET_VARIABLE);
        if (secret == null || secret.isEmpty()) {
            err.println("plinth token: set " + AuthConfig.SECRET_VARIABLE + " to the secret the server uses");
            return 1;
        }
        Duration lifetime;
        try {
            lifetime = parseDuration(ttl);
        } catch (DateTimeParseException | NumberFormatException e) {
            err.println("plinth token: --ttl " + ttl + " is not a duration (use 30m, 24h, 7d or PT1H)");
            return 2;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        claims.forEach((name, value) -> values.put(name, claimValue(value)));
        try {
            out.println(new TokenIssuer(secret.getBytes(StandardCharsets.UTF_8)).issue(subject, values, lifetime));
        } catch (IllegalArgumentException e) {
            err.println("plinth token: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** Reads {@code 30s}, {@code 30m}, {@code 24h}, {@code 7d} or an ISO-8601 duration such as {@code PT1H}. */
    static Duration parseDuration(String text) {
        String t = text.strip();
        if (t.toUpperCase().startsWith("P")) {
            return Duration.parse(t);
        }
        long amount = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new NumberFormatException(text);
        };
    }

    private static Object claimValue(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}
