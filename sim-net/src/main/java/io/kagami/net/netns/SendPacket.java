package io.kagami.net.netns;

import io.kagami.core.Digestible;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.wire.DeviceInput;
import java.util.Objects;

/**
 * An application in a namespace sends an IPv4 packet, as a raw or connected socket would: the
 * namespace runs it through the OUTPUT and POSTROUTING hooks, routes it (or sends it out
 * {@code outInterface} when given, like SO_BINDTODEVICE; keepalived binds to ha-) and resolves
 * the next hop with ARP. {@code outInterface} may be null. The packet's source address is used as
 * given (the application chose it, as a bound socket does); if it is not an address of the namespace
 * the packet is dropped, unless {@code ip_nonlocal_bind} is set (Neutron sets it in HA routers).
 */
public record SendPacket(Ipv4Packet packet, String outInterface) implements DeviceInput, Digestible {

    @Override
    public int traceHash() {
        return 31 * packet.hashCode() + Objects.hashCode(outInterface);
    }
}
