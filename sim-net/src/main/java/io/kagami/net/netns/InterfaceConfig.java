package io.kagami.net.netns;

import io.kagami.net.packet.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One network interface of a namespace as it is configured at start: its name (which is also the
 * name of the device's port it is wired by), MAC, MTU, {@link LinkKind kind}, ifindex, IPv4
 * addresses and admin state. Carrier is not configured: it is the port's ({@code LinkState}).
 *
 * @param ifindex the interface index {@code ip addr} shows; interfaces keep the index they had in the
 *                root namespace, so the topology may give the real-looking one; 0 numbers the
 *                interfaces 2, 3, ... in order (1 is lo)
 */
public record InterfaceConfig(String name, MacAddress mac, int mtu, LinkKind kind, int ifindex,
                              List<InterfaceAddress> addresses, boolean up) {

    /** Linux's limit on interface names (IFNAMSIZ 16, with the terminating NUL). */
    private static final int MAX_NAME_LENGTH = 15;

    public InterfaceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(kind, "kind");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.contains("/") || name.contains(" ")) {
            throw new IllegalArgumentException("'" + name + "' is not an interface name: 1.." + MAX_NAME_LENGTH
                    + " characters, no '/' or space");
        }
        if (name.equals(Namespace.LOOPBACK) || kind == LinkKind.LOOPBACK) {
            throw new IllegalArgumentException("every namespace has lo already; do not configure it");
        }
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("MTU " + mtu + " of " + name + " out of range 68..65535");
        }
        if (ifindex < 0 || ifindex == 1) {
            throw new IllegalArgumentException("ifindex " + ifindex + " of " + name
                    + ": use 0 to number in order, or 2 and up (1 is lo)");
        }
        addresses = List.copyOf(addresses);
    }

    /** An admin-up OVS internal port without addresses, numbered in order. */
    public static InterfaceConfig ovsInternal(String name, MacAddress mac, int mtu) {
        return new InterfaceConfig(name, mac, mtu, LinkKind.OVS_INTERNAL, 0, List.of(), true);
    }

    /** An admin-up NIC without addresses, numbered in order. */
    public static InterfaceConfig ethernet(String name, MacAddress mac, int mtu) {
        return new InterfaceConfig(name, mac, mtu, LinkKind.ETHERNET, 0, List.of(), true);
    }

    public InterfaceConfig withAddress(InterfaceAddress address) {
        List<InterfaceAddress> more = new ArrayList<>(addresses);
        more.add(address);
        return new InterfaceConfig(name, mac, mtu, kind, ifindex, more, up);
    }

    public InterfaceConfig withIfindex(int index) {
        return new InterfaceConfig(name, mac, mtu, kind, index, addresses, up);
    }
}
