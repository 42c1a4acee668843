package dev.plinth.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable Plinth reads is listed in every command's {@code --help} and in the
 * README. The variables are found in the sources, not in a list kept beside them, so a variable read
 * by new code fails this test until its help is written.
 */
class EnvironmentHelpTest {

    /** Ways the sources read a variable: System.getenv("X"), environment.get("X"), a *_VARIABLE constant, a PLINTH_ literal. */
    private static final List<Pattern> READS = List.of(
            Pattern.compile("getenv\\(\\s*\"([A-Z][A-Z0-9_]*)\""),
            Pattern.compile("\\.(?:get|getOrDefault|containsKey)\\(\\s*\"([A-Z][A-Z0-9_]{2,})\""),
            Pattern.compile("[A-Z_]*(?:VARIABLE|_ENV)[A-Z_]*\\s*=\\s*\"([A-Z][A-Z0-9_]*)\""),
            Pattern.compile("\"(PLINTH_[A-Z0-9_]+)\""));
    /** The launcher reads shell variables: ${PLINTH_…}. */
    private static final Pattern LAUNCHER_READS = Pattern.compile("\\$\\{?(PLINTH_[A-Z0-9_]+)");

    static Set<String> variablesRead() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (Pattern read : READS) {
                    Matcher m = read.matcher(source);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        Matcher m = LAUNCHER_READS.matcher(Files.readString(Path.of("plinth")));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String help(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = PlinthCommand.commandLine(Map.of(), stream, stream).execute(args);
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theScanFindsTheVariablesKnownToBeRead() throws IOException {
        assertThat(variablesRead()).contains("PLINTH_JWT_SECRET", "PLINTH_CURSOR_SECRET", "DATABASE_URL", "PLINTH_JAVA_OPTS");
    }

    @Test
    void everyVariableReadIsInTheHelpOfEveryCommand() throws IOException {
        Set<String> variables = variablesRead();
        CommandLine plinth = PlinthCommand.commandLine(Map.of(), System.out, System.err);
        assertThat(help("--help")).contains(variables);
        for (String command : plinth.getSubcommands().keySet()) {
            if (!command.equals("help")) {
                assertThat(help("help", command)).as("plinth help " + command).contains(variables);
                assertThat(help(command, "--help")).as("plinth " + command + " --help").contains(variables);
            }
        }
    }

    @Test
    void everyVariableReadIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (String variable : variablesRead()) {
            assertThat(readme).as("README.md lists " + variable).contains("`" + variable + "`");
        }
    }

    @Test
    void everyOptionIsInTheHelpOfItsCommand() {
        CommandLine plinth = PlinthCommand.commandLine(Map.of(), System.out, System.err);
        for (Map.Entry<String, CommandLine> command : plinth.getSubcommands().entrySet()) {
            String help = help("help", command.getKey());
            for (OptionSpec option : command.getValue().getCommandSpec().options()) {
                assertThat(option.hidden()).as(command.getKey() + " " + option.longestName() + " is not hidden").isFalse();
                assertThat(help).as("plinth help " + command.getKey()).contains(option.longestName());
            }
        }
    }
}
