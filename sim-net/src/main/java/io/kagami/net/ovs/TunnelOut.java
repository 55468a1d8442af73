package io.kagami.net.ovs;

import io.kagami.core.Digestible;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.wire.DeviceInput;
import java.util.Collections;
import java.util.List;

/**
 * The VXLAN packets that one pass of a bridge's pipeline hands to the host's network stack through
 * its tunnel ports, to be routed out of its NIC towards each {@code outer.dst()}: the outer
 * IPv4/UDP packets, without an Ethernet header, in the order the pipeline output them. One message
 * for a whole flood (OVS hands the datapath's action list over at once, too).
 */
public record TunnelOut(List<Ipv4Packet> outers) implements DeviceInput, Digestible {

    /** Takes {@code outers} as it is, without a copy: the bridge hands over a list it no longer touches. */
    public TunnelOut {
        outers = Collections.unmodifiableList(outers);
    }

    @Override
    public int traceHash() {
        return outers.hashCode(); // List's contract: the packets' content hashes, in order
    }
}
