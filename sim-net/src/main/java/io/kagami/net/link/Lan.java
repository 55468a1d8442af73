package io.kagami.net.link;

import io.kagami.core.Context;
import io.kagami.core.EntityRef;
import io.kagami.net.packet.Ipv4Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A broadcast LAN with a fixed one-way latency: every IPv4 packet sent on it reaches every other
 * attached port once, after the latency. It stands for the HA network until the full path
 * (br-int, br-tun, VXLAN over the underlay) is modelled; it leaves out loss, bandwidth, queueing
 * and MAC learning.
 */
public final class Lan {
    private record Port<M>(EntityRef<M> owner, Function<Ipv4Packet, M> deliver) {}

    private final String name;
    private final long latency;
    private final List<Port<?>> ports = new ArrayList<>();

    public Lan(String name, long latency) {
        if (latency <= 0) {
            throw new IllegalArgumentException("LAN '" + name + "' needs a latency > 0, got " + latency + "ns");
        }
        this.name = name;
        this.latency = latency;
    }

    public String name() {
        return name;
    }

    public long latency() {
        return latency;
    }

    /** Attaches an entity; {@code deliver} wraps a packet into the entity's own message type. */
    public <M> void attach(EntityRef<M> owner, Function<Ipv4Packet, M> deliver) {
        ports.add(new Port<>(owner, deliver));
    }

    /** Sends {@code packet} from {@code sender}'s port to every other port. */
    public void broadcast(Context<?> ctx, Ipv4Packet packet) {
        EntityRef<?> sender = ctx.self();
        for (Port<?> p : ports) {
            if (!p.owner().equals(sender)) {
                deliver(ctx, p, packet);
            }
        }
    }

    private <M> void deliver(Context<?> ctx, Port<M> port, Ipv4Packet packet) {
        ctx.send(port.owner(), port.deliver().apply(packet), latency);
    }
}
