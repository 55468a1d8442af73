package io.kagami.net.apps;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.net.netns.IpDelivered;
import io.kagami.net.netns.SendPacket;
import io.kagami.net.netns.Socket;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.wire.DeviceInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for the namespaces and everything between them, for testing applications alone: it takes
 * every {@link SendPacket} of every application and, {@code latency} later, delivers the packet to the
 * socket registered for its destination address as {@link IpDelivered}. It can drop everything sent in
 * a window of time (an outage), answer TCP sent in a window with a RST (a router that lost its conntrack
 * entries), play a host with nothing listening (RST to TCP, echo replies to ping) and a black hole
 * (addresses with no socket). It records each packet it carries ({@link Carried}) and drops
 * ({@link Dropped}). Never reorders.
 */
final class FakeNetwork implements Entity<DeviceInput> {

    /** Observation: a packet entered the network. */
    record Carried(Ipv4Packet packet) {}

    /** Observation: a packet was dropped: in an outage, or to an address with nothing there. */
    record Dropped(Ipv4Packet packet) {}

    /** The network's set-up; complete it before the model runs. */
    static final class Config {
        final long latency;
        final Map<Ipv4Address, List<Socket<?>>> sockets = new LinkedHashMap<>();
        final Set<Ipv4Address> hosts = new HashSet<>();
        final List<long[]> outages = new ArrayList<>();
        final List<long[]> resets = new ArrayList<>();

        Config(long latency) {
            this.latency = latency;
        }

        Config socket(Ipv4Address address, Socket<?> socket) {
            sockets.computeIfAbsent(address, a -> new ArrayList<>()).add(socket);
            return this;
        }

        /** A host whose kernel answers pings and TCP to ports with no socket (with a RST). */
        Config host(Ipv4Address address) {
            hosts.add(address);
            return this;
        }

        /** Drop every packet sent in [from, until). */
        Config outage(long from, long until) {
            outages.add(new long[] {from, until});
            return this;
        }

        /** Answer every TCP segment sent in [from, until) with a RST, as its receiver would if it had no connection. */
        Config resets(long from, long until) {
            resets.add(new long[] {from, until});
            return this;
        }
    }

    private final Config config;

    FakeNetwork(Config config) {
        this.config = config;
    }

    @Override
    public void onMessage(Context<DeviceInput> ctx, DeviceInput input) {
        Ipv4Packet packet = ((SendPacket) input).packet();
        long now = ctx.now();
        if (within(config.outages, now)) {
            ctx.record(new Dropped(packet));
            return;
        }
        ctx.record(new Carried(packet));
        if (packet.payload() instanceof TcpSegment segment && (segment.flags() & TcpSegment.RST) == 0
                && within(config.resets, now)) {
            reenter(ctx, rstFor(packet, segment));
            return;
        }
        int port = packet.payload() instanceof TcpSegment s ? s.dstPort() : 0;
        for (Socket<?> socket : config.sockets.getOrDefault(packet.dst(), List.of())) {
            if (socket.accepts(packet.protocol(), port)) {
                deliver(ctx, socket, packet);
                return;
            }
        }
        if (config.hosts.contains(packet.dst())) {
            if (packet.payload() instanceof IcmpEcho echo && echo.isRequest()) {
                reenter(ctx, Ipv4Packet.of(packet.dst(), packet.src(), 64, echo.reply()));
                return;
            }
            if (packet.payload() instanceof TcpSegment segment && (segment.flags() & TcpSegment.RST) == 0) {
                reenter(ctx, rstFor(packet, segment));
                return;
            }
        }
        ctx.record(new Dropped(packet));
    }

    /** The answer's way back starts where the packet arrived, {@code latency} from now. */
    private void reenter(Context<DeviceInput> ctx, Ipv4Packet answer) {
        ctx.send(ctx.self(), new SendPacket(answer, null), config.latency);
    }

    private <M> void deliver(Context<DeviceInput> ctx, Socket<M> socket, Ipv4Packet packet) {
        ctx.send(socket.app(), socket.wrap().apply(new IpDelivered(packet, "eth0")), config.latency);
    }

    /** RFC 9293 3.10.7.1, written out here rather than taken from the code under test. */
    private static Ipv4Packet rstFor(Ipv4Packet packet, TcpSegment s) {
        TcpSegment rst;
        if ((s.flags() & TcpSegment.ACK) != 0) {
            rst = TcpSegment.of(s.dstPort(), s.srcPort(), s.ack(), 0, TcpSegment.RST, 0, new byte[0]);
        } else {
            int length = s.data().length + ((s.flags() & TcpSegment.SYN) != 0 ? 1 : 0);
            rst = TcpSegment.of(s.dstPort(), s.srcPort(), 0, (s.seq() + length) & 0xFFFF_FFFFL,
                    TcpSegment.RST | TcpSegment.ACK, 0, new byte[0]);
        }
        return Ipv4Packet.of(packet.dst(), packet.src(), 64, rst);
    }

    private static boolean within(List<long[]> windows, long t) {
        for (long[] w : windows) {
            if (t >= w[0] && t < w[1]) {
                return true;
            }
        }
        return false;
    }
}
