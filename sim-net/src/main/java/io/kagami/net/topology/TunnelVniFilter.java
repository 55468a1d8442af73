package io.kagami.net.topology;

import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.UdpDatagram;
import io.kagami.net.packet.VxlanPacket;
import io.kagami.net.wire.ReceiveFilter;
import java.util.Set;

/**
 * What a server's tunnel NIC, with its br-tun behind it, throws away: VXLAN packets of a VNI for which
 * the OVS agent provisioned no local VLAN on this node. br-tun's table 4 has a flow per provisioned
 * VNI ({@link io.kagami.net.ovs.NeutronFlows#brTunProvisionNetwork}) and drops the rest, before any
 * learning. Without l2population every network node floods each HA advert to every tunnel, so
 * compute nodes receive the adverts of every project's HA network only to drop them; they still
 * cross the sender's NIC (and count in its tunnel traffic), but cost no event at the receiver.
 *
 * <p>Left out: the receiving NIC's and br-tun's counters for those packets.
 */
record TunnelVniFilter(Set<Integer> vnis) implements ReceiveFilter {

    TunnelVniFilter {
        vnis = Set.copyOf(vnis);
    }

    @Override
    public boolean ignores(EthernetFrame frame) {
        return frame.payload() instanceof Ipv4Packet ip && ip.payload() instanceof UdpDatagram udp
                && udp.payload() instanceof VxlanPacket vxlan && !vnis.contains(vxlan.vni());
    }
}
