package dev.plinth.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Thrown when migration files cannot be deployed (or a down script run) as things stand; nothing was changed.
 * The message lists every reason: an applied file edited, an applied migration missing, drift, a down script
 * missing or lossy.
 */
public final class MigrationRefusedByFilesException extends Exception {

    private final transient List<String> reasons;

    /**
     * Creates the exception.
     *
     * @param what    what was refused, e.g. {@code "deploy"}
     * @param reasons each reason, in words
     */
    public MigrationRefusedByFilesException(String what, List<String> reasons) {
        super(what + " refused; nothing was changed:\n  - " + String.join("\n  - ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    /**
     * Creates the exception for a status that does not allow a deploy.
     *
     * @param status the status read before deploying
     * @return the exception, listing the problems and the drift
     */
    static MigrationRefusedByFilesException deploy(MigrationFilesStatus status) {
        List<String> reasons = new ArrayList<>(status.problems());
        status.drift().forEach(d -> reasons.add("drift: " + d));
        return new MigrationRefusedByFilesException("deploy", reasons);
    }

    /** Returns the reasons, in words. */
    public List<String> reasons() {
        return reasons;
    }
}
