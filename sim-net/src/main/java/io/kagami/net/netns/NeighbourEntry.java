package io.kagami.net.netns;

import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;

/**
 * A neighbour entry as {@code ip neigh} shows it. A namespace records one as an observation each
 * time an entry changes state or link-layer address, as {@code ip monitor neigh} would print it.
 *
 * @param lladdr the link-layer address, null in INCOMPLETE and FAILED (the kernel does not report it then)
 */
public record NeighbourEntry(String device, Ipv4Address address, MacAddress lladdr, NeighbourState state) {

    /** The {@code ip neigh} line, such as {@code 10.0.0.1 dev eth0 lladdr fa:16:3e:00:00:01 REACHABLE}. */
    @Override
    public String toString() {
        return Iproute2.neighbourLine(this).stripTrailing();
    }
}
