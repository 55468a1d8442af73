package io.kagami.net.netns;

import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.wire.DeviceInput;
import java.util.Objects;

/**
 * What is done to a namespace from inside it, as {@code ip netns exec <ns> ...} would: the L3 agent
 * and keepalived add and delete addresses and routes, keepalived sends gratuitous ARPs, an operator
 * takes a link down or looks at {@code ip addr}. A command the kernel would refuse is recorded as a
 * {@link CommandRefused} with iproute2's message, and changes nothing.
 */
public sealed interface NamespaceCommand extends DeviceInput {

    /** A command on one interface, named as in {@code dev X}. */
    sealed interface OnInterface extends NamespaceCommand {
        String interfaceName();
    }

    /** {@code ip addr add ADDRESS/PREFIX [brd +] dev INTERFACE}. */
    record AddAddress(String interfaceName, InterfaceAddress address) implements OnInterface {
        public AddAddress {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(address, "address");
        }

        /** Without a broadcast address, as keepalived adds a VIP. */
        public AddAddress(String interfaceName, Ipv4Address address, int prefixLength) {
            this(interfaceName, new InterfaceAddress(address, prefixLength));
        }
    }

    /** {@code ip addr del ADDRESS/PREFIX dev INTERFACE}. */
    record DelAddress(String interfaceName, Ipv4Address address, int prefixLength) implements OnInterface {
        public DelAddress {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(address, "address");
        }
    }

    /** {@code ip route add ROUTE}. */
    record AddRoute(Route route) implements NamespaceCommand {
        public AddRoute {
            Objects.requireNonNull(route, "route");
        }
    }

    /** {@code ip route del ROUTE}: deletes the route with the same destination, gateway and device. */
    record DelRoute(Route route) implements NamespaceCommand {
        public DelRoute {
            Objects.requireNonNull(route, "route");
        }
    }

    /** {@code ip link set INTERFACE up|down}: the admin state; carrier comes from the port. */
    record SetInterfaceUp(String interfaceName, boolean up) implements OnInterface {
        public SetInterfaceUp {
            Objects.requireNonNull(interfaceName, "interfaceName");
        }
    }

    /**
     * Sends one gratuitous ARP for {@code address} out of {@code interfaceName} with the interface's
     * MAC, as keepalived does for each VIP after becoming master (it sends its bursts by repeating
     * this command).
     */
    record SendGratuitousArp(String interfaceName, Ipv4Address address) implements OnInterface {
        public SendGratuitousArp {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(address, "address");
        }
    }

    /** Records a {@link NamespaceSnapshot}: what {@code ip addr}, {@code ip route} and {@code ip neigh} show. */
    record Snapshot() implements NamespaceCommand {}
}
