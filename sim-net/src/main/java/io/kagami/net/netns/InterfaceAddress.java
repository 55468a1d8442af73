package io.kagami.net.netns;

import io.kagami.net.packet.Ipv4Address;
import java.util.Objects;

/**
 * An IPv4 address on an interface with its prefix, as {@code ip addr add 10.0.0.1/24 [brd +] dev X}
 * gives it. {@code broadcast} says whether a broadcast address was set (the subnet's last address,
 * what {@code brd +} means): the L3 agent sets one, keepalived's VIPs have none, and only the
 * {@code ip addr} view shows the difference (the kernel accepts the subnet broadcast either way).
 * Left out: peer addresses, labels other than the interface name, lifetimes (all are "forever").
 */
public record InterfaceAddress(Ipv4Address address, int prefixLength, boolean broadcast) {

    static final Ipv4Address LOOPBACK_NET = Ipv4Address.of(127, 0, 0, 0);

    public InterfaceAddress {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0..32 for " + address);
        }
    }

    /** An address without a broadcast address, as keepalived adds its VIPs. */
    public InterfaceAddress(Ipv4Address address, int prefixLength) {
        this(address, prefixLength, false);
    }

    /**
     * Parses {@code 169.254.192.1/18}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static InterfaceAddress parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + cidr + "' is not an address with a prefix such as 10.0.0.1/24");
        }
        try {
            return new InterfaceAddress(Ipv4Address.parse(cidr.substring(0, slash)),
                    Integer.parseInt(cidr.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' has no decimal prefix length after the '/'");
        }
    }

    /** This address with the subnet's broadcast address set ({@code brd +}), as the L3 agent adds them. */
    public InterfaceAddress withBroadcast() {
        return new InterfaceAddress(address, prefixLength, true);
    }

    /** Whether {@code other} lies in this address's subnet. */
    public boolean contains(Ipv4Address other) {
        return other.inSubnet(address, prefixLength);
    }

    /** The subnet's first address (host bits cleared). */
    public Ipv4Address network() {
        return new Ipv4Address(address.bits() & mask());
    }

    /** The subnet's last address, the broadcast address {@code brd +} sets. */
    public Ipv4Address lastAddress() {
        return new Ipv4Address(address.bits() | ~mask());
    }

    /**
     * Whether the kernel makes the network and last addresses of this subnet broadcast destinations:
     * it does for prefixes shorter than /31 ({@code fib_add_ifaddr}).
     */
    boolean hasSubnetBroadcast() {
        return prefixLength < 31;
    }

    /** Scope "host" for the loopback net 127.0.0.0/8, as the kernel gives lo's address; "global" otherwise. */
    public String scope() {
        return address.inSubnet(LOOPBACK_NET, 8) ? "host" : "global";
    }

    /** Same prefix length and same subnet: the second such address on an interface becomes secondary. */
    boolean sameSubnetAs(InterfaceAddress other) {
        return prefixLength == other.prefixLength && other.address.inSubnet(address, prefixLength);
    }

    private int mask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** {@code 10.0.0.1/24}. */
    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
