package io.kagami.net.netns;

import io.kagami.net.packet.Ipv4Address;
import java.util.Objects;

/**
 * A route of the main table: destination/prefix, the gateway (null for a directly connected
 * destination) and the output device. Static routes ({@code ip route add}, keepalived's
 * virtual_routes) have protocol {@link Protocol#BOOT}; the kernel makes a {@link Protocol#KERNEL}
 * route with a preferred source for the subnet of every primary address of an interface that is up.
 * Left out: metrics, other tables and policy rules, multipath, route types other than unicast.
 *
 * @param source the preferred source address ({@code src}), null when none was given
 */
public record Route(Ipv4Address destination, int prefixLength, Ipv4Address gateway, String device,
                    Ipv4Address source, Protocol protocol) {

    /** Who made the route, as {@code ip route} shows it ({@code boot} is not shown). */
    public enum Protocol { BOOT, KERNEL }

    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(protocol, "protocol");
        InterfaceAddress net = new InterfaceAddress(destination, prefixLength);
        if (!net.network().equals(destination)) {
            // iproute2's own message for 10.0.0.1/24.
            throw new IllegalArgumentException("Error: Invalid prefix for given prefix length: " + net);
        }
    }

    /** {@code ip route add DEST/PREFIX via GATEWAY dev DEVICE}. */
    public static Route via(Ipv4Address destination, int prefixLength, Ipv4Address gateway, String device) {
        return new Route(destination, prefixLength, Objects.requireNonNull(gateway, "gateway"), device, null,
                Protocol.BOOT);
    }

    /** {@code ip route add default via GATEWAY dev DEVICE}, keepalived's virtual route for the qg- gateway. */
    public static Route defaultVia(Ipv4Address gateway, String device) {
        return via(new Ipv4Address(0), 0, gateway, device);
    }

    /** {@code ip route add DEST/PREFIX dev DEVICE}: the destination is on the link. */
    public static Route onLink(Ipv4Address destination, int prefixLength, String device) {
        return new Route(destination, prefixLength, null, device, null, Protocol.BOOT);
    }

    /** The route the kernel adds for a primary address's subnet. */
    static Route connected(InterfaceAddress address, String device) {
        return new Route(address.network(), address.prefixLength(), null, device, address.address(),
                Protocol.KERNEL);
    }

    public boolean matches(Ipv4Address address) {
        return address.inSubnet(destination, prefixLength);
    }

    /** Same destination and prefix: the kernel keeps one route per prefix in a table (metric 0, no TOS). */
    boolean samePrefix(Route other) {
        return destination.equals(other.destination) && prefixLength == other.prefixLength;
    }

    /** As {@code ip route add} takes it: {@code 0.0.0.0/0 via 10.0.80.1 dev qg-0c0039d6-0e}. */
    @Override
    public String toString() {
        return destination + "/" + prefixLength + (gateway != null ? " via " + gateway : "") + " dev " + device
                + (source != null ? " src " + source : "") + (protocol == Protocol.KERNEL ? " proto kernel" : "");
    }
}
