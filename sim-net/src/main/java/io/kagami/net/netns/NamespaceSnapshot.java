package io.kagami.net.netns;

import io.kagami.net.packet.MacAddress;
import java.util.List;

/**
 * What {@code ip netns exec <ns> ip addr}, {@code ip route} and {@code ip neigh} would show at one
 * virtual time: immutable, recorded as an observation by {@link NamespaceCommand.Snapshot}, and
 * printed by {@link Iproute2}.
 *
 * @param links      lo first, then the interfaces in ifindex order
 * @param routes     the main table in the order the kernel dumps it
 * @param neighbours the ARP cache
 */
public record NamespaceSnapshot(String name, List<Link> links, List<Route> routes, List<NeighbourEntry> neighbours) {

    public NamespaceSnapshot {
        links = List.copyOf(links);
        routes = List.copyOf(routes);
        neighbours = List.copyOf(neighbours);
    }

    /** An interface and its IPv4 addresses in the kernel's order (primaries, then secondaries). */
    public record Link(int ifindex, String name, LinkKind kind, MacAddress mac, int mtu, boolean up,
                       boolean carrier, List<Address> addresses) {
        public Link {
            addresses = List.copyOf(addresses);
        }
    }

    /** An address with the kernel's secondary flag. */
    public record Address(InterfaceAddress address, boolean secondary) {}
}
