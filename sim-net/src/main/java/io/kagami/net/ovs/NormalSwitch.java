package io.kagami.net.ovs;

import io.kagami.net.packet.EthernetFrame;
import java.util.Map;
import java.util.OptionalInt;

/**
 * OVS's NORMAL action ({@code xlate_normal} in {@code ofproto/ofproto-dpif-xlate.c}), a VLAN-aware
 * learning switch over the bridge's ports. The frame's VLAN is the input port's tag on an access port,
 * else its 802.1Q VID (0 untagged); a tagged frame on an access port is dropped. The source MAC is
 * learned in that VLAN (not a multicast source). A known unicast destination goes to its port (dropped if
 * that is the input port); anything else floods every port carrying the VLAN but the input. Leaving an
 * access port the frame is untagged, leaving a trunk it carries the VLAN (untagged for VLAN 0).
 *
 * <p>As in OVS, NORMAL knows nothing of Neutron's dead VLAN 4095: a port tagged 4095 is an access port
 * of VLAN 4095 like any other, and it is Neutron's flows that drop its frames. Left out: multicast
 * snooping, mirrors, bonds, STP/RSTP, and the LOCAL port.
 */
final class NormalSwitch {

    /** Where a frame leaves. */
    interface Out {
        void emit(int port, EthernetFrame frame);
    }

    private final Map<Integer, BridgePort> ports;
    private final MacLearningTable fdb = new MacLearningTable();

    /** @param ports the bridge's ports by OpenFlow number, in order; the map is the bridge's, kept current */
    NormalSwitch(Map<Integer, BridgePort> ports) {
        this.ports = ports;
    }

    MacLearningTable fdb() {
        return fdb;
    }

    void forward(int inPort, EthernetFrame frame, long now, Out out) {
        BridgePort in = ports.get(inPort);
        int vid = frame.hasVlan() ? frame.vlan() : 0;
        OptionalInt tag = in.config().tag();
        if (tag.isPresent() && vid != 0) {
            return;
        }
        int vlan = tag.orElse(vid);
        if (!frame.src().isMulticast()) {
            fdb.learn(frame.src(), vlan, inPort, now);
        }
        OptionalInt known = frame.dst().isMulticast() ? OptionalInt.empty() : fdb.lookup(frame.dst(), vlan, now);
        if (known.isPresent()) {
            BridgePort to = ports.get(known.getAsInt());
            if (to != in) {
                send(to, vlan, frame, out);
            }
            return;
        }
        for (BridgePort to : ports.values()) {
            if (to != in && to.config().carries(vlan)) {
                send(to, vlan, frame, out);
            }
        }
    }

    private static void send(BridgePort to, int vlan, EthernetFrame frame, Out out) {
        boolean untagged = to.config().tag().isPresent() || vlan == 0;
        out.emit(to.ofport(), untagged ? frame.withoutVlan() : frame.withVlan(vlan));
    }
}
