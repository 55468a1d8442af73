package io.kagami.net.netfilter;

import io.kagami.net.packet.Ipv4Address;
import java.util.Objects;

/**
 * An IPv4 prefix as iptables takes it in {@code -s} and {@code -d}: an address and a prefix length.
 * Host bits are cleared on construction, as iptables does before it stores a rule (so
 * {@code -s 10.0.0.5/24} is saved as {@code 10.0.0.0/24}). Left out: dotted netmasks
 * ({@code /255.255.255.0}) and host names.
 */
public record Ipv4Cidr(Ipv4Address network, int prefixLength) {

    /** Every address, {@code 0.0.0.0/0}. */
    public static final Ipv4Cidr ANY = new Ipv4Cidr(new Ipv4Address(0), 0);

    public Ipv4Cidr {
        Objects.requireNonNull(network, "network");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0..32");
        }
        network = new Ipv4Address(network.bits() & mask(prefixLength));
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** The prefix holding just {@code address}, {@code address/32}. */
    public static Ipv4Cidr host(Ipv4Address address) {
        return new Ipv4Cidr(address, 32);
    }

    /**
     * Parses {@code a.b.c.d/n}, or a bare address meaning {@code /32}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return host(Ipv4Address.parse(text));
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 prefix (expected a.b.c.d/n, n 0..32)");
        }
        return new Ipv4Cidr(Ipv4Address.parse(text.substring(0, slash)), Integer.parseInt(length));
    }

    public boolean contains(Ipv4Address address) {
        return address.inSubnet(network, prefixLength);
    }

    /** As iptables-save prints it: {@code 10.0.80.10/32}. */
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
