package io.kagami.net.host;

import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.UdpDatagram;
import io.kagami.net.packet.VxlanPacket;
import io.kagami.net.wire.KeyedFilter;
import io.kagami.net.wire.ReceiveFilter;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a server's tunnel NIC, with br-tun and br-int behind it, does with the VXLAN packets other servers
 * send it, as far as they need to know. Without l2population every node floods each broadcast and
 * multicast to every tunnel, so most receivers throw most floods away:
 * <ul>
 * <li>a VNI for which the OVS agent provisioned no local VLAN here is dropped by br-tun's table 4
 * ({@link io.kagami.net.ovs.NeutronFlows#brTunProvisionNetwork}), before any learning: the compute nodes
 * and every project's HA network;</li>
 * <li>a VRRP advert or an ARP on a project's HA network here that none of the network's ha- ports here
 * takes (another router's VRID, another router's addresses) is learned from by br-tun (table 10) and
 * br-int (NORMAL), which floods it to those ha- ports only ({@link KeyedFilter}), none of which takes
 * it: it is <em>overheard</em>.</li>
 * </ul>
 * Both are ignored ({@link ReceiveFilter}): the sender's NIC still sends and counts them, but posts
 * nothing, so a flood to ten servers costs the one or two that take it. For an overheard frame the
 * sender keeps, per receiver, the account of what it learned
 * ({@link io.kagami.net.ovs.OverheardStreams}), which the receiver's views add to its bridges
 * ({@link io.kagami.net.ovs.OverheardLearning}).
 *
 * <p>A receiver that must see every frame for itself (one whose bridges or namespaces are captured to a
 * pcap) is {@link #dropping} only, and overhears nothing. Left out: the receiving NIC's and br-tun's
 * counters for the dropped packets.
 *
 * <p>Looked up for every copy of every flood, so by VNI without boxing it.
 */
public final class TunnelReceiveFilter implements ReceiveFilter {

    /** The VNIs with a local VLAN here. */
    private final BitSet vnis = new BitSet();
    /** The HA networks here, sorted by VNI, and what their ha- ports here take, together. */
    private final int[] haVnis;
    private final KeyedFilter[] haPorts;

    private TunnelReceiveFilter(Set<Integer> vnis, Map<Integer, KeyedFilter> haNetworks) {
        vnis.forEach(this.vnis::set);
        TreeMap<Integer, KeyedFilter> sorted = new TreeMap<>(haNetworks);
        this.haVnis = sorted.keySet().stream().mapToInt(Integer::intValue).toArray();
        this.haPorts = sorted.values().toArray(KeyedFilter[]::new);
    }

    /**
     * A receiver with local VLANs for {@code vnis}, and, by the VNI of each HA network here, what the
     * network's ha- ports here take: it overhears what none of them takes.
     */
    public static TunnelReceiveFilter overhearing(Set<Integer> vnis, Map<Integer, KeyedFilter> haNetworks) {
        return new TunnelReceiveFilter(vnis, haNetworks);
    }

    /** A receiver with local VLANs for {@code vnis} that takes every packet of those. */
    public static TunnelReceiveFilter dropping(Set<Integer> vnis) {
        return new TunnelReceiveFilter(vnis, Map.of());
    }

    @Override
    public boolean ignores(EthernetFrame frame) {
        VxlanPacket vxlan = vxlanOf(frame);
        return vxlan != null && (!provisioned(vxlan.vni()) || overhears(vxlan.vni(), vxlan.inner()));
    }

    /** Whether br-tun takes packets of {@code vni} (table 4 has a flow for it). */
    public boolean provisioned(int vni) {
        return vnis.get(vni);
    }

    /** Whether the receiver learns from {@code inner}, sent with {@code vni}, and throws it away. */
    public boolean overhears(int vni, EthernetFrame inner) {
        int i = Arrays.binarySearch(haVnis, vni);
        return i >= 0 && haPorts[i].ignores(inner);
    }

    /** The VXLAN packet a frame on the underlay carries, null if it carries none. */
    private static VxlanPacket vxlanOf(EthernetFrame frame) {
        return frame.payload() instanceof Ipv4Packet ip && ip.payload() instanceof UdpDatagram udp
                && udp.payload() instanceof VxlanPacket vxlan ? vxlan : null;
    }
}
