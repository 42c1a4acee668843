package dev.plinth.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a host name or address is the machine's own loopback interface ({@code 127.0.0.0/8},
 * {@code ::1}, {@code localhost}; RFC 1122 §3.2.1.3, RFC 4291 §2.5.3): traffic to it never leaves the
 * machine, so it is the one place where anonymous access or plain HTTP is safe.
 */
public final class LoopbackAddress {

    private LoopbackAddress() {
    }

    /**
     * @param host a host name or literal address, or null
     * @return true when it resolves to a loopback address; false for null, unknown names and others
     */
    public static boolean is(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
