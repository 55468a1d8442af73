package io.kagami.net.ovs;

import io.kagami.core.Digestible;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.VxlanPacket;
import io.kagami.net.wire.DeviceInput;
import java.util.Collections;
import java.util.List;

/**
 * The VXLAN packets that one pass of a bridge's pipeline hands to the host's network stack through
 * its tunnel ports, to be routed out of its NIC towards each tunnel's remote end, in the order the
 * pipeline output them. One message for a whole flood (OVS hands the datapath's action list over at
 * once, too). Each packet is encapsulated ({@link Packet#outer()}) only where it is needed: most copies
 * of a flood are thrown away by their receivers, and the NIC needs only their size to count them.
 */
public record TunnelOut(List<Packet> packets) implements DeviceInput, Digestible {

    /** Takes {@code packets} as it is, without a copy: the bridge hands over a list it no longer touches. */
    public TunnelOut {
        packets = Collections.unmodifiableList(packets);
    }

    /** One tunnel port's output: {@code inner} in a VXLAN packet of {@code vni} from {@code localIp} to {@code remoteIp}. */
    public record Packet(Ipv4Address localIp, Ipv4Address remoteIp, int vni, EthernetFrame inner) {

        /** The outer IPv4/UDP packet, without its Ethernet header ({@link VxlanPacket#encapsulate}). */
        public Ipv4Packet outer() {
            return VxlanPacket.encapsulate(localIp, remoteIp, vni, inner);
        }

        /** The outer packet's Ethernet frame on the wire, in bytes ({@link EthernetFrame#length()}). */
        public int frameLength() {
            return VxlanPacket.outerFrameLength(inner);
        }
    }

    @Override
    public int traceHash() {
        int h = 1;
        for (Packet p : packets) {
            h = ((31 * h + p.remoteIp.hashCode()) * 31 + p.vni) * 31 + p.inner.hashCode();
        }
        return h;
    }
}
