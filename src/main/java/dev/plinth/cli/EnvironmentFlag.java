package dev.plinth.cli;

import picocli.CommandLine;

/**
 * Reads an on/off flag from its environment variable as well as from the command line: {@code 1}, {@code true},
 * {@code yes}, {@code on} turn it on; {@code 0}, {@code false}, {@code no}, {@code off} off (any case), so that
 * {@code PLINTH_HOLD_DESTRUCTIVE=1} works as shells and container files write it. Anything else is refused
 * naming the accepted values (exit code 2, usage).
 */
public final class EnvironmentFlag implements CommandLine.ITypeConverter<Boolean> {

    /**
     * Converts a flag's value.
     *
     * @param value the text
     * @return true or false
     * @throws CommandLine.TypeConversionException for any other text
     */
    @Override
    public Boolean convert(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off", "" -> false;
            default -> throw new CommandLine.TypeConversionException("'" + value + "' is not on or off"
                    + " (1, true, yes, on / 0, false, no, off)");
        };
    }
}
