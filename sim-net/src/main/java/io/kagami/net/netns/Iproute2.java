package io.kagami.net.netns;

import io.kagami.net.packet.MacAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What iproute2 prints for a {@link NamespaceSnapshot}: {@code ip addr}, {@code ip route} and
 * {@code ip neigh}, in the format of a current iproute2 ({@code ip/ipaddress.c print_linkinfo} and
 * {@code print_addrinfo}, {@code ip/iproute.c print_route}, {@code ip/ipneigh.c print_neigh}),
 * trailing spaces included where iproute2 leaves them ({@code ip route}, {@code ip neigh}). OVS
 * internal ports print no {@code @ifN} peer and no {@code link-netnsid}: those belong to veth pairs.
 * Left out: the IPv6 addresses every interface also shows ({@code inet6 fe80::...}), as the twin
 * models IPv4 only; {@code ip neigh} entries for other families.
 */
public final class Iproute2 {

    /** Every device here has the default transmit queue length. */
    private static final int QLEN = 1000;

    private Iproute2() {}

    /** {@code ip netns exec <ns> ip addr}. */
    public static String addr(NamespaceSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        for (NamespaceSnapshot.Link link : snapshot.links()) {
            boolean loopback = link.kind() == LinkKind.LOOPBACK;
            out.append(link.ifindex()).append(": ").append(link.name()).append(": <").append(flags(link))
                    .append("> mtu ").append(link.mtu())
                    .append(" qdisc ").append(link.up() ? link.kind().qdisc() : "noop")
                    .append(" state ").append(link.up() && link.carrier() ? link.kind().operstateWhenUp() : "DOWN")
                    .append(" group default qlen ").append(QLEN).append('\n');
            MacAddress broadcast = loopback ? link.mac() : MacAddress.BROADCAST;
            out.append("    link/").append(loopback ? "loopback " : "ether ").append(link.mac())
                    .append(" brd ").append(broadcast).append('\n');
            for (NamespaceSnapshot.Address a : link.addresses()) {
                InterfaceAddress ia = a.address();
                out.append("    inet ").append(ia).append(' ');
                if (ia.broadcast()) {
                    out.append("brd ").append(ia.lastAddress()).append(' ');
                }
                out.append("scope ").append(ia.scope()).append(' ');
                if (a.secondary()) {
                    out.append("secondary ");
                }
                out.append(link.name()).append('\n');
                out.append("       valid_lft forever preferred_lft forever\n");
            }
        }
        return out.toString();
    }

    /** {@code ip netns exec <ns> ip route}. */
    public static String route(NamespaceSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        for (Route r : snapshot.routes()) {
            if (r.prefixLength() == 0) {
                out.append("default ");
            } else {
                out.append(r.destination()).append(r.prefixLength() == 32 ? " " : "/" + r.prefixLength() + " ");
            }
            if (r.gateway() != null) {
                out.append("via ").append(r.gateway()).append(' ');
            }
            out.append("dev ").append(r.device()).append(' ');
            if (r.protocol() == Route.Protocol.KERNEL) {
                out.append("proto kernel ");
            }
            if (r.gateway() == null) {
                out.append("scope link ");
            }
            if (r.source() != null) {
                out.append("src ").append(r.source()).append(' ');
            }
            if (!hasCarrier(snapshot, r.device())) {
                out.append("linkdown ");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code ip netns exec <ns> ip neigh}. */
    public static String neigh(NamespaceSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        for (NeighbourEntry n : snapshot.neighbours()) {
            out.append(neighbourLine(n)).append('\n');
        }
        return out.toString();
    }

    /** One {@code ip neigh} line without its newline, trailing space included. */
    static String neighbourLine(NeighbourEntry n) {
        return n.address() + " dev " + n.device() + " " + (n.lladdr() != null ? "lladdr " + n.lladdr() + " " : "")
                + n.state() + " ";
    }

    /** The flags in iproute2's order; NO-CARRIER for a device that is up without carrier. */
    private static String flags(NamespaceSnapshot.Link link) {
        List<String> flags = new ArrayList<>();
        if (link.up() && !link.carrier()) {
            flags.add("NO-CARRIER");
        }
        if (link.kind() == LinkKind.LOOPBACK) {
            flags.add("LOOPBACK");
        } else {
            flags.add("BROADCAST");
            flags.add("MULTICAST");
        }
        if (link.up()) {
            flags.add("UP");
            if (link.carrier()) {
                flags.add("LOWER_UP");
            }
        }
        return String.join(",", flags);
    }

    private static boolean hasCarrier(NamespaceSnapshot snapshot, String device) {
        return snapshot.links().stream().filter(l -> l.name().equals(device)).allMatch(NamespaceSnapshot.Link::carrier);
    }
}
