package io.kagami.net.packet;

import java.util.Objects;

/**
 * An IPv4 address, held as its 32 bits with the first byte most significant ({@code 10.0.0.1} is
 * {@code 0x0A000001}). Addresses order as unsigned 32-bit numbers, the way keepalived compares
 * source addresses in an election. Only the strict dotted-quad form is accepted: no shorthand such as {@code 10.1}, no
 * hexadecimal or octal parts, no leading zeros (as {@code inet_pton}); prefixes live elsewhere.
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    /**
     * Parses a dotted quad such as {@code 169.254.0.1}.
     *
     * @throws IllegalArgumentException saying the text is not an IPv4 address
     */
    public static Ipv4Address parse(String dotted) {
        Objects.requireNonNull(dotted, "dotted");
        int bits = 0;
        int parts = 0;
        int i = 0;
        int n = dotted.length();
        while (true) {
            int start = i;
            int value = 0;
            while (i < n && i - start < 3 && dotted.charAt(i) >= '0' && dotted.charAt(i) <= '9') {
                value = value * 10 + (dotted.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && dotted.charAt(start) == '0')) {
                throw notAnAddress(dotted);
            }
            bits = (bits << 8) | value;
            parts++;
            if (parts == 4) {
                break;
            }
            if (i >= n || dotted.charAt(i) != '.') {
                throw notAnAddress(dotted);
            }
            i++;
        }
        if (i != n) {
            throw notAnAddress(dotted);
        }
        return new Ipv4Address(bits);
    }

    private static IllegalArgumentException notAnAddress(String text) {
        return new IllegalArgumentException("'" + text + "' is not an IPv4 address (expected a dotted quad"
                + " of four decimal numbers 0..255, such as 169.254.0.1)");
    }

    /**
     * The address {@code a.b.c.d}.
     *
     * @throws IllegalArgumentException if a part is outside 0..255
     */
    public static Ipv4Address of(int a, int b, int c, int d) {
        int[] parts = {a, b, c, d};
        for (int part : parts) {
            if (part < 0 || part > 255) {
                throw new IllegalArgumentException("IPv4 address part " + part + " out of range 0..255 in "
                        + a + "." + b + "." + c + "." + d);
            }
        }
        return new Ipv4Address((a << 24) | (b << 16) | (c << 8) | d);
    }

    /**
     * Whether this address lies in {@code network/prefixLength}; host bits of {@code network} are
     * ignored.
     *
     * @throws IllegalArgumentException if {@code prefixLength} is outside 0..32
     */
    public boolean inSubnet(Ipv4Address network, int prefixLength) {
        Encoding.inRange("prefix length", prefixLength, 32);
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return (bits & mask) == (network.bits & mask);
    }

    /** Compares as unsigned 32-bit numbers: {@code 200.0.0.1 > 10.0.0.1}. */
    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    /** The dotted quad, such as {@code 169.254.0.1}. */
    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }
}
