package io.kagami.net.ovs;

import java.util.Map;

/**
 * How {@code ovs-ofctl} writes an OpenFlow port in a flow: as its number, or, used interactively (OVS 2.8
 * and later), as its name, in double quotes unless the name is a letter followed by letters and digits
 * ({@code namemap_put_name} in OVS's {@code lib/namemap.c}), so {@code in_port="patch-int"}.
 */
final class PortNames {
    /** Numbers only, as {@code ovs-ofctl --no-names} prints. */
    static final PortNames NUMBERS = new PortNames(Map.of());

    private final Map<Integer, String> names;

    private PortNames(Map<Integer, String> names) {
        this.names = names;
    }

    static PortNames of(Map<Integer, String> byOfport) {
        return new PortNames(Map.copyOf(byOfport));
    }

    String format(int ofport) {
        String name = names.get(ofport);
        if (name == null) {
            return Integer.toString(ofport);
        }
        return needsQuotes(name) ? '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : name;
    }

    private static boolean needsQuotes(String name) {
        if (name.isEmpty() || !isAsciiLetter(name.charAt(0))) {
            return true;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9')) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
