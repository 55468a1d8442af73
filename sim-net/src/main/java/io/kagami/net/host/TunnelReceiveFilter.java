package io.kagami.net.host;

import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.UdpDatagram;
import io.kagami.net.packet.VrrpAdvertisement;
import io.kagami.net.packet.VxlanPacket;
import io.kagami.net.wire.ReceiveFilter;
import java.util.Set;

/**
 * What a server's tunnel NIC, with br-tun and br-int behind it, does with the VXLAN packets other servers
 * send it, as far as they need to know. Without l2population every node floods each broadcast and
 * multicast to every tunnel, so most receivers throw most floods away:
 * <ul>
 * <li>a VNI for which the OVS agent provisioned no local VLAN here is dropped by br-tun's table 4
 * ({@link io.kagami.net.ovs.NeutronFlows#brTunProvisionNetwork}), before any learning: the compute nodes
 * and every project's HA network;</li>
 * <li>a VRRP advert on a provisioned VNI (an HA network) whose VRID no router here has is learned from
 * by br-tun (table 10) and br-int (NORMAL), which floods it to the network's ha- ports, none of which
 * takes it: it is <em>overheard</em>.</li>
 * </ul>
 * Both are ignored ({@link ReceiveFilter}): the sender's NIC still sends and counts them, but posts
 * nothing, so a flood to ten servers costs the one or two that take it. For an overheard advert the
 * sender keeps, per receiver, the account of what it learned ({@link OverheardAdverts}), which the
 * receiver's views add to its bridges ({@link io.kagami.net.ovs.OverheardLearning}).
 *
 * <p>A receiver that must see every advert for itself (one whose bridges or namespaces are captured to a
 * pcap) is {@link #dropping} only, and overhears nothing. Left out: the receiving NIC's and br-tun's
 * counters for the dropped packets.
 */
public record TunnelReceiveFilter(Set<Integer> vnis, Set<Long> hostedVrids, boolean overhears) implements ReceiveFilter {

    public TunnelReceiveFilter {
        vnis = Set.copyOf(vnis);
        hostedVrids = Set.copyOf(hostedVrids);
    }

    /**
     * A receiver with local VLANs for {@code vnis} and, on those that are HA networks, routers with the
     * VRIDs {@code hostedVrids} ({@link #vrid}): it overhears every other VRID's adverts.
     */
    public static TunnelReceiveFilter overhearing(Set<Integer> vnis, Set<Long> hostedVrids) {
        return new TunnelReceiveFilter(vnis, hostedVrids, true);
    }

    /** A receiver with local VLANs for {@code vnis} that takes every packet of those. */
    public static TunnelReceiveFilter dropping(Set<Integer> vnis) {
        return new TunnelReceiveFilter(vnis, Set.of(), false);
    }

    /** A VRID on a network, as {@code hostedVrids} holds it. */
    public static long vrid(int vni, int vrid) {
        return (long) vni << 8 | vrid;
    }

    @Override
    public boolean ignores(EthernetFrame frame) {
        VxlanPacket vxlan = vxlanOf(frame);
        return vxlan != null && (!provisioned(vxlan.vni()) || overhears(vxlan.vni(), vxlan.inner()));
    }

    /** Whether br-tun takes packets of {@code vni} (table 4 has a flow for it). */
    public boolean provisioned(int vni) {
        return vnis.contains(vni);
    }

    /** Whether the receiver learns from {@code inner}, sent with {@code vni}, and throws it away. */
    public boolean overhears(int vni, EthernetFrame inner) {
        return overhears && inner.payload() instanceof Ipv4Packet ip && ip.payload() instanceof VrrpAdvertisement advert
                && vnis.contains(vni) && !hostedVrids.contains(vrid(vni, advert.vrid()));
    }

    /** The VXLAN packet a frame on the underlay carries, null if it carries none. */
    private static VxlanPacket vxlanOf(EthernetFrame frame) {
        return frame.payload() instanceof Ipv4Packet ip && ip.payload() instanceof UdpDatagram udp
                && udp.payload() instanceof VxlanPacket vxlan ? vxlan : null;
    }
}
