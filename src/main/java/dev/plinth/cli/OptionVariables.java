package dev.plinth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every option of {@code plinth serve} read from an environment variable too, for containers and
 * process managers that configure by environment: {@code --port} from {@code PLINTH_PORT},
 * {@code --cors-origin} from {@code PLINTH_CORS_ORIGIN} (comma-separated), and so on: {@code PLINTH_} and
 * the option's longest name in capitals with {@code -} as {@code _}. A flag given on the command line
 * wins over its variable, the variable over the option's default (README, "Configuration").
 *
 * <p>A picocli default-value provider reading the environment map the command line was built with,
 * so tests pass their own map and never see the process environment.
 */
final class OptionVariables implements CommandLine.IDefaultValueProvider {

    /** What every variable's name starts with. */
    static final String PREFIX = "PLINTH_";
    /** The help section listing the variables. */
    static final String SECTION = "optionVariables";

    private final Map<String, String> environment;

    /**
     * @param environment the environment variables
     */
    OptionVariables(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Reads a command's options from the environment and lists their variables in its help, above the footer.
     *
     * @param command     the command (serve)
     * @param environment the environment variables
     */
    static void install(CommandLine command, Map<String, String> environment) {
        command.setDefaultValueProvider(new OptionVariables(environment));
        command.getHelpSectionMap().put(SECTION, help -> section(command));
        List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SECTION);
        command.setHelpSectionKeys(keys);
    }

    /**
     * Returns the variable an option is read from.
     *
     * @param option an option of the command
     * @return e.g. {@code PLINTH_CORS_ORIGIN} for {@code --cors-origin}
     */
    static String variable(OptionSpec option) {
        return PREFIX + option.longestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Returns the options read from the environment: the command's own, not help, version or inherited ones.
     *
     * @param command the command
     * @return its options, in declaration order
     */
    static List<OptionSpec> options(CommandLine command) {
        return command.getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.inherited() && o.scopeType() != CommandLine.ScopeType.INHERIT)
                .toList();
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option && !option.usageHelp() && !option.versionHelp() && !option.inherited()) {
            String value = environment.get(variable(option));
            return value == null || value.isBlank() ? null : value.strip();
        }
        return null;
    }

    /**
     * Names the variable a refused value came from, for the error line.
     *
     * @param arg  the argument whose value was refused
     * @param args the command line as given
     * @return e.g. {@code " (from PLINTH_PORT)"} when the option was not given and its variable is set, else empty text
     */
    String source(ArgSpec arg, String[] args) {
        if (!(arg instanceof OptionSpec option) || defaultValue(arg) == null) {
            return "";
        }
        for (String given : args) {
            for (String name : option.names()) {
                if (given.equals(name) || given.startsWith(name + "=")) {
                    return "";
                }
            }
        }
        return " (from " + variable(option) + ")";
    }

    private static String section(CommandLine command) {
        StringBuilder text = new StringBuilder(String.format("%nEvery option can also be set in the environment"
                + " (a flag given wins; lists comma-separated):%n"));
        for (OptionSpec option : options(command)) {
            text.append(String.format("  %-22s %s%n", option.longestName(), variable(option)));
        }
        return text.toString();
    }
}
