package dev.plinth.cli;

import java.util.List;

/**
 * The environment variables Plinth reads, listed at the foot of every command's {@code --help}.
 * {@code EnvironmentHelpTest} finds every variable the sources read and checks that it is listed here.
 */
final class EnvironmentHelp {

    /**
     * One variable.
     *
     * @param name        its name
     * @param description what it sets and which commands read it
     */
    record Variable(String name, String description) {
    }

    /** Every variable, in the order shown. */
    static final List<Variable> VARIABLES = List.of(
            new Variable("PLINTH_JWT_SECRET", "serve: the HS256 key that bearer tokens are verified with (at least 32 bytes); "
                    + "without it (or a public key option) authentication is off. token: the key tokens are signed with."),
            new Variable("PLINTH_CURSOR_SECRET", "serve: the key next_cursor values are signed with (16 characters or more); "
                    + "give every instance the same one. Default: PLINTH_JWT_SECRET, else a random key per process."),
            new Variable("DATABASE_URL", "serve, migrate, db inspect, db pull: the database when --database-url (or PLINTH_DATABASE_URL for serve) "
                    + "is not given and the datasource has no url. A datasource url env(\"NAME\") reads the variable NAME."),
            new Variable("PLINTH_<OPTION>", "serve: every option from the environment too, e.g. PLINTH_PORT for --port, "
                    + "PLINTH_DATABASE_URL, PLINTH_HOST, PLINTH_CORS_ORIGIN (comma-separated), PLINTH_STUDIO (true/false: the Studio at /studio,"
                    + " on by default on loopback only); plinth serve --help lists them. "
                    + "A flag given wins over its variable, the variable over the datasource's url."),
            new Variable("PLINTH_JAVA_OPTS", "the ./plinth launcher: JVM options, e.g. -Xmx2g."),
            new Variable("PLINTH_CDS", "the ./plinth launcher: off starts serve without its class cache (JDK 25+: the AOT cache"
                    + " target/plinth-serve-<JDK>.aot, made beside the first serve by a training run; JDK 21-24: target/plinth-serve-<JDK>.jsa;"
                    + " later starts are faster)."));

    private static final int WIDTH = 72;
    private static final String INDENT = "      ";

    private EnvironmentHelp() {
    }

    /**
     * Returns the help footer.
     *
     * @return lines for picocli's {@code usageMessage().footer(…)}, with {@code %n} line breaks
     */
    static String[] footer() {
        StringBuilder text = new StringBuilder("%nEnvironment variables:%n");
        for (Variable v : VARIABLES) {
            text.append("  ").append(v.name()).append("%n");
            StringBuilder line = new StringBuilder();
            for (String word : v.description().replace("%", "%%").split(" ")) {
                if (line.length() + word.length() > WIDTH) {
                    text.append(INDENT).append(line.toString().stripTrailing()).append("%n");
                    line.setLength(0);
                }
                line.append(word).append(' ');
            }
            text.append(INDENT).append(line.toString().stripTrailing()).append("%n");
        }
        text.append("%nRun with --verbose to see the stack trace behind an error.");
        return new String[] {text.toString()};
    }
}
