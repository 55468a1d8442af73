package io.kagami.net.netns;

import io.kagami.core.Context;
import io.kagami.net.netns.NamespaceSnapshot.Address;
import io.kagami.net.packet.EtherPayload;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.wire.Port;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One interface of a running namespace, the kernel's {@code net_device} with its IPv4
 * {@code in_device}: the port it is wired by (whose state is the carrier), the admin state, and the
 * address list in the kernel's order, primaries before secondaries. An address added in the subnet
 * (same prefix length) of one already there becomes secondary; deleting a primary deletes its
 * secondaries too ({@code promote_secondaries} is 0 by default). Left out: MTU enforcement, which the
 * wire does not check either, and IPv6.
 */
final class NetDevice {

    private final InterfaceConfig config;
    private final int ifindex;
    private final Port port;
    private boolean adminUp;
    private final List<Address> addresses = new ArrayList<>();

    NetDevice(InterfaceConfig config, int ifindex, Port port) {
        this.config = config;
        this.ifindex = ifindex;
        this.port = port;
        this.adminUp = config.up();
        for (InterfaceAddress a : config.addresses()) {
            if (!add(a)) {
                throw new IllegalArgumentException("interface " + config.name() + " is given " + a + " twice");
            }
        }
    }

    String name() {
        return config.name();
    }

    MacAddress mac() {
        return config.mac();
    }

    int ifindex() {
        return ifindex;
    }

    /** Admin state, {@code IFF_UP}: a device that is down neither sends nor receives, and has no routes. */
    boolean isUp() {
        return adminUp;
    }

    void setUp(boolean up) {
        adminUp = up;
    }

    boolean hasCarrier() {
        return port.isUp();
    }

    void setCarrier(boolean up) {
        port.setUp(up);
    }

    List<Address> addresses() {
        return Collections.unmodifiableList(addresses);
    }

    boolean has(Ipv4Address address) {
        return addresses.stream().anyMatch(a -> a.address().address().equals(address));
    }

    /** The address with this value and prefix length, or null. */
    Address find(Ipv4Address address, int prefixLength) {
        return addresses.stream()
                .filter(a -> a.address().address().equals(address) && a.address().prefixLength() == prefixLength)
                .findFirst().orElse(null);
    }

    /** Adds an address (primary or secondary, as the kernel decides); false if it is there already. */
    boolean add(InterfaceAddress address) {
        if (find(address.address(), address.prefixLength()) != null) {
            return false;
        }
        boolean secondary = addresses.stream().anyMatch(a -> a.address().sameSubnetAs(address));
        int firstSecondary = (int) addresses.stream().filter(a -> !a.secondary()).count();
        addresses.add(secondary ? addresses.size() : firstSecondary, new Address(address, secondary));
        return true;
    }

    /** Deletes an address and, for a primary, its secondaries: returns what went, secondaries first. */
    List<InterfaceAddress> remove(Address address) {
        List<InterfaceAddress> removed = new ArrayList<>();
        if (!address.secondary()) {
            for (Address a : List.copyOf(addresses)) {
                if (a.secondary() && a.address().sameSubnetAs(address.address())) {
                    addresses.remove(a);
                    removed.add(a.address());
                }
            }
        }
        addresses.remove(address);
        removed.add(address.address());
        return removed;
    }

    /**
     * The source address the kernel picks on this device for talking to {@code dst}
     * ({@code inet_select_addr} with scope link): the first primary address whose subnet holds
     * {@code dst} (any, for a null {@code dst}), else the first primary address; null when the device
     * has none.
     */
    Ipv4Address selectSource(Ipv4Address dst) {
        Ipv4Address first = null;
        for (Address a : addresses) {
            if (a.secondary() || a.address().scope().equals("host")) {
                continue;
            }
            if (dst == null || a.address().contains(dst)) {
                return a.address().address();
            }
            if (first == null) {
                first = a.address().address();
            }
        }
        return first;
    }

    /** Whether {@code dst} is a subnet broadcast (network or last address) of one of this device's subnets. */
    boolean isSubnetBroadcast(Ipv4Address dst) {
        for (Address a : addresses) {
            InterfaceAddress i = a.address();
            if (i.hasSubnetBroadcast() && (dst.equals(i.lastAddress()) || dst.equals(i.network()))) {
                return true;
            }
        }
        return false;
    }

    /** What {@code ip addr} shows of this device. */
    NamespaceSnapshot.Link view() {
        return new NamespaceSnapshot.Link(ifindex, config.name(), config.kind(), config.mac(), config.mtu(), adminUp,
                hasCarrier(), addresses);
    }

    /** Frames {@code payload} with this device's MAC and sends it, if the device is up (and has carrier). */
    void transmit(Context<?> ctx, MacAddress dst, EtherPayload payload) {
        if (adminUp) {
            port.transmit(ctx, EthernetFrame.of(dst, config.mac(), payload));
        }
    }
}
