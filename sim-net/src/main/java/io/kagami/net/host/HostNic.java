package io.kagami.net.host;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.EntityRef;
import io.kagami.net.ovs.OverheardStream;
import io.kagami.net.ovs.OverheardStreams;
import io.kagami.net.ovs.TunnelIn;
import io.kagami.net.ovs.TunnelOut;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.packet.UdpDatagram;
import io.kagami.net.packet.VrrpAdvertisement;
import io.kagami.net.packet.VxlanPacket;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.FrameIn;
import io.kagami.net.wire.LinkState;
import io.kagami.net.wire.Port;
import io.kagami.net.wire.PortSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A server's NIC on the tunnel (underlay) network and the host routing that VXLAN uses: br-tun's
 * encapsulated packets ({@link TunnelOut}) leave on the path to their outer destination; VXLAN
 * packets for this host's tunnel address are decapsulated and handed to br-tun ({@link TunnelIn}),
 * as the kernel's vxlan_sys_4789 device does. Each port is the path to one other server (a full
 * mesh whose latency is the underlay's); a port serialises frames at the NIC's bandwidth, in
 * order, and may lose them at a rate (a fault: per path, or for everything the NIC sends). A fault
 * may also hold every frame the NIC sends an extra delay before it leaves, as {@code tc qdisc add
 * dev ethX root netem delay D} does: the wire's latency stays the underlay's (the kernel's
 * lookahead), frames wait in the NIC's queue, keep their order, and die with it if the carrier goes
 * (a crash). A receiver that only overhears a frame on an HA network ({@link TunnelReceiveFilter}) is not
 * sent it: the NIC keeps the account of what the receiver learned from it instead ({@link Overheard}).
 * Left out: ARP and routing inside the underlay, MTU and fragmentation, traffic that is
 * not VXLAN, jitter and reordering (netem can do both).
 */
public final class HostNic implements Entity<DeviceInput> {

    /**
     * @param host          the server's name
     * @param tunnelIp      its address on the tunnel network (local_ip of its VXLAN ports)
     * @param mac           the NIC's MAC
     * @param remoteByPort  for each port (by name), the tunnel address of the server at its other end
     * @param bandwidth     bits per second
     * @param brTun         where decapsulated tunnel traffic goes
     */
    public record Config(String host, Ipv4Address tunnelIp, MacAddress mac, Map<String, Ipv4Address> remoteByPort,
                         long bandwidth, EntityRef<DeviceInput> brTun) {
        public Config {
            remoteByPort = Map.copyOf(remoteByPort);
            if (bandwidth <= 0) {
                throw new IllegalArgumentException("NIC bandwidth must be > 0 bit/s, got " + bandwidth);
            }
        }
    }

    /** Loses a fraction of the frames sent on the path to {@code remote} (0 restores it). */
    public record SetPathLoss(Ipv4Address remote, double lossRate) implements DeviceInput {
        public SetPathLoss {
            if (lossRate < 0 || lossRate > 1) {
                throw new IllegalArgumentException("loss rate must be between 0 and 1, got " + lossRate);
            }
        }
    }

    /**
     * Loses a fraction of every frame the NIC sends, to every other server (0 restores it): a bad
     * NIC, cable or switch port. Independent of the per-path loss of {@link SetPathLoss}: a frame
     * survives both only if it survives each.
     */
    public record SetLoss(double lossRate) implements DeviceInput {
        public SetLoss {
            if (lossRate < 0 || lossRate > 1) {
                throw new IllegalArgumentException("loss rate must be between 0 and 1, got " + lossRate);
            }
        }
    }

    /**
     * Holds every frame the NIC sends {@code delay} nanoseconds longer before it leaves (0 restores
     * it), as netem's delay on the egress qdisc: frames keep their order (a frame sent after the
     * delay is lowered still leaves after those held before it), and a frame still held when the
     * carrier goes down is lost.
     */
    public record SetExtraDelay(long delay) implements DeviceInput {
        public SetExtraDelay {
            if (delay < 0) {
                throw new IllegalArgumentException("extra delay must be >= 0 ns, got " + delay);
            }
        }
    }

    /**
     * Drops (or lets through again) the VXLAN traffic of one VNI towards {@code remote}: a partition
     * of one overlay network, such as a project's HA network, while the others still pass.
     */
    public record SetVniBlocked(Ipv4Address remote, int vni, boolean blocked) implements DeviceInput {}

    /**
     * What the NIC sent over the tunnels in the last {@code interval}: every frame, and the VRRP
     * adverts among them (the HA networks' load on the underlay, for capacity planning).
     */
    public record TunnelTraffic(long interval, long packets, long bytes, long vrrpPackets, long vrrpBytes) {}

    /** A frame the NIC dropped, and why: no path, no carrier, or loss. */
    public record Dropped(Ipv4Address destination, String reason) {}

    /**
     * Asks the NIC to record, for each receiver that overheard some of its frames
     * ({@link TunnelReceiveFilter}), what had arrived there by now ({@link Overheard}).
     */
    public enum ReportOverheard implements DeviceInput { INSTANCE }

    /** What {@code receiver} overheard from this NIC, by VNI and source MAC, as it stood at the report. */
    public record Overheard(Ipv4Address receiver, List<OverheardStream> streams) {
        public Overheard {
            streams = List.copyOf(streams);
        }
    }

    private final Config config;
    private final List<Port> ports = new ArrayList<>();
    private final Map<Ipv4Address, Port> pathTo = new HashMap<>();
    private final Map<Ipv4Address, Double> loss = new HashMap<>();
    private final Map<Ipv4Address, Set<Integer>> blockedVnis = new HashMap<>();
    private final long[] busyUntil;
    /** The account of what the receivers overheard, by port. */
    private final OverheardStreams overheard;
    private double nicLoss;
    private long extraDelay;
    /** Frames held by the extra delay, in the order sent; release times never decrease. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private long lastRelease = Long.MIN_VALUE;

    /** A frame waiting in the NIC's queue until {@code release}. */
    private record Held(long release, Port port, TunnelOut.Packet packet) {}
    private long packets;
    private long bytes;
    private long vrrpPackets;
    private long vrrpBytes;

    /** The sampling timer of {@link TunnelTraffic}: one record per second. */
    private enum Sample implements DeviceInput { TICK }

    /** The timer of the first held frame's release. */
    private enum Release implements DeviceInput { DUE }

    private static final long SAMPLE_INTERVAL = 1_000_000_000L;

    public HostNic(Config config, List<PortSpec> wires) {
        this.config = config;
        for (PortSpec w : wires) {
            Port p = new Port(ports.size(), w);
            ports.add(p);
            Ipv4Address remote = config.remoteByPort().get(w.name());
            if (remote == null) {
                throw new IllegalArgumentException("NIC of " + config.host() + ": port " + w.name()
                        + " leads to no known server");
            }
            pathTo.put(remote, p);
        }
        this.busyUntil = new long[ports.size()];
        this.overheard = new OverheardStreams(config.tunnelIp(), ports.size());
    }

    @Override
    public void onStart(Context<DeviceInput> ctx) {
        ctx.startTimer(Sample.TICK, SAMPLE_INTERVAL, Sample.TICK);
    }

    @Override
    public void onMessage(Context<DeviceInput> ctx, DeviceInput input) {
        if (input == Sample.TICK) {
            ctx.record(new TunnelTraffic(SAMPLE_INTERVAL, packets, bytes, vrrpPackets, vrrpBytes));
            packets = bytes = vrrpPackets = vrrpBytes = 0;
            ctx.startTimer(Sample.TICK, SAMPLE_INTERVAL, Sample.TICK);
        } else if (input instanceof TunnelOut out) {
            List<TunnelOut.Packet> packets = out.packets();
            for (int i = 0; i < packets.size(); i++) {
                send(ctx, packets.get(i));
            }
        } else if (input == Release.DUE) {
            release(ctx);
        } else if (input == ReportOverheard.INSTANCE) {
            reportOverheard(ctx);
        } else if (input instanceof FrameIn in) {
            if (ports.get(in.port()).isUp()) {
                receive(ctx, in.frame());
            }
        } else if (input instanceof LinkState s) {
            ports.get(s.port()).setUp(s.up());
        } else if (input instanceof SetPathLoss l) {
            loss.put(l.remote(), l.lossRate());
        } else if (input instanceof SetLoss l) {
            nicLoss = l.lossRate();
        } else if (input instanceof SetExtraDelay d) {
            extraDelay = d.delay();
        } else if (input instanceof SetVniBlocked b) {
            Set<Integer> vnis = blockedVnis.computeIfAbsent(b.remote(), r -> new HashSet<>());
            if (b.blocked()) {
                vnis.add(b.vni());
            } else {
                vnis.remove(b.vni());
            }
        } else {
            throw new IllegalArgumentException("a NIC does not understand " + input);
        }
    }

    private void send(Context<DeviceInput> ctx, TunnelOut.Packet packet) {
        Ipv4Address to = packet.remoteIp();
        Port port = pathTo.get(to);
        if (port == null) {
            ctx.record(new Dropped(to, "no route"));
            return;
        }
        Set<Integer> blocked = blockedVnis.get(to);
        if (blocked != null && blocked.contains(packet.vni())) {
            ctx.record(new Dropped(to, "VNI " + packet.vni() + " partitioned"));
            return;
        }
        Double pathLoss = loss.get(to);
        double path = pathLoss == null ? 0 : pathLoss;
        double rate = nicLoss == 0 ? path : path == 0 ? nicLoss : 1 - (1 - path) * (1 - nicLoss);
        if (rate > 0 && ctx.random().nextDouble() < rate) {
            ctx.record(new Dropped(to, "loss"));
            return;
        }
        if (extraDelay == 0 && held.isEmpty()) {
            transmit(ctx, port, packet);
            return;
        }
        // netem: the frame waits in the queue; behind the frames held before it, whatever their delay
        long release = Math.max(ctx.now() + extraDelay, lastRelease);
        lastRelease = release;
        held.add(new Held(release, port, packet));
        if (held.size() == 1) {
            ctx.startTimer(Release.DUE, release - ctx.now(), Release.DUE);
        }
    }

    /** Sends the held frames whose time has come, in order; arms the timer for the next one. */
    private void release(Context<DeviceInput> ctx) {
        while (!held.isEmpty() && held.peek().release() <= ctx.now()) {
            Held h = held.poll();
            transmit(ctx, h.port(), h.packet());
        }
        if (!held.isEmpty()) {
            ctx.startTimer(Release.DUE, held.peek().release() - ctx.now(), Release.DUE);
        }
    }

    /**
     * Serialises the packet onto its path. A copy its receiver ignores is not even encapsulated unless
     * the wire is captured: it is counted by its size, and an overheard frame goes into the account.
     */
    private void transmit(Context<DeviceInput> ctx, Port port, TunnelOut.Packet packet) {
        int length = packet.frameLength();
        int i = port.index();
        long start = Math.max(ctx.now(), busyUntil[i]);
        busyUntil[i] = start + length * 8L * 1_000_000_000L / config.bandwidth();
        TunnelReceiveFilter receiver = port.peerIgnores() instanceof TunnelReceiveFilter f ? f : null;
        boolean overheard = receiver != null && receiver.overhears(packet.vni(), packet.inner());
        boolean ignored = receiver != null && (overheard || !receiver.provisioned(packet.vni()));
        boolean sent;
        if (ignored && !port.isCaptured()) {
            sent = port.canTransmit();
        } else {
            // The peer NIC's MAC is not modelled (no underlay ARP): frames go to the broadcast address.
            EthernetFrame frame = EthernetFrame.of(MacAddress.BROADCAST, config.mac(), packet.outer());
            long queueing = busyUntil[i] - ctx.now();
            // the receiver's filter was asked above; a captured copy it ignores is recorded, not posted
            sent = receiver != null && !ignored ? port.transmitTaken(ctx, frame, queueing)
                    : port.transmit(ctx, frame, queueing);
        }
        if (!sent) {
            ctx.record(new Dropped(packet.remoteIp(), "link down"));
            return;
        }
        count(length, packet.inner());
        if (overheard) {
            this.overheard.sent(i, packet.vni(), packet.inner().src(), ctx.now(), busyUntil[i] + port.latency());
        }
    }

    private void reportOverheard(Context<DeviceInput> ctx) {
        for (Port port : ports) {
            if (overheard.any(port.index())) {
                Ipv4Address receiver = config.remoteByPort().get(port.name());
                ctx.record(new Overheard(receiver, overheard.before(port.index(), ctx.now())));
            }
        }
    }

    private void count(int length, EthernetFrame inner) {
        packets++;
        bytes += length;
        if (inner.payload() instanceof Ipv4Packet ip && ip.payload() instanceof VrrpAdvertisement) {
            vrrpPackets++;
            vrrpBytes += length;
        }
    }

    private void receive(Context<DeviceInput> ctx, EthernetFrame frame) {
        if (frame.payload() instanceof Ipv4Packet ip && ip.dst().equals(config.tunnelIp())
                && ip.payload() instanceof UdpDatagram udp && udp.dstPort() == VxlanPacket.UDP_PORT
                && udp.payload() instanceof VxlanPacket vxlan) {
            ctx.send(config.brTun(), new TunnelIn(ip.src(), vxlan.vni(), vxlan.inner()), 0);
        }
    }
}
