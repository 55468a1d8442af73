package io.kagami.net.ovs;

import io.kagami.core.Digestible;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.wire.DeviceInput;

/**
 * A VXLAN packet the host's NIC received for this bridge, already decapsulated: the tunnel endpoint it
 * came from, its VNI and the inner frame. The bridge takes it in on the tunnel port whose
 * {@code remote_ip} is {@code remoteIp}, with {@code tun_id} = {@code vni}.
 */
public record TunnelIn(Ipv4Address remoteIp, int vni, EthernetFrame inner) implements DeviceInput, Digestible {

    @Override
    public int traceHash() {
        return (31 * remoteIp.bits() + vni) * 31 + inner.hashCode();
    }
}
