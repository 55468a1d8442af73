package io.kagami.bench.net;

import io.kagami.core.EntityRef;
import io.kagami.core.EventTracer;
import io.kagami.core.Model;
import io.kagami.core.VirtualTime;
import io.kagami.net.apps.PingProbe;
import io.kagami.net.ovs.TunnelIn;
import io.kagami.net.ovs.TunnelOut;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.topology.CloudSpec.Segment;
import io.kagami.net.topology.CloudSpec.Vm;
import io.kagami.net.wire.Fabric;
import io.kagami.net.wire.FrameIn;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The VXLAN data path between two compute nodes, loaded with a ping flood: the smallest cloud the
 * topology builder makes ({@code CloudSpec.scaled(1, 2, 2)}: two controllers, compute-3 and
 * compute-4, two network nodes, one segment with its HA router), whose project network has one VM on
 * each compute node. The VM on compute-3 pings the one on compute-4 every {@link #INTERVAL} (56
 * bytes, {@link #TIMEOUT} timeout) and the guest's IP stack answers, so every request and every reply
 * crosses
 *
 * <pre>
 * namespace -> br-int -> br-tun -> NIC == underlay (VXLAN) ==> NIC -> br-tun -> br-int -> namespace
 * </pre>
 *
 * A <em>hop</em> is one frame handled by one device on that path: a frame arriving on a port of
 * either node's br-int, br-tun, tunnel NIC or either VM's namespace ({@code FrameIn}), a packet
 * br-tun's VXLAN port hands to the NIC ({@code TunnelOut}) and a decapsulated packet the NIC hands
 * to br-tun ({@code TunnelIn}): 7 per direction, 14 per answered ping. {@link Hops} counts them as
 * the kernel handles them. Hops by other traffic on these devices are counted too: the first ARP
 * exchange, and the HA network's VRRP adverts that br-tun floods to every tunnel; they are a few per
 * virtual second, against ~1.4 million of the flood.
 *
 * <p>Everything else the cloud runs (keepalived, the agents, neutron-server) runs as well, as in any
 * scenario; its events are a negligible share here. Left out: traffic through the router or
 * floating IPs (NAT, conntrack), more than one flow, and packet sizes other than ping's.
 */
public final class PacketPath {
    /** Between two echo requests: 100,000 pings per virtual second, far below the 10 Gbit/s NIC. */
    public static final long INTERVAL = 10 * VirtualTime.MICROSECOND;
    /**
     * A request's timeout: well above the round trip (~200 µs over two 100 µs underlay crossings), and
     * short so that few cancelled timers wait in the event queue.
     */
    public static final long TIMEOUT = 10 * VirtualTime.MILLISECOND;

    private final Model model;
    private final boolean[] onPath;

    private PacketPath(Model model, boolean[] onPath) {
        this.model = model;
        this.onPath = onPath;
    }

    /** Builds the cloud, the flood and the list of devices on its path. */
    public static PacketPath build() {
        CloudSpec base = CloudSpec.scaled(1, 2, 2);
        Segment s = base.segments().get(0);
        Vm sender = new Vm("vm-a", "compute-3", s.projectSubnet().host(10), null);
        Vm receiver = new Vm("vm-b", "compute-4", s.projectSubnet().host(11), null);
        Segment twoVms = new Segment(s.name(), s.project(), s.externalNetwork(), s.externalSubnet(),
                s.projectNetwork(), s.projectSubnet(), s.router(), s.routerGateway(), s.vrid(),
                List.of(sender, receiver));
        Cloud cloud = Cloud.build(base.withSegments(List.of(twoVms)));

        Fabric.Device from = guest(cloud, sender);
        Fabric.Device to = guest(cloud, receiver);
        Ipv4Address target = receiver.fixedIp();
        PingProbe.Settings settings = PingProbe.Settings.defaults().withInterval(INTERVAL).withTimeout(TIMEOUT);
        cloud.addApp(from, "ping", ns -> new PingProbe(ns, sender.fixedIp(), target, settings), PingProbe::socket);

        Model model = cloud.model();
        boolean[] onPath = new boolean[model.entityCount()];
        for (String node : List.of(sender.host(), receiver.host())) {
            Cloud.OvsNode n = cloud.ovsNodes().get(node);
            for (Fabric.Device d : List.of(n.brInt(), n.brTun(), n.nic())) {
                onPath[d.ref().id()] = true;
            }
        }
        onPath[from.ref().id()] = true;
        onPath[to.ref().id()] = true;
        return new PacketPath(model, onPath);
    }

    private static Fabric.Device guest(Cloud cloud, Vm vm) {
        return cloud.guests().stream().filter(g -> g.vm().name().equals(vm.name())).findFirst().orElseThrow()
                .device();
    }

    public Model model() {
        return model;
    }

    /** A new counter of the path's hops, to run as the run's tracer. */
    public Hops hops() {
        return new Hops(onPath);
    }

    /** Counts hops (see {@link PacketPath}); thread-safe, so it also serves a run on several partitions. */
    public static final class Hops implements EventTracer {
        private final boolean[] onPath;
        private final LongAdder count = new LongAdder();

        private Hops(boolean[] onPath) {
            this.onPath = onPath;
        }

        @Override
        public void onEvent(int partition, long time, int rank, int source, long seq, EntityRef<?> target,
                            Object message) {
            if (onPath[target.id()]
                    && (message instanceof FrameIn || message instanceof TunnelOut || message instanceof TunnelIn)) {
                count.increment();
            }
        }

        /** The hops counted so far, and back to zero. */
        public long sumThenReset() {
            return count.sumThenReset();
        }
    }
}
