package dev.plinth.migrate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum of a migration file, as Prisma Migrate computes it so that both tools agree on a folder: the
 * SHA-256 of the {@code migration.sql} text (UTF-8), in lower-case hex (prisma-engines,
 * {@code migration-connector/src/checksum.rs}, {@code render_checksum}). A recorded checksum also matches the
 * same text with the other line endings (LF ↔ CRLF), as Prisma's {@code script_matches_checksum} accepts, since
 * git may check a file out with either.
 */
final class ScriptChecksum {

    private ScriptChecksum() {
    }

    /**
     * Returns the checksum of a script.
     *
     * @param script the file's text
     * @return 64 lower-case hex digits
     */
    static String of(String script) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Tells whether a script is the one a recorded checksum was computed from, allowing either line ending.
     *
     * @param script   the file's text now
     * @param recorded the checksum recorded when it was applied
     * @return true when unchanged
     */
    static boolean matches(String script, String recorded) {
        if (recorded == null) {
            return false;
        }
        String lf = script.replace("\r\n", "\n");
        return recorded.equalsIgnoreCase(of(script)) || recorded.equalsIgnoreCase(of(lf))
                || recorded.equalsIgnoreCase(of(lf.replace("\n", "\r\n")));
    }
}
