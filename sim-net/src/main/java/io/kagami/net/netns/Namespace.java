package io.kagami.net.netns;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.VirtualTime;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.IpPayload;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.packet.UdpDatagram;
import io.kagami.net.packet.VrrpAdvertisement;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import io.kagami.net.wire.FrameIn;
import io.kagami.net.wire.LinkState;
import io.kagami.net.wire.Port;
import io.kagami.net.wire.PortSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Linux network namespace's IPv4 stack: its interfaces are the device's ports. It models the
 * kernel's paths, with netfilter's hooks where the kernel calls them:
 * <pre>
 *  frame in ── dropped unless to our MAC, broadcast or a joined group (no promiscuous mode)
 *   ├─ ARP ── replies per arp_ignore; neighbour updates ({@link NeighbourTable})
 *   └─ IPv4 ── PREROUTING ── routing decision
 *                 ├─ local: INPUT ── sockets; the kernel's echo reply or TCP reset ──> OUTPUT
 *                 └─ not local, ip_forward=1: TTL-1 ── FORWARD ───────┐
 *  SendPacket ── OUTPUT ── routing ────────────────────────────────────┴── POSTROUTING ── ARP ── frame out
 *                            └─ to a local address: POSTROUTING ── lo ── PREROUTING ── INPUT
 * </pre>
 * Kernel behaviours taken from {@code ip-sysctl.rst}, arp(7) and the sources named on each part:
 * the weak host model (an address of any interface is local, whichever interface the packet came in
 * on); forwarding only of unicast frames addressed to us ({@code ip_forward}: PACKET_HOST), dropped
 * at TTL 1; echo requests to broadcast or multicast ignored ({@code icmp_echo_ignore_broadcasts=1});
 * a TCP segment to a local address with no socket gets a reset (this is what breaks default-SNAT
 * flows after a failover); UDP with no socket is dropped. A device that is down neither sends nor
 * receives; taking it down or losing carrier flushes its neighbours ({@code arp_evict_nocarrier=1}).
 * For capacity planning, a namespace whose netfilter keeps a conntrack table samples it once a second
 * and records its size when it changed ({@link ConntrackCount}).
 *
 * <p>Left out: ICMP errors (the kernel sends port unreachable, time exceeded, host and net
 * unreachable; the twin drops silently, as nothing modelled reacts to them), ICMP redirects,
 * reverse-path filtering, IP options and fragmentation (MTU is not enforced), multicast routing and
 * loopback of our own multicast, IPv6. Sockets and address monitors must be in the namespace's group:
 * they are told with no delay, as the kernel would.
 */
public final class Namespace implements Entity<DeviceInput> {

    public static final String LOOPBACK = "lo";

    private static final int LOOPBACK_MTU = 65536;
    private static final InterfaceAddress LOOPBACK_ADDRESS = new InterfaceAddress(Ipv4Address.of(127, 0, 0, 1), 8);
    private static final Ipv4Address LIMITED_BROADCAST = Ipv4Address.of(255, 255, 255, 255);
    private static final Ipv4Address ANY = new Ipv4Address(0);

    /** How often a namespace whose netfilter tracks connections samples its conntrack table. */
    public static final long CONNTRACK_SAMPLE_INTERVAL = 1_000_000_000L;

    /**
     * The live conntrack entries of the namespace ({@code conntrack -C}), recorded on the whole second
     * when the count changed since the last record (the first record only once it is not 0). The
     * sample runs only on the seconds when the count may have changed: after an insert or a delete,
     * and when an entry may have expired; what it records is what a sample every second would.
     */
    public record ConntrackCount(int entries) {}

    /** The timer of the conntrack sample. */
    private enum Sample implements DeviceInput { CONNTRACK }

    /** How a frame was addressed to us: the kernel's {@code skb->pkt_type}. */
    private enum Received { HOST, BROADCAST, MULTICAST }

    private final NamespaceConfig config;
    private final Sysctls sysctls;
    private final Map<String, NetDevice> devices = new LinkedHashMap<>();
    private final NetDevice[] byPort;
    private final RoutingTable routes = new RoutingTable(devices.values());
    private final NeighbourTable neighbours = new NeighbourTable(this::solicit);
    private final NetfilterHooks netfilter;
    private final Set<Ipv4Address> groups = new HashSet<>();
    private final Set<MacAddress> groupMacs = new HashSet<>();
    private int conntrackRecorded;
    /** The second the conntrack sample is set for, {@link VirtualTime#NEVER} if none. */
    private long sampleAt = VirtualTime.NEVER;
    /** {@link #localAddresses()}, null until asked after a change. */
    private LocalAddresses local;

    /**
     * The namespace of {@code config} wired by {@code ports}, one per interface with the same name.
     *
     * @throws IllegalArgumentException if the ports and interfaces do not match, or a configured route is
     *     one the kernel would refuse
     */
    public Namespace(NamespaceConfig config, List<PortSpec> ports) {
        this.config = config;
        this.sysctls = config.sysctls();
        this.netfilter = config.netfilter().get();
        Map<String, Port> portsByName = new LinkedHashMap<>();
        for (int i = 0; i < ports.size(); i++) {
            portsByName.put(ports.get(i).name(), new Port(i, ports.get(i)));
        }
        this.byPort = new NetDevice[ports.size()];
        Set<Integer> indexes = new HashSet<>(List.of(1));
        int position = 2;
        for (InterfaceConfig i : config.interfaces()) {
            Port port = portsByName.remove(i.name());
            if (port == null) {
                throw new IllegalArgumentException("namespace " + config.name() + ": interface " + i.name()
                        + " has no port of that name");
            }
            int ifindex = i.ifindex() != 0 ? i.ifindex() : position;
            position++;
            if (!indexes.add(ifindex)) {
                throw new IllegalArgumentException("namespace " + config.name() + ": ifindex " + ifindex + " of "
                        + i.name() + " is taken");
            }
            NetDevice device = new NetDevice(i, ifindex, port);
            devices.put(i.name(), device);
            byPort[port.index()] = device;
        }
        if (!portsByName.isEmpty()) {
            throw new IllegalArgumentException("namespace " + config.name() + ": ports " + portsByName.keySet()
                    + " are not interfaces");
        }
        for (Route r : config.routes()) {
            String refused = addRoute(r);
            if (refused != null) {
                throw new IllegalArgumentException("namespace " + config.name() + ": route " + r + ": " + refused);
            }
        }
        // keepalived joins 224.0.0.18 on its socket (IP_ADD_MEMBERSHIP); the twin's sockets have no interface.
        if (config.sockets().stream().anyMatch(s -> s.protocol() == VrrpAdvertisement.PROTOCOL)) {
            groups.add(VrrpAdvertisement.MULTICAST_GROUP);
        }
        groups.forEach(g -> groupMacs.add(MacAddress.ipv4Multicast(g)));
    }

    /**
     * Declares a namespace on {@code fabric} as entity {@code entityName} (the same qrouter-uuid lives on
     * several nodes, so it is named per node), with one port per interface, named after it.
     */
    public static Fabric.Device declare(Fabric fabric, String entityName, String group, NamespaceConfig config) {
        Fabric.Device device = fabric.device(entityName, group, ports -> new Namespace(config, ports));
        config.interfaces().forEach(i -> device.addPort(i.name()));
        return device;
    }

    @Override
    public void onMessage(Context<DeviceInput> ctx, DeviceInput message) {
        handle(ctx, message);
        if (netfilter.tracksConnections()) {
            scheduleSample(ctx);
        }
    }

    private void handle(Context<DeviceInput> ctx, DeviceInput message) {
        if (message instanceof FrameIn in) {
            receive(ctx, devicePort(in.port()), in.frame());
        } else if (message instanceof SendPacket send) {
            send(ctx, send);
        } else if (message instanceof NeighbourTable.Expiry expiry) {
            neighbours.expire(ctx, expiry);
        } else if (message instanceof LinkState state) {
            NetDevice device = devicePort(state.port());
            device.setCarrier(state.up());
            if (!state.up()) {
                neighbours.flush(ctx, device);
            }
        } else if (message instanceof NamespaceCommand command) {
            String refused = command(ctx, command);
            if (refused != null) {
                ctx.record(new CommandRefused(config.name(), command, refused));
            }
        } else if (message == Sample.CONNTRACK) {
            sampleConntrack(ctx);
        } else {
            throw new IllegalArgumentException("namespace " + config.name() + " got an unknown message: " + message);
        }
    }

    /** Records the conntrack count if it changed since the last record. */
    private void sampleConntrack(Context<DeviceInput> ctx) {
        sampleAt = VirtualTime.NEVER;
        int entries = netfilter.conntrackEntries(ctx.now());
        if (entries != conntrackRecorded) {
            ctx.record(new ConntrackCount(entries));
            conntrackRecorded = entries;
        }
    }

    /**
     * Sets the sample for the first second at or after the count may change, and after now: a change
     * now shows on the next second, an expiry on the first second that counts it as expired.
     */
    private void scheduleSample(Context<DeviceInput> ctx) {
        long change = netfilter.conntrackNextChange(ctx.now());
        if (change == VirtualTime.NEVER) {
            return;
        }
        long from = Math.max(change, ctx.now() + 1);
        long second = (from + CONNTRACK_SAMPLE_INTERVAL - 1) / CONNTRACK_SAMPLE_INTERVAL * CONNTRACK_SAMPLE_INTERVAL;
        if (second < sampleAt) {
            sampleAt = second;
            ctx.startTimer(Sample.CONNTRACK, second - ctx.now(), Sample.CONNTRACK);
        }
    }

    // ---- receiving ----

    private void receive(Context<DeviceInput> ctx, NetDevice device, EthernetFrame frame) {
        Received how = frame.dst().equals(device.mac()) ? Received.HOST
                : frame.dst().isBroadcast() ? Received.BROADCAST
                : groupMacs.contains(frame.dst()) ? Received.MULTICAST
                : null;
        if (how == null || !device.isUp() || !device.hasCarrier() || frame.hasVlan()) {
            return;
        }
        if (frame.payload() instanceof ArpPacket arp) {
            receiveArp(ctx, device, arp, how);
        } else if (frame.payload() instanceof Ipv4Packet packet) {
            receiveIp(ctx, device.name(), packet, how);
        }
    }

    /** {@code arp_process} in {@code net/ipv4/arp.c}, with arp_accept=0. */
    private void receiveArp(Context<DeviceInput> ctx, NetDevice device, ArpPacket arp, Received how) {
        Ipv4Address sender = arp.senderIp();
        Ipv4Address target = arp.targetIp();
        boolean request = arp.op() == ArpPacket.Op.REQUEST;
        if (isMulticast(target) || target.inSubnet(InterfaceAddress.LOOPBACK_NET, 8)) {
            return;
        }
        if (isLocal(sender)) {
            // Our own address as sender (a duplicate, or the other master's GARP in a split brain) fails the
            // route lookup's source check (fib_validate_source: martian): no reply, no entry.
            return;
        }
        if (request && isLocal(target)) {
            if (!arpIgnores(device, sender, target)) {
                if (!sender.equals(ANY)) { // an RFC 5227 probe (duplicate address detection) creates no entry
                    neighbours.update(ctx, device, sender, arp.senderMac(), NeighbourState.STALE, true, true);
                }
                device.transmit(ctx, arp.senderMac(),
                        ArpPacket.reply(device.mac(), target, arp.senderMac(), sender));
            }
            return;
        }
        if (sender.equals(ANY) || !neighbours.contains(device, sender)) {
            return; // arp_accept=0: unsolicited ARP creates no entry
        }
        // A gratuitous ARP (a reply one only with target MAC = sender MAC) overrides at once; anything
        // else only after locktime. Only a unicast reply asserts reachability.
        boolean gratuitous = sender.equals(target) && (request || arp.targetMac().equals(arp.senderMac()));
        boolean override = gratuitous || !neighbours.isLocked(ctx, device, sender);
        NeighbourState state = !request && how == Received.HOST ? NeighbourState.REACHABLE : NeighbourState.STALE;
        neighbours.update(ctx, device, sender, arp.senderMac(), state, override, false);
    }

    /** {@code arp_ignore}: whether a request for {@code target} from {@code sender} on {@code device} is ignored. */
    private boolean arpIgnores(NetDevice device, Ipv4Address sender, Ipv4Address target) {
        return switch (sysctls.arpIgnore()) {
            case 0 -> false;
            case 1 -> !device.has(target);
            default -> device.addresses().stream().noneMatch(a -> a.address().address().equals(target)
                    && (sender.equals(ANY) || a.address().contains(sender)));
        };
    }

    private void receiveIp(Context<DeviceInput> ctx, String in, Ipv4Packet received, Received how) {
        Ipv4Packet packet = netfilter.prerouting(ctx.now(), received, in);
        if (packet == null) {
            return;
        }
        Ipv4Address dst = packet.dst();
        boolean unicast = isLocal(dst);
        if (unicast || isBroadcast(dst) || groups.contains(dst)) {
            deliver(ctx, packet, in, unicast, how);
        } else if (how == Received.HOST && sysctls.ipForward() && !isMulticast(dst)) {
            forward(ctx, packet, in);
        }
    }

    /**
     * INPUT, then every socket that takes the packet, then the kernel's own handlers; {@code unicast} says
     * the destination is one of our addresses (not a broadcast or a group).
     */
    private void deliver(Context<DeviceInput> ctx, Ipv4Packet received, String in, boolean unicast, Received how) {
        Ipv4Packet packet = netfilter.input(ctx.now(), received, in);
        if (packet == null) {
            return;
        }
        IpPayload payload = packet.payload();
        int port = payload instanceof TcpSegment t ? t.dstPort()
                : payload instanceof UdpDatagram u ? u.dstPort()
                : Socket.ANY_PORT;
        boolean taken = false;
        for (Socket<?> socket : config.sockets()) {
            if (socket.accepts(packet.protocol(), port)) {
                tell(ctx, socket, new IpDelivered(packet, in));
                taken = true;
            }
        }
        if (payload instanceof IcmpEcho echo && echo.isRequest() && unicast) {
            output(ctx, KernelReplies.echoReply(packet, echo), null);
        } else if (payload instanceof TcpSegment segment && !taken && unicast && how == Received.HOST) {
            Ipv4Packet reset = KernelReplies.tcpReset(packet, segment);
            if (reset != null) {
                output(ctx, reset, null);
            }
        }
    }

    /** {@code ip_forward}: TTL check and decrement, FORWARD, then out like any packet. */
    private void forward(Context<DeviceInput> ctx, Ipv4Packet packet, String in) {
        Route route = routes.lookup(packet.dst(), null);
        if (packet.ttl() <= 1 || route == null) {
            return;
        }
        Ipv4Packet forwarded = netfilter.forward(ctx.now(), withTtl(packet, packet.ttl() - 1), in, route.device());
        if (forwarded != null) {
            transmit(ctx, forwarded, devices.get(route.device()), nextHop(route, packet.dst()));
        }
    }

    // ---- sending ----

    private void send(Context<DeviceInput> ctx, SendPacket send) {
        if (send.outInterface() != null && !devices.containsKey(send.outInterface())) {
            throw new IllegalArgumentException("namespace " + config.name() + ": SendPacket bound to "
                    + send.outInterface() + ", which is not one of its interfaces");
        }
        // An application sends from its bound address: without ip_nonlocal_bind, bind() to an address
        // that is not local fails with EADDRNOTAVAIL, and nothing is sent.
        if (sysctls.ipNonlocalBind() || isLocal(send.packet().src())) {
            output(ctx, send.packet(), send.outInterface());
        }
    }

    /** A locally generated packet: OUTPUT (NAT may rewrite the destination before it is routed), routing. */
    private void output(Context<DeviceInput> ctx, Ipv4Packet generated, String outInterface) {
        Ipv4Packet packet = netfilter.output(ctx.now(), generated);
        if (packet == null) {
            return;
        }
        Ipv4Address dst = packet.dst();
        if (isLocal(dst)) {
            Ipv4Packet looped = netfilter.postrouting(ctx.now(), packet, LOOPBACK);
            if (looped != null) {
                receiveIp(ctx, LOOPBACK, looped, Received.HOST);
            }
        } else if (isMulticast(dst) || dst.equals(LIMITED_BROADCAST)) {
            // Sent on the bound interface, else on the one owning the source address.
            NetDevice device = outInterface != null ? devices.get(outInterface) : owner(packet.src());
            if (device != null) {
                transmit(ctx, packet, device, dst);
            }
        } else {
            Route route = routes.lookup(dst, outInterface);
            if (route != null) {
                transmit(ctx, packet, devices.get(route.device()), nextHop(route, dst));
            }
        }
    }

    /** POSTROUTING, then the link layer: broadcast and multicast need no ARP, unicast resolves the next hop. */
    private void transmit(Context<DeviceInput> ctx, Ipv4Packet routed, NetDevice device, Ipv4Address nextHop) {
        Ipv4Packet packet = netfilter.postrouting(ctx.now(), routed, device.name());
        if (packet == null || !device.isUp()) {
            return;
        }
        if (isMulticast(nextHop)) {
            device.transmit(ctx, MacAddress.ipv4Multicast(nextHop), packet);
        } else if (nextHop.equals(LIMITED_BROADCAST) || device.isSubnetBroadcast(nextHop)) {
            device.transmit(ctx, MacAddress.BROADCAST, packet);
        } else {
            neighbours.send(ctx, device, nextHop, packet);
        }
    }

    /** An ARP request for the neighbour table, its source chosen per {@code arp_announce} ({@code arp_solicit}). */
    private void solicit(Context<DeviceInput> ctx, NetDevice device, Ipv4Address target, MacAddress to,
            Ipv4Packet waiting) {
        Ipv4Address queued = waiting != null ? waiting.src() : null;
        boolean announce = queued != null && isLocal(queued) && switch (sysctls.arpAnnounce()) {
            case 0 -> true;
            case 1 -> device.addresses().stream().anyMatch(a -> a.address().contains(target)
                    && a.address().contains(queued));
            default -> false;
        };
        Ipv4Address source = announce ? queued : selectSource(device, target);
        device.transmit(ctx, to != null ? to : MacAddress.BROADCAST, ArpPacket.request(device.mac(), source, target));
    }

    /**
     * {@code inet_select_addr}: the device's best primary address for {@code dst}, else the first primary
     * address of any interface, else 0.0.0.0.
     */
    private Ipv4Address selectSource(NetDevice device, Ipv4Address dst) {
        Ipv4Address source = device.selectSource(dst);
        if (source != null) {
            return source;
        }
        return devices.values().stream().map(d -> d.selectSource(null)).filter(Objects::nonNull).findFirst()
                .orElse(ANY);
    }

    // ---- commands ----

    /** Carries out {@code command}; returns iproute2's message if the kernel refuses it, else null. */
    private String command(Context<DeviceInput> ctx, NamespaceCommand command) {
        local = null;
        if (command instanceof NamespaceCommand.Snapshot) {
            ctx.record(snapshot());
            return null;
        }
        if (command instanceof NamespaceCommand.AddRoute add) {
            return addRoute(add.route());
        }
        if (command instanceof NamespaceCommand.DelRoute del) {
            return routes.remove(del.route()) ? null : "RTNETLINK answers: No such process";
        }
        String name = ((NamespaceCommand.OnInterface) command).interfaceName();
        NetDevice device = devices.get(name);
        if (device == null) {
            return "Cannot find device \"" + name + "\"";
        }
        if (command instanceof NamespaceCommand.AddAddress add) {
            if (!device.add(add.address())) {
                return "RTNETLINK answers: File exists";
            }
            notifyMonitors(ctx, device, add.address(), true);
        } else if (command instanceof NamespaceCommand.DelAddress del) {
            NamespaceSnapshot.Address assigned = device.find(del.address(), del.prefixLength());
            if (assigned == null) {
                return "RTNETLINK answers: Cannot assign requested address";
            }
            device.remove(assigned).forEach(a -> notifyMonitors(ctx, device, a, false));
        } else if (command instanceof NamespaceCommand.SetInterfaceUp set) {
            if (device.isUp() && !set.up()) {
                neighbours.flush(ctx, device);
                routes.removeVia(name);
            }
            device.setUp(set.up());
        } else if (command instanceof NamespaceCommand.SendGratuitousArp garp) {
            device.transmit(ctx, MacAddress.BROADCAST, ArpPacket.gratuitous(device.mac(), garp.address()));
        }
        return null;
    }

    /** {@code ip route add}, checked as {@code fib_create_info} and {@code fib_check_nh} check it. */
    private String addRoute(Route route) {
        NetDevice device = devices.get(route.device());
        if (device == null) {
            return "Cannot find device \"" + route.device() + "\"";
        }
        if (!device.isUp()) {
            return "Error: Nexthop device is not up.";
        }
        if (route.gateway() != null && !routes.isOnLink(route.gateway(), route.device())) {
            return "Error: Nexthop has invalid gateway.";
        }
        if (routes.hasPrefix(route)) {
            return "RTNETLINK answers: File exists";
        }
        routes.add(route);
        return null;
    }

    private void notifyMonitors(Context<DeviceInput> ctx, NetDevice device, InterfaceAddress address, boolean added) {
        AddressEvent event = new AddressEvent(config.name(), device.name(), address.address(), address.prefixLength(),
                added);
        config.monitors().forEach(m -> tell(ctx, m, event));
    }

    private NamespaceSnapshot snapshot() {
        List<NamespaceSnapshot.Link> links = new ArrayList<>();
        links.add(new NamespaceSnapshot.Link(1, LOOPBACK, LinkKind.LOOPBACK, MacAddress.ZERO, LOOPBACK_MTU, true, true,
                List.of(new NamespaceSnapshot.Address(LOOPBACK_ADDRESS, false))));
        devices.values().stream().sorted(Comparator.comparingInt(NetDevice::ifindex)).forEach(d -> links.add(d.view()));
        return new NamespaceSnapshot(config.name(), links, routes.view(), neighbours.view());
    }

    // ---- helpers ----

    /** An address of an interface that is up, or of lo's 127.0.0.0/8. */
    private boolean isLocal(Ipv4Address address) {
        return address.inSubnet(InterfaceAddress.LOOPBACK_NET, 8) || owner(address) != null;
    }

    /** The interface that is up and has {@code address}, or null. */
    private NetDevice owner(Ipv4Address address) {
        return localAddresses().owners.get(address);
    }

    private boolean isBroadcast(Ipv4Address address) {
        return address.equals(LIMITED_BROADCAST) || localAddresses().broadcasts.contains(address);
    }

    /**
     * The addresses of the interfaces that are up, worked out again after any command (the only way
     * addresses and interfaces change): a router on a thousand networks looks each packet up at once.
     */
    private LocalAddresses localAddresses() {
        if (local == null) {
            local = new LocalAddresses(new HashMap<>(), new HashSet<>());
            for (NetDevice d : devices.values()) {
                if (d.isUp()) {
                    d.addresses().forEach(a -> local.owners.putIfAbsent(a.address().address(), d));
                    d.addresses().stream().map(NamespaceSnapshot.Address::address)
                            .filter(InterfaceAddress::hasSubnetBroadcast)
                            .forEach(i -> {
                                local.broadcasts.add(i.lastAddress());
                                local.broadcasts.add(i.network());
                            });
                }
            }
        }
        return local;
    }

    /** The owner of each local address, and the subnet broadcast addresses, of the interfaces that are up. */
    private record LocalAddresses(Map<Ipv4Address, NetDevice> owners, Set<Ipv4Address> broadcasts) {}

    private static boolean isMulticast(Ipv4Address address) {
        return address.bits() >>> 28 == 0xE;
    }

    private static Ipv4Address nextHop(Route route, Ipv4Address dst) {
        return route.gateway() != null ? route.gateway() : dst;
    }

    private NetDevice devicePort(int port) {
        if (port < 0 || port >= byPort.length) {
            throw new IllegalArgumentException("namespace " + config.name() + " has no port " + port);
        }
        return byPort[port];
    }

    /** The packet with another TTL, every other field kept (the packet model has no withTtl). */
    private static Ipv4Packet withTtl(Ipv4Packet packet, int ttl) {
        return Ipv4Packet.of(packet.src(), packet.dst(), ttl, packet.identification(), packet.dontFragment(),
                packet.payload()).withDscp(packet.dscp());
    }

    private static <M> void tell(Context<?> ctx, Socket<M> socket, IpDelivered delivered) {
        ctx.send(socket.app(), socket.wrap().apply(delivered), 0);
    }

    private static <M> void tell(Context<?> ctx, AddressMonitor<M> monitor, AddressEvent event) {
        ctx.send(monitor.app(), monitor.wrap().apply(event), 0);
    }
}
