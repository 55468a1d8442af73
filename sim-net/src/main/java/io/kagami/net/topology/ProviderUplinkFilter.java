package io.kagami.net.topology;

import io.kagami.net.ovs.OverhearingFilter;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.wire.KeyedFilter;

/**
 * What a network node's provider bridge (br-ex) only learns from on its uplink to an external network's
 * switch, with br-int behind it. The switch floods every broadcast of the external network (a gateway's
 * gratuitous ARPs after each VRRP transition, the outside router's ARP requests) to every network node.
 * br-ex's NORMAL learns the source MAC on the uplink and floods it to br-int (phy-br-ex, untagged); br-int
 * tags it with the network's local VLAN ({@code io.kagami.net.ovs.NeutronFlows#brIntProvisionFlat}), learns
 * the MAC on int-br-ex, and floods it to that VLAN's ports: patch-tun, behind which br-tun drops it
 * ({@link LocalVlanFilter}), and the qg- ports of the node's routers on the network, which take an ARP
 * only for or from their own addresses and the network's gateway ({@link RouterPortFilter}). A broadcast
 * that none of them takes is overheard: four network nodes of five, for each router's gratuitous ARP.
 *
 * <p>Frames with a VLAN tag, unicast frames and anything the qg- ports do not sort by key are taken as
 * they are.
 */
final class ProviderUplinkFilter implements OverhearingFilter {

    private final KeyedFilter qgPorts;

    /** @param qgPorts what the node's qg- ports on the network take, together */
    ProviderUplinkFilter(KeyedFilter qgPorts) {
        this.qgPorts = qgPorts;
    }

    @Override
    public boolean ignores(EthernetFrame frame) {
        return !frame.hasVlan() && frame.dst().isMulticast() && qgPorts.ignores(frame);
    }
}
