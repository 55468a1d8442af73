package io.kagami.net.netns;

import io.kagami.net.packet.Ipv4Packet;

/**
 * The netfilter hooks of one namespace, called by its IP stack in the kernel's order: PREROUTING
 * for every packet received (before the routing decision), INPUT before local delivery, FORWARD
 * for routed packets, OUTPUT for locally generated packets, POSTROUTING for every packet sent.
 * Each returns the packet to go on with (rewritten by NAT, perhaps) or null to drop it. {@code now}
 * is virtual time, for conntrack timeouts. One instance per namespace per run: it holds state.
 */
public interface NetfilterHooks {

    Ipv4Packet prerouting(long now, Ipv4Packet packet, String inInterface);

    Ipv4Packet input(long now, Ipv4Packet packet, String inInterface);

    Ipv4Packet forward(long now, Ipv4Packet packet, String inInterface, String outInterface);

    Ipv4Packet output(long now, Ipv4Packet packet);

    Ipv4Packet postrouting(long now, Ipv4Packet packet, String outInterface);

    /**
     * Whether these hooks keep a conntrack table: then the namespace samples {@link #conntrackEntries}
     * on the second when it may have changed ({@link Namespace.ConntrackCount}).
     */
    default boolean tracksConnections() {
        return false;
    }

    /**
     * {@code conntrack -C}: the live entries at {@code now}. Asked by the namespace's sample, never on
     * the packet path. 0 for hooks without conntrack.
     */
    default int conntrackEntries(long now) {
        return 0;
    }

    /**
     * The earliest virtual time at which {@link #conntrackEntries} may differ from what it last
     * returned (now, after an insert or a delete; else the earliest expiry), or
     * {@link io.kagami.core.VirtualTime#NEVER}: the namespace samples only then.
     */
    default long conntrackNextChange(long now) {
        return io.kagami.core.VirtualTime.NEVER;
    }

    /** No rules and no conntrack: what a VM or a host namespace without iptables does. */
    NetfilterHooks NONE = new NetfilterHooks() {
        @Override
        public Ipv4Packet prerouting(long now, Ipv4Packet packet, String inInterface) {
            return packet;
        }

        @Override
        public Ipv4Packet input(long now, Ipv4Packet packet, String inInterface) {
            return packet;
        }

        @Override
        public Ipv4Packet forward(long now, Ipv4Packet packet, String inInterface, String outInterface) {
            return packet;
        }

        @Override
        public Ipv4Packet output(long now, Ipv4Packet packet) {
            return packet;
        }

        @Override
        public Ipv4Packet postrouting(long now, Ipv4Packet packet, String outInterface) {
            return packet;
        }
    };
}
