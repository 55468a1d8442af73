package io.kagami.net.ovs;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.EntityRef;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.VxlanPacket;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.FrameIn;
import io.kagami.net.wire.LinkState;
import io.kagami.net.wire.Port;
import io.kagami.net.wire.PortSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Open vSwitch bridge (br-int, br-tun, br-ex) in {@code fail_mode: secure}: ports from OVSDB, an
 * OpenFlow pipeline ({@link Translation}) over its flow tables, and the NORMAL learning switch
 * ({@link NormalSwitch}). A frame arriving on a port ({@link FrameIn}) enters table 0 with
 * {@code in_port} = that port's number; a decapsulated VXLAN packet from the host's NIC
 * ({@link TunnelIn}) enters on the tunnel port whose {@code remote_ip} sent it, with {@code tun_id} =
 * its VNI, and is dropped if there is no such port, as OVS drops a packet no tunnel port claims. Output
 * to a wired port (patch, internal, system) puts the frame on its wire; output to a VXLAN port hands
 * the frame as the pipeline left it to the host's NIC, to be encapsulated with VNI = the packet's
 * {@code tun_id} towards the port's {@code remote_ip} ({@link TunnelOut}). Flows and ports count packets and bytes; a
 * packet's bytes are its frame as OVS receives it from a tap, internal port or tunnel: header, tag and
 * payload, without padding or FCS.
 *
 * <p>Ports are matched to the device's wires ({@link PortSpec}) by name; a wire without a port is a
 * device not (yet) attached to the bridge, and drops what arrives on it. Carrier comes and goes with
 * {@link LinkState}; a frame arriving on a port without carrier is lost. A frame the bridge behind a port
 * only learns from ({@link OverhearingFilter}) is not sent to it: this bridge keeps the account of it
 * ({@link Overheard}). Commands ({@link OvsCommand}) change flows and ports at run time and take
 * snapshots.
 *
 * <p>Left out: the datapath flow cache and its revalidation (every packet is translated afresh, so
 * learning and counters are exact), the LOCAL port, controller connections and packet-ins, port
 * config flags (no-flood, no-forward), meters, groups, conntrack, and MTU.
 */
public final class OvsBridge implements Entity<DeviceInput> {

    private final String name;
    private final EntityRef<DeviceInput> hostNic;
    private final Map<String, Integer> wireIndex = new HashMap<>();
    private final Port[] wires;
    private final BridgePort[] portOnWire;
    private final Map<Integer, BridgePort> ports = new TreeMap<>();
    private final Map<String, BridgePort> portsByName = new HashMap<>();
    private final Map<Ipv4Address, BridgePort> tunnels = new HashMap<>();
    private final FlowTables flows = new FlowTables();
    private final NormalSwitch normal = new NormalSwitch(ports);
    private final Translation translation = new Translation(flows, normal);
    /** The account of the frames the bridges behind its ports only learned from, made at the first. */
    private OverheardStreams overheard;

    /**
     * What the bridge behind a port overheard from this one ({@link OverhearingFilter}), by source MAC, as
     * it stood at the report.
     *
     * @param receiver the receiving bridge's entity, such as {@code network-8/br-ex}
     */
    public record Overheard(String receiver, List<OverheardStream> streams) {
        public Overheard {
            streams = List.copyOf(streams);
        }
    }

    /** A bridge without tunnel ports (br-int, br-ex). */
    public OvsBridge(OvsBridgeConfig config, List<PortSpec> wires) {
        this(config, wires, null);
    }

    /**
     * A bridge whose tunnel ports send through {@code hostNic}, the entity that routes the host's
     * {@link TunnelOut} packets onto the underlay.
     */
    public OvsBridge(OvsBridgeConfig config, List<PortSpec> wires, EntityRef<DeviceInput> hostNic) {
        this.name = config.name();
        this.hostNic = hostNic;
        this.wires = new Port[wires.size()];
        this.portOnWire = new BridgePort[wires.size()];
        for (int i = 0; i < wires.size(); i++) {
            this.wires[i] = new Port(i, wires.get(i));
            wireIndex.put(wires.get(i).name(), i);
        }
        config.ports().forEach(this::addPort);
        config.flows().forEach(f -> flows.add(f, 0));
    }

    @Override
    public void onMessage(Context<DeviceInput> ctx, DeviceInput message) {
        if (message instanceof FrameIn in) {
            receive(ctx, in);
        } else if (message instanceof TunnelIn in) {
            receiveFromTunnel(ctx, in);
        } else if (message instanceof LinkState state) {
            wires[state.port()].setUp(state.up());
        } else if (message instanceof OvsCommand command) {
            execute(ctx, command);
        } else {
            throw new IllegalArgumentException("bridge " + name + " does not take " + message);
        }
    }

    private void receive(Context<DeviceInput> ctx, FrameIn in) {
        BridgePort port = portOnWire[in.port()];
        if (port == null || !port.isUp()) {
            return;
        }
        process(ctx, port, 0, in.frame());
    }

    private void receiveFromTunnel(Context<DeviceInput> ctx, TunnelIn in) {
        BridgePort port = tunnels.get(in.remoteIp());
        if (port != null) {
            process(ctx, port, in.vni(), in.inner());
        }
    }

    private void process(Context<DeviceInput> ctx, BridgePort in, long tunId, EthernetFrame frame) {
        int bytes = bytes(frame);
        in.received(bytes);
        Translation t = translation;
        t.run(ctx.now(), in.ofport(), tunId, frame, bytes);
        List<TunnelOut.Packet> tunnelled = null;
        List<Translation.Emit> emits = t.emits();
        for (int i = 0; i < emits.size(); i++) {
            tunnelled = deliver(ctx, emits.get(i), tunnelled, emits.size() - i);
        }
        if (tunnelled != null) {
            ctx.send(hostNic, new TunnelOut(tunnelled), 0);
        }
        List<FlowRule> learned = t.learned();
        for (int i = 0; i < learned.size(); i++) {
            flows.learn(learned.get(i), ctx.now());
        }
    }

    /**
     * Outputs one emit: on its wire, or, for a tunnel port, into {@code tunnelled} (null until the first,
     * then made for the {@code left} emits still to deliver, this one included), which it returns.
     */
    private List<TunnelOut.Packet> deliver(Context<DeviceInput> ctx, Translation.Emit e,
            List<TunnelOut.Packet> tunnelled, int left) {
        BridgePort to = ports.get(e.port());
        if (to == null) {
            return tunnelled;
        }
        if (to.config().iface() instanceof OvsPort.Vxlan vxlan) {
            if (tunnelled == null) {
                tunnelled = new ArrayList<>(left);
            }
            tunnelled.add(new TunnelOut.Packet(vxlan.localIp(), vxlan.remoteIp(), (int) (e.tunId() & VxlanPacket.MAX_VNI),
                    e.frame()));
            to.sent(bytes(e.frame()));
        } else {
            // the filter of a bridge that only learns from what it ignores is asked here, once
            boolean overheard = !e.taken() && to.peerIgnores() instanceof OverhearingFilter f && f.ignores(e.frame());
            if (overheard ? to.transmitIgnored(ctx, e.frame()) : to.transmit(ctx, e.frame(), e.taken())) {
                to.sent(bytes(e.frame()));
                if (overheard) {
                    account(to.wire(), e.frame(), ctx.now());
                }
            }
        }
        return tunnelled;
    }

    /** One more frame that the bridge behind {@code wire} only learns from, arriving after the wire's latency. */
    private void account(Port wire, EthernetFrame frame, long now) {
        if (overheard == null) {
            overheard = new OverheardStreams(null, wires.length);
        }
        overheard.sent(wire.index(), 0, frame.src(), now, now + wire.latency());
    }

    private void reportOverheard(Context<DeviceInput> ctx) {
        if (overheard == null) {
            return;
        }
        for (Port wire : wires) {
            if (overheard.any(wire.index())) {
                ctx.record(new Overheard(wire.peer().device().name(), overheard.before(wire.index(), ctx.now())));
            }
        }
    }

    private static int bytes(EthernetFrame frame) {
        return EthernetFrame.HEADER_LENGTH + (frame.hasVlan() ? EthernetFrame.VLAN_TAG_LENGTH : 0)
                + frame.payload().length();
    }

    private void execute(Context<DeviceInput> ctx, OvsCommand command) {
        if (command instanceof OvsCommand.AddFlows add) {
            add.flows().forEach(f -> flows.add(f, ctx.now()));
        } else if (command instanceof OvsCommand.DelFlows del) {
            flows.delete(del.filter());
        } else if (command instanceof OvsCommand.AddPort add) {
            addPort(add.port());
        } else if (command instanceof OvsCommand.DelPort del) {
            delPort(del.name());
        } else if (command instanceof OvsCommand.SetPortTag set) {
            setTag(set.port(), set.tag());
        } else if (command instanceof OvsCommand.Snapshot) {
            ctx.record(snapshot(ctx.now()));
        } else if (command instanceof OvsCommand.ReportOverheard) {
            reportOverheard(ctx);
        }
    }

    private void addPort(OvsPort config) {
        if (portsByName.containsKey(config.name()) || ports.containsKey(config.ofport())) {
            throw new IllegalArgumentException("bridge " + name + " already has a port named " + config.name()
                    + " or numbered " + config.ofport());
        }
        BridgePort port;
        if (config.iface() instanceof OvsPort.Vxlan vxlan) {
            if (hostNic == null) {
                throw new IllegalArgumentException("bridge " + name + " has no host NIC for tunnel port " + config.name());
            }
            port = new BridgePort(config, null);
            if (tunnels.putIfAbsent(vxlan.remoteIp(), port) != null) {
                throw new IllegalArgumentException("bridge " + name + " already has a tunnel port to " + vxlan.remoteIp());
            }
        } else {
            Integer wire = wireIndex.get(config.name());
            if (wire == null) {
                throw new IllegalArgumentException("bridge " + name + ": port " + config.name()
                        + " has no wire; declare it on the bridge's device first");
            }
            port = new BridgePort(config, wires[wire]);
            portOnWire[wire] = port;
        }
        ports.put(config.ofport(), port);
        portsByName.put(config.name(), port);
        normal.portsChanged();
    }

    private void delPort(String portName) {
        BridgePort port = portByName(portName);
        portsByName.remove(portName);
        ports.remove(port.ofport());
        if (port.config().iface() instanceof OvsPort.Vxlan vxlan) {
            tunnels.remove(vxlan.remoteIp());
        } else {
            portOnWire[wireIndex.get(portName)] = null;
        }
        normal.fdb().flushPort(port.ofport());
        normal.portsChanged();
    }

    private void setTag(String portName, int tag) {
        BridgePort port = portByName(portName);
        OvsPort tagged = port.config().withTag(tag);
        if (!tagged.equals(port.config())) {
            port.setConfig(tagged);
            normal.fdb().flushPort(port.ofport());
            normal.portsChanged();
        }
    }

    private BridgePort portByName(String portName) {
        BridgePort port = portsByName.get(portName);
        if (port == null) {
            throw new IllegalArgumentException("bridge " + name + " has no port " + portName);
        }
        return port;
    }

    private BridgeSnapshot snapshot(long now) {
        List<BridgeSnapshot.PortState> states = new ArrayList<>();
        ports.values().forEach(p -> states.add(p.snapshot()));
        return new BridgeSnapshot(name, now, states, flows.snapshot(now), normal.fdb().entries(now));
    }
}
