package io.kagami.net.ovs;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.EntityRef;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.UdpDatagram;
import io.kagami.net.packet.VxlanPacket;
import io.kagami.net.wire.DeviceInput;
import java.util.Map;

/**
 * A host NIC and underlay in one, for tests: records each {@link TunnelOut} it carries and, if the outer
 * destination is a known tunnel endpoint, delivers the decapsulated packet there as {@link TunnelIn}
 * after {@code latency}.
 */
final class FakeUnderlay implements Entity<DeviceInput> {

    /** Recorded for every packet carried. */
    record Carried(Ipv4Packet outer) {}

    private final Map<Ipv4Address, EntityRef<DeviceInput>> endpoints;
    private final long latency;

    FakeUnderlay(Map<Ipv4Address, EntityRef<DeviceInput>> endpoints, long latency) {
        this.endpoints = endpoints;
        this.latency = latency;
    }

    @Override
    public void onMessage(Context<DeviceInput> ctx, DeviceInput message) {
        for (TunnelOut.Packet packet : ((TunnelOut) message).packets()) {
            Ipv4Packet outer = packet.outer();
            ctx.record(new Carried(outer));
            EntityRef<DeviceInput> to = endpoints.get(outer.dst());
            if (to != null) {
                VxlanPacket vxlan = (VxlanPacket) ((UdpDatagram) outer.payload()).payload();
                ctx.send(to, new TunnelIn(outer.src(), vxlan.vni(), vxlan.inner()), latency);
            }
        }
    }
}
