package io.kagami.net.topology;

import io.kagami.net.packet.Ipv4Address;

/** An IPv4 subnet with its gateway, as a Neutron subnet: {@code 192.168.80.0/24}, gateway {@code .1}. */
public record Subnet(Ipv4Address network, int prefixLength, Ipv4Address gateway) {
    public Subnet {
        if (prefixLength < 1 || prefixLength > 30) {
            throw new IllegalArgumentException("subnet prefix length must be 1..30, got /" + prefixLength);
        }
        if ((network.bits() & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException(network + "/" + prefixLength + " is not a network address");
        }
        if (gateway != null && !gateway.inSubnet(network, prefixLength)) {
            throw new IllegalArgumentException("gateway " + gateway + " is outside " + network + "/" + prefixLength);
        }
    }

    private static int mask(int prefixLength) {
        return -1 << (32 - prefixLength);
    }

    /** Parses {@code 10.0.80.0/24} with a gateway (or none). */
    public static Subnet of(String cidr, String gateway) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR (address/prefix)");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' has no prefix length after the slash");
        }
        return new Subnet(Ipv4Address.parse(cidr.substring(0, slash)), prefix,
                gateway == null ? null : Ipv4Address.parse(gateway));
    }

    public boolean contains(Ipv4Address address) {
        return address.inSubnet(network, prefixLength);
    }

    /** The n-th address of the subnet ({@code host(1)} is .1 of a /24). */
    public Ipv4Address host(int n) {
        if (n < 1 || n >= (1L << (32 - prefixLength)) - 1) {
            throw new IllegalArgumentException("no host " + n + " in " + this);
        }
        return new Ipv4Address(network.bits() + n);
    }

    public Ipv4Address broadcast() {
        return new Ipv4Address(network.bits() | ~mask(prefixLength));
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
