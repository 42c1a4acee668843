package dev.plinth.api.value;

/**
 * The text of PostgreSQL's {@code inet} type: which addresses it takes and how it writes them back
 * ("Network Address Types", https://www.postgresql.org/docs/current/datatype-net-types.html; PostgreSQL's
 * {@code inet_net_pton.c} and {@code inet_net_ntop.c}, after BIND's {@code inet_pton}/{@code inet_ntop}):
 * IPv4 as four decimal numbers (leading zeros allowed), IPv6 as up to eight hex groups with one {@code ::}
 * and an optional trailing IPv4 part, each with an optional {@code /bits}; written in lower case with the
 * longest run of two or more zero groups as {@code ::}, and without a netmask that covers the whole
 * address. {@code NativeLimitsAgreeWithPostgresTest} checks it against PostgreSQL.
 */
final class InetText {

    private InetText() {
    }

    private static final java.util.regex.Pattern IPV4 =
            java.util.regex.Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /**
     * Checks an address and writes it as PostgreSQL does.
     *
     * @param text the address as sent
     * @return the address as PostgreSQL answers it
     * @throws InvalidValue when PostgreSQL's inet type would refuse it
     */
    static String normalize(String text) throws InvalidValue {
        String address = text;
        int bits = -1;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            address = text.substring(0, slash);
            String mask = text.substring(slash + 1);
            if (!mask.matches("\\d{1,3}")) {
                throw invalid(text);
            }
            bits = Integer.parseInt(mask);
        }
        if (address.indexOf(':') < 0) {
            int[] v4 = ipv4(address);
            if (v4 == null || bits > 32) {
                throw invalid(text);
            }
            String out = v4[0] + "." + v4[1] + "." + v4[2] + "." + v4[3];
            return bits < 0 || bits == 32 ? out : out + "/" + bits;
        }
        int[] words = ipv6(address);
        if (words == null || bits > 128) {
            throw invalid(text);
        }
        String out = format(words);
        return bits < 0 || bits == 128 ? out : out + "/" + bits;
    }

    private static InvalidValue invalid(String text) {
        return new InvalidValue("invalid_value", "expected an IP address such as 192.168.0.1 or 2001:db8::1, optionally with"
                + " /bits, got \"" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "\"");
    }

    private static int[] ipv4(String text) {
        java.util.regex.Matcher m = IPV4.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            out[i] = Integer.parseInt(m.group(i + 1));
            if (out[i] > 255) {
                return null;
            }
        }
        return out;
    }

    /** Parses IPv6 text into its eight 16-bit words, or null. */
    private static int[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        java.util.List<Integer> head = gap < 0 ? groups(text) : groups(text.substring(0, gap));
        java.util.List<Integer> tail = gap < 0 ? java.util.List.of() : groups(text.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int count = head.size() + tail.size();
        if ((gap < 0 && count != 8) || (gap >= 0 && count > 7)) {
            return null;
        }
        int[] words = new int[8];
        for (int i = 0; i < head.size(); i++) {
            words[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            words[8 - tail.size() + i] = tail.get(i);
        }
        return words;
    }

    /** The words of colon-separated groups (the last may be an IPv4 address: two words); null when malformed. */
    private static java.util.List<Integer> groups(String text) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                int[] v4 = ipv4(part);
                if (v4 == null) {
                    return null;
                }
                out.add(v4[0] << 8 | v4[1]);
                out.add(v4[2] << 8 | v4[3]);
            } else if (part.matches("[0-9A-Fa-f]{1,4}")) {
                out.add(Integer.parseInt(part, 16));
            } else {
                return null;
            }
        }
        return out;
    }

    /** Writes eight words as BIND's {@code inet_ntop6} does, which PostgreSQL uses. */
    private static String format(int[] w) {
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestBase = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    b.append(':');
                }
                continue;
            }
            if (i != 0) {
                b.append(':');
            }
            boolean embedded = i == 6 && bestBase == 0
                    && (bestLen == 6 || (bestLen == 7 && w[7] != 0x0001) || (bestLen == 5 && w[5] == 0xffff));
            if (embedded) {
                b.append(w[6] >> 8).append('.').append(w[6] & 0xff).append('.').append(w[7] >> 8).append('.').append(w[7] & 0xff);
                return b.toString();
            }
            b.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            b.append(':');
        }
        return b.toString();
    }
}
