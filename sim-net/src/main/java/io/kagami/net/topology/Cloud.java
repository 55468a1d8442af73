package io.kagami.net.topology;

import io.kagami.core.EntityRef;
import io.kagami.core.VirtualTime;
import io.kagami.core.Model;
import io.kagami.net.host.HostNic;
import io.kagami.net.host.TunnelReceiveFilter;
import io.kagami.net.keepalived.KeepalivedInstance;
import io.kagami.net.keepalived.NamespaceHost;
import io.kagami.net.keepalived.VirtualAddress;
import io.kagami.net.keepalived.VrrpConfig;
import io.kagami.net.netfilter.Netfilter;
import io.kagami.net.netfilter.NeutronRouterRules;
import io.kagami.net.netns.AddressMonitor;
import io.kagami.net.netns.InterfaceAddress;
import io.kagami.net.netns.InterfaceConfig;
import io.kagami.net.netns.Namespace;
import io.kagami.net.netns.NamespaceConfig;
import io.kagami.net.netns.Route;
import io.kagami.net.netns.Socket;
import io.kagami.net.netns.Sysctls;
import io.kagami.net.neutron.KeepalivedStateChange;
import io.kagami.net.neutron.L3Agent;
import io.kagami.net.neutron.NeutronServer;
import io.kagami.net.ovs.Action;
import io.kagami.net.ovs.FlowFilter;
import io.kagami.net.ovs.FlowRule;
import io.kagami.net.ovs.Match;
import io.kagami.net.ovs.NeutronFlows;
import io.kagami.net.ovs.OvsBridge;
import io.kagami.net.ovs.OvsBridgeConfig;
import io.kagami.net.ovs.OvsCommand;
import io.kagami.net.ovs.OvsPort;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.packet.VrrpAdvertisement;
import io.kagami.net.topology.CloudSpec.Role;
import io.kagami.net.topology.CloudSpec.Segment;
import io.kagami.net.topology.CloudSpec.Server;
import io.kagami.net.topology.CloudSpec.Vm;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import io.kagami.net.wire.KeyedFilter;
import io.kagami.net.wire.LinkState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link CloudSpec} into a model, as Neutron and its agents would have set it up before
 * time 0: on every node running the OVS agent br-int, br-tun (a VXLAN port to every other such
 * node) and its tunnel NIC; on network nodes a provider bridge per external network, and for each
 * router they host a qrouter namespace (ha-, qr-, qg- internal ports, Neutron's iptables, the ha-
 * address) with keepalived and neutron-keepalived-state-change, a qdhcp namespace per project
 * network, and the L3 agent; on compute nodes a guest per VM with an SSH server; neutron-server on
 * the first controller; outside, a switch per external network, the external router (each
 * subnet's gateway) and a client host behind it.
 *
 * <p>Each server is a group (a partition never splits it); the outside world is the group
 * {@value #OUTSIDE}. Local VLANs are allocated per node from 1 in the order ports are bound, VNIs
 * from 1 in the order networks are created, VRIDs lowest-free per project (Neutron takes the first
 * of the free set), HA port addresses from 169.254.192.1 in order.
 *
 * <p>Left out: DHCP itself (dnsmasq; guests have their addresses), the metadata proxy, security
 * groups and the hybrid qbr/qvb/qvo plugging, DVR, l2pop, IPv6.
 */
public final class Cloud {
    /** The group of everything outside the cloud: external switches, the external router, the client. */
    public static final String OUTSIDE = "outside";
    /** The client host's address, behind the external router. */
    public static final Ipv4Address CLIENT = Ipv4Address.of(203, 0, 113, 10);
    private static final Ipv4Address CLIENT_GATEWAY = Ipv4Address.of(203, 0, 113, 1);
    private static final int VXLAN_MTU = 1450;
    private static final int MTU = 1500;

    /** A server running the OVS agent: its bridges and NIC. */
    public record OvsNode(Server server, Fabric.Device brInt, Fabric.Device brTun, Fabric.Device nic,
                          Map<String, Fabric.Device> providerBridges) {}

    /** The integration bridge of every node running the OVS agent. */
    public static final String BR_INT = "br-int";
    /** The tunnel bridge of every node running the OVS agent. */
    public static final String BR_TUN = "br-tun";

    /** One router's presence on one network node. */
    public record RouterInstance(Segment segment, String routerId, String node, String namespace,
                                 Fabric.Device device, EntityRef<KeepalivedInstance.Input> keepalived,
                                 String ha, String qr, String qg, Ipv4Address haAddress, int vrid,
                                 MacAddress qrMac, MacAddress qgMac) {}

    /** A project network's DHCP namespace on a network node (dnsmasq itself is left out). */
    public record DhcpInstance(Segment segment, String node, String namespace, Fabric.Device device) {}

    /** A VM's guest: its namespace and SSH server. */
    public record Guest(Vm vm, Segment segment, Fabric.Device device) {}

    private final CloudSpec spec;
    private final Fabric fabric = new Fabric(Model.builder());
    private final Map<String, OvsNode> ovsNodes = new LinkedHashMap<>();
    private final Map<String, EntityRef<L3Agent.Input>> l3Agents = new LinkedHashMap<>();
    private final List<RouterInstance> routers = new ArrayList<>();
    private final List<Guest> guests = new ArrayList<>();
    private final List<DhcpInstance> dhcps = new ArrayList<>();
    private final Map<String, Integer> vnis = new HashMap<>();
    private final Map<String, String> networkIds = new HashMap<>();
    private final Set<MacAddress> macs = new HashSet<>();
    private EntityRef<NeutronServer.Input> neutronServer;
    private final Map<String, Fabric.Device> externalSwitches = new LinkedHashMap<>();
    private Fabric.Device client;
    private Fabric.Device externalRouter;

    /** Per OVS node: ports and flows being assembled, and the local VLAN of each network. */
    private final Map<String, NodeBuild> builds = new HashMap<>();

    private Cloud(CloudSpec spec) {
        this.spec = spec;
    }

    public static Cloud build(CloudSpec spec) {
        Cloud c = new Cloud(spec);
        c.buildServers();
        c.buildUnderlay();
        c.buildExternal();
        c.listOvsNodes();
        c.buildSegments();
        c.builds.values().forEach(NodeBuild::finishFlows);
        c.powerUp();
        return c;
    }

    public CloudSpec spec() {
        return spec;
    }

    /** The model builder, for scenarios to inject faults and add probes before {@link #model()}. */
    public Model.Builder builder() {
        return fabric.model();
    }

    public Fabric fabric() {
        return fabric;
    }

    /**
     * The model, as the cloud stands now. A node with a captured wire other than its NIC's hears every
     * flood on its HA networks for itself, so that its captures show the ones it overhears
     * ({@link TunnelReceiveFilter}); the others leave those to their senders' account.
     */
    public Model model() {
        List<String> captures = fabric.captures();
        builds.forEach((node, n) -> n.hearFloods(captures.stream()
                .anyMatch(c -> c.startsWith(node + "/") && !c.startsWith(n.nic.ref().name() + "/"))));
        return fabric.model().build();
    }

    public Map<String, OvsNode> ovsNodes() {
        return ovsNodes;
    }

    public Map<String, EntityRef<L3Agent.Input>> l3Agents() {
        return l3Agents;
    }

    public List<RouterInstance> routers() {
        return routers;
    }

    public List<Guest> guests() {
        return guests;
    }

    public List<DhcpInstance> dhcps() {
        return dhcps;
    }

    public EntityRef<NeutronServer.Input> neutronServer() {
        return neutronServer;
    }

    /** The client host outside the cloud ({@link #CLIENT}). */
    public Fabric.Device client() {
        return client;
    }

    public Fabric.Device externalRouter() {
        return externalRouter;
    }

    /** The physical switch of each external network, by network name (an OVS bridge doing NORMAL). */
    public Map<String, Fabric.Device> externalSwitches() {
        return externalSwitches;
    }

    // ---- servers, bridges, agents

    private final class NodeBuild {
        final Server server;
        final NeutronFlows flows;
        final BridgeBuild brInt;
        final BridgeBuild brTun;
        final Map<String, BridgeBuild> provider = new LinkedHashMap<>();
        final Map<String, Integer> lvids = new LinkedHashMap<>();
        final List<Integer> tunnelPorts = new ArrayList<>();
        final Fabric.Device nic;
        final Map<String, Ipv4Address> remoteByPort = new HashMap<>();
        /** By the VNI of each HA network here, what its ha- ports here take. */
        final Map<Integer, Set<Object>> haKeys = new HashMap<>();
        /** By external network, what the qg- ports here take of it. */
        final Map<String, Set<Object>> externalKeys = new HashMap<>();
        /** By external network, the port of its provider bridge here wired to the network's switch. */
        final Map<String, String> uplinks = new HashMap<>();

        NodeBuild(Server server) {
            this.server = server;
            this.flows = NeutronFlows.forHost(server.name());
            String g = server.name();
            nic = fabric.device(g + "/nic", g, wires -> new HostNic(new HostNic.Config(g, server.tunnelIp(),
                    NeutronIds.mac(NeutronIds.uuid("nic", g), 0), remoteByPort, spec.timing().underlayBandwidth(),
                    NodeBuild.this.brTun.device.ref()), wires));
            brInt = new BridgeBuild(g, BR_INT, null);
            brTun = new BridgeBuild(g, BR_TUN, nic.ref());
            int patchInt = brTun.add(OvsPort.patch("patch-int", brTun.nextOfport(), "patch-tun"), true);
            int patchTun = brInt.add(OvsPort.patch("patch-tun", brInt.nextOfport(), "patch-int"), true);
            fabric.connect(brInt.device, patchTun, brTun.device, patchInt, 0);
            brInt.flows.addAll(flows.brIntDefaults());
            brTun.flows.addAll(flows.brTunDefaults(brTun.ofport("patch-int"), false));
        }

        /** The local VLAN of {@code network} on this node, allocated on first use (provision_local_vlan). */
        int lvid(String network) {
            Integer known = lvids.get(network);
            if (known != null) {
                return known;
            }
            int lvid = lvids.size() + 1;
            lvids.put(network, lvid);
            if (vnis.containsKey(network)) {
                brTun.flows.add(flows.brTunProvisionNetwork(vnis.get(network), lvid));
            } else {
                BridgeBuild ex = provider.get(network);
                brInt.flows.add(flows.brIntProvisionFlat(brInt.ofport(intBrEx(ex.name)), lvid));
                ex.flows.add(flows.brExProvisionFlat(ex.ofport(phyBrEx(ex.name)), lvid));
                ex.device.ignores(phyBrEx(ex.name), LocalVlanFilter.of(Set.of(lvid)));
            }
            return lvid;
        }

        /** The VNIs of the tunnel networks with a local VLAN here: those br-tun's table 4 takes. */
        Set<Integer> tunnelVnis() {
            Set<Integer> taken = new HashSet<>();
            lvids.keySet().stream().filter(vnis::containsKey).forEach(net -> taken.add(vnis.get(net)));
            return taken;
        }

        /**
         * Flood flows need every tunnel port, and the NIC's filter every local VLAN, so they are added
         * once the mesh and the segments are complete.
         */
        void finishFlows() {
            Set<Integer> tunnelLvids = new HashSet<>();
            for (var e : lvids.entrySet()) {
                Integer vni = vnis.get(e.getKey());
                if (vni != null) {
                    brTun.flows.add(flows.brTunFloodToTunnels(e.getValue(), vni, tunnelPorts));
                    tunnelLvids.add(e.getValue());
                }
            }
            brTun.device.ignores("patch-int", LocalVlanFilter.of(tunnelLvids));
            hearFloods(false);
        }

        /**
         * What the NIC's peers may skip sending it ({@link TunnelReceiveFilter}): the VNIs it has no local
         * VLAN for, and, unless it must hear every flood itself, what it only overhears on its HA networks;
         * and, unless so, what the external switches may skip sending its provider bridges
         * ({@link ProviderUplinkFilter}).
         */
        void hearFloods(boolean all) {
            Map<Integer, KeyedFilter> haNetworks = new HashMap<>();
            haKeys.forEach((vni, keys) -> haNetworks.put(vni, new KeyedFilter(RouterPortFilter.KEY, keys)));
            TunnelReceiveFilter filter = all ? TunnelReceiveFilter.dropping(tunnelVnis())
                    : TunnelReceiveFilter.overhearing(tunnelVnis(), haNetworks);
            remoteByPort.keySet().forEach(port -> nic.ignores(port, filter));
            uplinks.forEach((network, uplink) -> provider.get(network).device.ignores(uplink, all ? null
                    : new ProviderUplinkFilter(new KeyedFilter(RouterPortFilter.KEY,
                            externalKeys.getOrDefault(network, Set.of())))));
        }
    }

    private static String intBrEx(String bridge) {
        return "int-" + bridge;
    }

    private static String phyBrEx(String bridge) {
        return "phy-" + bridge;
    }

    /** A bridge being assembled: its ports (wired or tunnel) and flows, frozen when the run starts. */
    private final class BridgeBuild {
        final String name;
        final Fabric.Device device;
        final List<OvsPort> ports = new ArrayList<>();
        final List<FlowRule> flows = new ArrayList<>();

        BridgeBuild(String node, String name, EntityRef<DeviceInput> nic) {
            this.name = name;
            this.device = fabric.device(node + "/" + name, node, wires -> new OvsBridge(
                    new OvsBridgeConfig(name, ports, flows), wires, nic));
        }

        int nextOfport() {
            return ports.size() + 1;
        }

        /** Adds a port; wired ports get a device port of the same name. Returns the device port index. */
        int add(OvsPort port, boolean wired) {
            ports.add(port);
            return wired ? device.addPort(port.name()) : -1;
        }

        int ofport(String portName) {
            return ports.stream().filter(p -> p.name().equals(portName)).findFirst().orElseThrow().ofport();
        }
    }

    private void buildServers() {
        List<Server> controllers = spec.serversWith(Role.CONTROLLER);
        String controller = controllers.get(0).name();
        Map<String, List<String>> routerHosts = new HashMap<>();
        for (int k = 0; k < spec.segments().size(); k++) {
            routerHosts.put(routerId(spec.segments().get(k)), spec.routerHosts(k));
        }
        neutronServer = fabric.model().add(controller + "/neutron-server", controller,
                () -> new NeutronServer(routerHosts));
        for (Server s : spec.servers()) {
            if (s.role() == Role.CONTROLLER) {
                continue;
            }
            NodeBuild b = new NodeBuild(s);
            builds.put(s.name(), b);
            if (s.role() == Role.NETWORK) {
                EntityRef<NeutronServer.Input> server = neutronServer;
                CloudSpec.Timing t = spec.timing();
                EntityRef<L3Agent.Input> agent = fabric.model().add(s.name() + "/neutron-l3-agent", s.name(),
                        () -> new L3Agent(new L3Agent.Config(s.name(), spec.ha().keepalived().advertInterval(),
                                t.l3Workers(),
                                t.primaryWork(), t.backupWork(), 30_000_000_000L, server, t.rpcLatency())));
                fabric.model().lookahead(controller, s.name(), t.rpcLatency());
                l3Agents.put(s.name(), agent);
            }
        }
    }

    /** A full mesh of VXLAN tunnels between the nodes running the OVS agent (no l2pop). */
    private void buildUnderlay() {
        List<NodeBuild> nodes = new ArrayList<>(builds.values());
        nodes.sort((a, b) -> a.server.name().compareTo(b.server.name()));
        for (NodeBuild b : nodes) {
            for (NodeBuild other : nodes) {
                if (other != b) {
                    Ipv4Address remote = other.server.tunnelIp();
                    int ofport = b.brTun.nextOfport();
                    b.brTun.add(OvsPort.vxlan(ofport, b.server.tunnelIp(), remote), false);
                    b.brTun.flows.add(b.flows.brTunTunnelPort(ofport));
                    b.tunnelPorts.add(ofport);
                }
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                NodeBuild a = nodes.get(i);
                NodeBuild b = nodes.get(j);
                String toB = "to-" + b.server.name();
                String toA = "to-" + a.server.name();
                a.remoteByPort.put(toB, b.server.tunnelIp());
                b.remoteByPort.put(toA, a.server.tunnelIp());
                fabric.connect(a.nic, a.nic.addPort(toB), b.nic, b.nic.addPort(toA), spec.timing().underlayLatency());
            }
        }
    }

    /** The handles of every OVS node, once its provider bridges exist. */
    private void listOvsNodes() {
        builds.values().stream().sorted((a, b) -> a.server.name().compareTo(b.server.name())).forEach(n -> {
            Map<String, Fabric.Device> provider = new LinkedHashMap<>();
            n.provider.forEach((net, b) -> provider.put(net, b.device));
            ovsNodes.put(n.server.name(), new OvsNode(n.server, n.brInt.device, n.brTun.device, n.nic, provider));
        });
    }

    // ---- outside: external switches, the external router, the client

    private void buildExternal() {
        List<String> externalNetworks = spec.segments().stream().map(Segment::externalNetwork).distinct().toList();
        List<InterfaceConfig> routerIfs = new ArrayList<>();
        Map<String, BridgeBuild> switches = new LinkedHashMap<>();
        int physnet = 0;
        for (String net : externalNetworks) {
            physnet++;
            Subnet subnet = spec.segments().stream().filter(s -> s.externalNetwork().equals(net)).findFirst()
                    .orElseThrow().externalSubnet();
            networkIds.put(net, NeutronIds.uuid("network", net));
            BridgeBuild sw = outsideSwitch(net);
            switches.put(net, sw);
            externalSwitches.put(net, sw.device);
            routerIfs.add(InterfaceConfig.ethernet(externalRouterPort(physnet), mac("external-router:" + net), MTU)
                    .withAddress(new InterfaceAddress(subnet.gateway(), subnet.prefixLength()).withBroadcast()));
            // The provider bridge of this physnet on every network node: br-ex for the first, as the seed's
            // bridge_mappings external1:br-ex; a flat network needs a physnet of its own.
            String bridge = physnet == 1 ? "br-ex" : "br-ex" + physnet;
            for (NodeBuild n : builds.values()) {
                if (n.server.role() == Role.NETWORK) {
                    providerBridge(n, net, bridge, "eth" + (physnet + 1), sw);
                }
            }
        }
        routerIfs.add(InterfaceConfig.ethernet("uplink", mac("external-router:uplink"), MTU)
                .withAddress(new InterfaceAddress(CLIENT_GATEWAY, 24).withBroadcast()));
        externalRouter = Namespace.declare(fabric, "outside/external-router", OUTSIDE,
                NamespaceConfig.of("external-router", routerIfs).withSysctls(Sysctls.ROUTER));
        physnet = 0;
        for (String net : externalNetworks) {
            BridgeBuild sw = switches.get(net);
            fabric.connect(externalRouter, externalRouter.port(externalRouterPort(++physnet)), sw.device,
                    sw.add(OvsPort.system("external-router", sw.nextOfport()), true), 0);
        }
        NamespaceConfig clientConfig = NamespaceConfig.of("client", List.of(
                InterfaceConfig.ethernet("eth0", mac("client:eth0"), MTU)
                        .withAddress(new InterfaceAddress(CLIENT, 24).withBroadcast())))
                .withRoute(Route.defaultVia(CLIENT_GATEWAY, "eth0"));
        client = declareHost("outside/client", OUTSIDE, clientConfig);
        fabric.connect(client, client.port("eth0"), externalRouter, externalRouter.port("uplink"), 0);
    }

    /** The outside router's interface on the {@code physnet}-th external network (15 characters at most, IFNAMSIZ). */
    private static String externalRouterPort(int physnet) {
        return "eth" + physnet;
    }

    /** The physical switch of one external network: a learning switch (one NORMAL flow). */
    private BridgeBuild outsideSwitch(String network) {
        BridgeBuild sw = new BridgeBuild(OUTSIDE, "switch-" + network, null);
        sw.flows.add(FlowRule.of(0, 0, Match.ANY, Action.NORMAL));
        return sw;
    }

    /** A physnet's bridge on a network node, its uplink NIC ({@code uplink}) wired to the outside switch. */
    private void providerBridge(NodeBuild n, String network, String bridge, String uplink, BridgeBuild sw) {
        String node = n.server.name();
        BridgeBuild ex = new BridgeBuild(node, bridge, null);
        n.provider.put(network, ex);
        int phy = ex.add(OvsPort.patch(phyBrEx(bridge), ex.nextOfport(), intBrEx(bridge)), true);
        int intPort = n.brInt.add(OvsPort.patch(intBrEx(bridge), n.brInt.nextOfport(), phyBrEx(bridge)), true);
        fabric.connect(n.brInt.device, intPort, ex.device, phy, 0);
        // the agent drops everything from the physical bridge until a network is provisioned on it
        n.brInt.flows.add(n.flows.dropPort(n.brInt.ofport(intBrEx(bridge))));
        ex.flows.addAll(n.flows.brExDefaults(ex.ofport(phyBrEx(bridge))));
        int up = ex.add(OvsPort.system(uplink, ex.nextOfport()), true);
        n.uplinks.put(network, uplink);
        int swPort = sw.add(OvsPort.system("uplink-" + node, sw.nextOfport()), true);
        fabric.connect(ex.device, up, sw.device, swPort, spec.timing().externalLatency());
    }

    // ---- segments: networks, routers, DHCP, VMs

    private void buildSegments() {
        Map<String, Integer> nextVrid = new HashMap<>();
        Map<String, Integer> nextHaAddress = new HashMap<>();
        Map<String, Set<Integer>> usedVrids = new HashMap<>();
        spec.segments().stream().filter(s -> s.vrid() != 0)
                .forEach(s -> usedVrids.computeIfAbsent(s.project(), p -> new HashSet<>()).add(s.vrid()));
        for (int k = 0; k < spec.segments().size(); k++) {
            Segment seg = spec.segments().get(k);
            allocateVni(seg.projectNetwork());
            networkIds.put(seg.projectNetwork(), NeutronIds.uuid("network", seg.projectNetwork()));
            String haNetwork = haNetwork(seg.project());
            if (!vnis.containsKey(haNetwork)) {
                allocateVni(haNetwork);
            }
            int vrid = seg.vrid();
            if (vrid == 0) {
                Set<Integer> used = usedVrids.computeIfAbsent(seg.project(), p -> new HashSet<>());
                vrid = nextVrid.getOrDefault(seg.project(), 1);
                while (used.contains(vrid)) {
                    vrid++;
                }
                used.add(vrid);
                nextVrid.put(seg.project(), vrid + 1);
            }
            String routerId = routerId(seg);
            String qr = NeutronIds.device("qr-", NeutronIds.uuid("port", seg.router() + "/qr"));
            String qg = NeutronIds.device("qg-", NeutronIds.uuid("port", seg.router() + "/qg"));
            MacAddress qrMac = mac(seg.router() + "/qr");
            MacAddress qgMac = mac(seg.router() + "/qg");
            for (String host : spec.routerHosts(k)) {
                int n = nextHaAddress.merge(seg.project(), 1, Integer::sum);
                Ipv4Address haAddress = spec.ha().haCidr().host(n);
                routers.add(routerOn(seg, routerId, builds.get(host), vrid, haNetwork, haAddress, qr, qrMac, qg,
                        qgMac));
            }
            for (String host : spec.routerHosts(k)) {
                dhcpOn(seg, builds.get(host));
            }
            for (Vm vm : seg.vms()) {
                guests.add(guestOn(seg, vm, builds.get(vm.host())));
            }
        }
    }

    private void allocateVni(String network) {
        vnis.put(network, vnis.size() + 1);
    }

    private static String routerId(Segment seg) {
        return NeutronIds.uuid("router", seg.router());
    }

    private RouterInstance routerOn(Segment seg, String routerId, NodeBuild n, int vrid, String haNetwork,
                                    Ipv4Address haAddress, String qr, MacAddress qrMac, String qg, MacAddress qgMac) {
        String node = n.server.name();
        String haPortId = NeutronIds.uuid("port", seg.router() + "/ha/" + node);
        String ha = NeutronIds.device("ha-", haPortId);
        String ns = NeutronIds.qrouter(routerId);
        String entity = node + "/" + ns;
        Subnet haCidr = spec.ha().haCidr();
        Ipv4Address vip = Ipv4Address.of(169, 254, 0, vrid);
        Subnet ext = seg.externalSubnet();
        Subnet project = seg.projectSubnet();

        Fabric.Device[] device = new Fabric.Device[1];
        EntityRef<L3Agent.Input> agent = l3Agents.get(node);
        EntityRef<io.kagami.net.netns.AddressEvent> monitor = fabric.model().add(
                node + "/neutron-keepalived-state-change/" + routerId, node,
                () -> new KeepalivedStateChange(routerId, ha, vip, agent));
        List<VirtualAddress> addresses = new ArrayList<>(List.of(
                new VirtualAddress(vip, 24, ha),
                new VirtualAddress(seg.routerGateway(), ext.prefixLength(), qg),
                new VirtualAddress(project.gateway(), project.prefixLength(), qr)));
        seg.vms().stream().filter(Vm::hasFloatingIp)
                .forEach(vm -> addresses.add(new VirtualAddress(vm.floatingIp(), 32, qg)));
        List<Route> routes = List.of(Route.defaultVia(ext.gateway(), qg));
        CloudSpec.KeepalivedSettings k = spec.keepalivedOf(seg);
        VrrpConfig vrrp = new VrrpConfig("VR_" + vrid, k.version(), vrid, k.priority(), k.advertInterval(),
                k.nopreempt(), haAddress, List.of(vip), k.garpMasterRepeat(), k.garpMasterDelay());
        EntityRef<KeepalivedInstance.Input> keepalived = fabric.model().add(entity + "/keepalived", node,
                () -> new KeepalivedInstance(vrrp, new NamespaceHost(device[0].ref(), ha, addresses, routes)));

        NeutronRouterRules.Builder rules = NeutronRouterRules.router(qg, seg.routerGateway())
                .randomFully(spec.snatRandomFully());
        seg.vms().stream().filter(Vm::hasFloatingIp).forEach(vm -> rules.floatingIp(vm.floatingIp(), vm.fixedIp()));
        var tables = rules.build();
        Ipv4Address qrAddress = project.gateway();
        NamespaceConfig config = NamespaceConfig.of(ns, List.of(
                        InterfaceConfig.ovsInternal(ha, mac(haPortId), VXLAN_MTU)
                                .withAddress(new InterfaceAddress(haAddress, haCidr.prefixLength()).withBroadcast()),
                        InterfaceConfig.ovsInternal(qr, qrMac, VXLAN_MTU),
                        InterfaceConfig.ovsInternal(qg, qgMac, MTU)))
                .withSysctls(Sysctls.HA_ROUTER)
                .withSocket(new Socket<>(VrrpAdvertisement.PROTOCOL, Socket.ANY_PORT, keepalived,
                        d -> new KeepalivedInstance.Received(d.packet())))
                .withMonitor(new AddressMonitor<>(monitor, e -> e))
                .withNetfilter(() -> Netfilter.forRouter(tables, dev -> dev.equals(qr) ? qrAddress : null,
                        entity.hashCode()));
        device[0] = Namespace.declare(fabric, entity, node, config);
        KeyedFilter haTakes = RouterPortFilter.ha(vrid, haAddress, vip);
        device[0].ignores(ha, haTakes);
        KeyedFilter qgTakes = RouterPortFilter.external(ext.gateway(), seg.routerGateway(),
                seg.vms().stream().filter(Vm::hasFloatingIp).map(Vm::floatingIp).toList());
        device[0].ignores(qg, qgTakes);
        plug(n, device[0], ha, haNetwork);
        n.haKeys.computeIfAbsent(vnis.get(haNetwork), v -> new HashSet<>()).addAll(haTakes.wanted());
        n.externalKeys.computeIfAbsent(seg.externalNetwork(), v -> new HashSet<>()).addAll(qgTakes.wanted());
        plug(n, device[0], qr, seg.projectNetwork());
        plug(n, device[0], qg, seg.externalNetwork());
        return new RouterInstance(seg, routerId, node, ns, device[0], keepalived, ha, qr, qg, haAddress, vrid,
                qrMac, qgMac);
    }

    private void dhcpOn(Segment seg, NodeBuild n) {
        String node = n.server.name();
        String portId = NeutronIds.uuid("port", seg.projectNetwork() + "/dhcp/" + node);
        String tap = NeutronIds.device("tap", portId);
        int index = new ArrayList<>(builds.keySet()).indexOf(node);
        Ipv4Address address = seg.projectSubnet().host(2 + index % 8);
        String ns = NeutronIds.qdhcp(networkIds.get(seg.projectNetwork()));
        Fabric.Device device = Namespace.declare(fabric, node + "/" + ns, node, NamespaceConfig.of(ns, List.of(
                InterfaceConfig.ovsInternal(tap, mac(portId), VXLAN_MTU).withAddress(
                        new InterfaceAddress(address, seg.projectSubnet().prefixLength()).withBroadcast()))));
        plug(n, device, tap, seg.projectNetwork());
        dhcps.add(new DhcpInstance(seg, node, ns, device));
    }

    private Guest guestOn(Segment seg, Vm vm, NodeBuild n) {
        String node = n.server.name();
        String portId = NeutronIds.uuid("port", vm.name());
        String tap = NeutronIds.device("tap", portId);
        Fabric.Device[] device = new Fabric.Device[1];
        var settings = io.kagami.net.apps.SshServer.Settings.defaults();
        EntityRef<io.kagami.net.apps.SshServer.Input> ssh = fabric.model().add(node + "/" + vm.name() + "/sshd",
                node, () -> new io.kagami.net.apps.SshServer(device[0].ref(), vm.fixedIp(), settings));
        NamespaceConfig config = NamespaceConfig.of(vm.name(), List.of(
                        InterfaceConfig.ethernet("eth0", mac(portId), VXLAN_MTU).withAddress(
                                new InterfaceAddress(vm.fixedIp(), seg.projectSubnet().prefixLength()).withBroadcast())))
                .withRoute(Route.defaultVia(seg.projectSubnet().gateway(), "eth0"))
                .withSocket(io.kagami.net.apps.SshServer.socket(ssh, settings));
        device[0] = declareHost(node + "/" + vm.name(), node, config);
        plug(n, device[0], "eth0", tap, seg.projectNetwork());
        return new Guest(vm, seg, device[0]);
    }

    /**
     * Declares a host whose applications may still be added until the run starts ({@link #addApp}):
     * its sockets are read when the namespace is made.
     */
    private Fabric.Device declareHost(String entity, String group, NamespaceConfig config) {
        List<Socket<?>> sockets = new ArrayList<>();
        Fabric.Device device = fabric.device(entity, group, ports -> {
            NamespaceConfig c = config;
            for (Socket<?> socket : sockets) {
                c = c.withSocket(socket);
            }
            return new Namespace(c, ports);
        });
        config.interfaces().forEach(i -> device.addPort(i.name()));
        hostSockets.put(device, sockets);
        return device;
    }

    private final Map<Fabric.Device, List<Socket<?>>> hostSockets = new HashMap<>();

    /**
     * Adds an application to a host (the client, or a VM's guest): an entity in the host's group,
     * made with the host's namespace ref, and the socket it listens on.
     *
     * @param make   makes the app from the host's namespace ref
     * @param socket the app's socket, from its own ref
     */
    public <M> EntityRef<M> addApp(Fabric.Device host, String name,
                                   java.util.function.Function<EntityRef<DeviceInput>, io.kagami.core.Entity<M>> make,
                                   java.util.function.Function<EntityRef<M>, Socket<M>> socket) {
        List<Socket<?>> sockets = hostSockets.get(host);
        if (sockets == null) {
            throw new IllegalArgumentException(host.ref().name() + " takes no applications");
        }
        EntityRef<DeviceInput> ns = host.ref();
        EntityRef<M> ref = fabric.model().add(host.ref().name() + "/" + name, host.group(), () -> make.apply(ns));
        sockets.add(socket.apply(ref));
        return ref;
    }

    /**
     * Powers a server off at {@code at}: its keepalived instances and L3 agent die without a word
     * (no priority-0 advert), and nothing enters or leaves it any more (its tunnel NIC and its
     * provider bridges' uplinks lose carrier). What stays inside the dead server is never seen again.
     */
    public void crashNode(String node, long at) {
        node(node);
        Model.Builder m = fabric.model();
        routers.stream().filter(r -> r.node().equals(node))
                .forEach(r -> m.inject(at, r.keepalived(), KeepalivedInstance.Signal.SIGKILL));
        EntityRef<L3Agent.Input> agent = l3Agents.get(node);
        if (agent != null) {
            m.inject(at, agent, L3Agent.Process.STOP);
        }
        setCarrier(node(node), at, false);
    }

    /**
     * Reboots a server: it crashes at {@code crashAt} (flows are not persistent in Open vSwitch, so
     * its bridges lose them all) and boots at {@code bootAt}: the OVS agent reinstalls its flows
     * {@code ovsAgentDelay} later and the L3 agent restarts {@code l3AgentDelay} after boot, spawning
     * keepalived as at start-up ({@link CloudSpec.Startup}). If the L3 agent comes first, keepalived
     * hears no adverts on its unwired ha- port and becomes a second master (DOMAIN.md section 3).
     * Left out: the namespaces' and bridges' other state is kept across the reboot (ARP caches,
     * conntrack, learned MACs of NORMAL).
     */
    public void rebootNode(String node, long crashAt, long bootAt, long l3AgentDelay, long ovsAgentDelay) {
        if (bootAt <= crashAt) {
            throw new IllegalArgumentException("reboot of " + node + ": boot at " + bootAt + " is not after the crash");
        }
        crashNode(node, crashAt);
        NodeBuild n = builds.get(node);
        deleteFlows(n, crashAt);
        boot(n, bootAt, ovsAgentDelay, l3AgentDelay);
    }

    /**
     * Starts every server as {@link CloudSpec#startup()} says: one powered up at 0 with its OVS agent
     * at 0 keeps the flows it was built with; any other is off from 0 (no carrier, flows deleted)
     * and boots like a rebooted one.
     */
    private void powerUp() {
        CloudSpec.Startup startup = spec.startup();
        for (NodeBuild n : builds.values()) {
            long bootAt = startup.powerUpOf(n.server.name());
            if (bootAt > 0 || startup.ovsAgentDelay() > 0) {
                deleteFlows(n, 0);
            }
            if (bootAt > 0) {
                setCarrier(n, 0, false);
            }
            boot(n, bootAt, startup.ovsAgentDelay(), startup.l3AgentDelay());
        }
    }

    /**
     * A server's start at power-up {@code bootAt}, the one agent start order of both start-up and
     * reboot: carrier, the OVS agent's flows after {@code ovsAgentDelay}, the L3 agent after
     * {@code l3AgentDelay}, then the keepalived of each router on the node as the start-up's
     * keepalived delay and stagger say, in router order.
     */
    private void boot(NodeBuild n, long bootAt, long ovsAgentDelay, long l3AgentDelay) {
        Model.Builder m = fabric.model();
        String node = n.server.name();
        if (bootAt > 0 || ovsAgentDelay > 0) {
            bridges(n).forEach(b -> m.inject(bootAt + ovsAgentDelay, b.device.ref(),
                    new OvsCommand.AddFlows(b.flows)));
        }
        if (bootAt > 0) {
            setCarrier(n, bootAt, true);
        }
        EntityRef<L3Agent.Input> agent = l3Agents.get(node);
        if (agent != null) {
            m.inject(bootAt + l3AgentDelay, agent, L3Agent.Process.START);
        }
        CloudSpec.Startup s = spec.startup();
        long keepalivedAt = bootAt + l3AgentDelay + s.keepalivedDelay();
        int index = 0;
        for (RouterInstance r : routers) {
            if (r.node().equals(node)) {
                m.inject(keepalivedAt + index++ * s.stagger(), r.keepalived(), KeepalivedInstance.Signal.START);
            }
        }
    }

    /** Every bridge of the node loses its flows at {@code at} (Open vSwitch does not keep them across a boot). */
    private void deleteFlows(NodeBuild n, long at) {
        bridges(n).forEach(b -> fabric.model().inject(at, b.device.ref(), new OvsCommand.DelFlows(FlowFilter.all())));
    }

    private List<BridgeBuild> bridges(NodeBuild n) {
        List<BridgeBuild> bridges = new ArrayList<>(List.of(n.brInt, n.brTun));
        bridges.addAll(n.provider.values());
        return bridges;
    }

    /**
     * Cuts the HA network of {@code project} between two network nodes from {@code from} to {@code to}
     * (both ways): their keepalived instances stop hearing each other while every other network
     * still passes, and each side becomes master (split brain) until it heals.
     */
    public void partitionHaNetwork(String project, String nodeA, String nodeB, long from, long to) {
        partitionHaNetwork(project, nodeA, nodeB, from, to, false);
    }

    /**
     * As {@link #partitionHaNetwork(String, String, String, long, long)}; {@code oneWay} cuts only
     * what {@code nodeA} sends to {@code nodeB}. {@code to} may be {@link VirtualTime#NEVER}.
     */
    public void partitionHaNetwork(String project, String nodeA, String nodeB, long from, long to, boolean oneWay) {
        Integer vni = vnis.get(haNetwork(project));
        if (vni == null) {
            throw new IllegalArgumentException("project '" + project + "' has no HA network");
        }
        NodeBuild a = node(nodeA);
        NodeBuild b = node(nodeB);
        Model.Builder m = fabric.model();
        for (boolean blocked : new boolean[] {true, false}) {
            long at = blocked ? from : to;
            if (at == VirtualTime.NEVER) {
                continue;
            }
            m.inject(at, a.nic.ref(), new HostNic.SetVniBlocked(b.server.tunnelIp(), vni, blocked));
            if (!oneWay) {
                m.inject(at, b.nic.ref(), new HostNic.SetVniBlocked(a.server.tunnelIp(), vni, blocked));
            }
        }
    }

    /** The projects with an HA network (those with at least one router), in order of creation. */
    public List<String> projects() {
        return spec.segments().stream().map(Segment::project).distinct().toList();
    }

    /**
     * Loses {@code loss} of the VXLAN traffic between two servers, both ways, from {@code from} to
     * {@code to} ({@link VirtualTime#NEVER}: for good).
     */
    public void vxlanPathLoss(String nodeA, String nodeB, long from, long to, double loss) {
        NodeBuild a = node(nodeA);
        NodeBuild b = node(nodeB);
        during(a.nic.ref(), from, to, new HostNic.SetPathLoss(b.server.tunnelIp(), loss),
                new HostNic.SetPathLoss(b.server.tunnelIp(), 0));
        during(b.nic.ref(), from, to, new HostNic.SetPathLoss(a.server.tunnelIp(), loss),
                new HostNic.SetPathLoss(a.server.tunnelIp(), 0));
    }

    /**
     * Loses {@code loss} of everything {@code node}'s tunnel NIC sends, to every other server, from
     * {@code from} to {@code to} ({@link VirtualTime#NEVER}: for good). What it receives still
     * arrives. Independent of {@link #vxlanPathLoss}: a frame must survive both.
     */
    public void nicLoss(String node, long from, long to, double loss) {
        during(node(node).nic.ref(), from, to, new HostNic.SetLoss(loss), new HostNic.SetLoss(0));
    }

    /**
     * {@code node}'s tunnel NIC holds everything it sends {@code delay} longer, from {@code from} to
     * {@code to} ({@link VirtualTime#NEVER}: for good), as netem's delay would: the wires' latency
     * stays the underlay's, frames keep their order.
     */
    public void nicExtraDelay(String node, long from, long to, long delay) {
        during(node(node).nic.ref(), from, to, new HostNic.SetExtraDelay(delay), new HostNic.SetExtraDelay(0));
    }

    /**
     * neutron-server stops processing at {@code from} and resumes at {@code to} ({@link VirtualTime#NEVER}:
     * never): the agents' RPCs wait in the message bus meanwhile and are processed in order when it
     * resumes ({@link NeutronServer.Available}).
     */
    public void neutronServerOutage(long from, long to) {
        during(neutronServer, from, to, new NeutronServer.Available(false), new NeutronServer.Available(true));
    }

    /**
     * Every agent RPC reaching neutron-server from {@code from} to {@code to} ({@link VirtualTime#NEVER}:
     * for good) is processed {@code delay} later, in order ({@link NeutronServer.SetRpcDelay}).
     */
    public void rpcDelay(long from, long to, long delay) {
        during(neutronServer, from, to, new NeutronServer.SetRpcDelay(delay), new NeutronServer.SetRpcDelay(0));
    }

    /** A fault on {@code target}: {@code on} at {@code from}, {@code off} at {@code to} unless that is never. */
    private <M> void during(EntityRef<M> target, long from, long to, M on, M off) {
        fabric.model().inject(from, target, on);
        if (to != VirtualTime.NEVER) {
            fabric.model().inject(to, target, off);
        }
    }

    /** Which of a server's links a link fault acts on. */
    public enum Link { TUNNEL, EXTERNAL }

    /** Carrier of a server's tunnel NIC, or of its provider bridges' uplinks, goes down or up at {@code at}. */
    public void setLink(String node, Link link, long at, boolean up) {
        NodeBuild n = node(node);
        if (link == Link.TUNNEL) {
            tunnelCarrier(n, at, up);
        } else {
            externalCarrier(n, at, up);
        }
    }

    private static String haNetwork(String project) {
        return "HA network tenant " + project;
    }

    private NodeBuild node(String name) {
        NodeBuild n = builds.get(name);
        if (n == null) {
            throw new IllegalArgumentException("unknown node '" + name + "': nodes running the OVS agent are "
                    + String.join(", ", builds.keySet()));
        }
        return n;
    }

    /** Carrier of everything that leaves the server: its tunnel NIC and its provider bridges' uplinks. */
    private void setCarrier(NodeBuild n, long at, boolean up) {
        tunnelCarrier(n, at, up);
        externalCarrier(n, at, up);
    }

    private void tunnelCarrier(NodeBuild n, long at, boolean up) {
        Model.Builder m = fabric.model();
        n.remoteByPort.keySet().stream().sorted()
                .forEach(p -> m.inject(at, n.nic.ref(), new LinkState(n.nic.port(p), up)));
    }

    private void externalCarrier(NodeBuild n, long at, boolean up) {
        Model.Builder m = fabric.model();
        for (BridgeBuild ex : n.provider.values()) {
            ex.ports.stream().filter(p -> p.iface() instanceof OvsPort.SystemNic).forEach(p ->
                    m.inject(at, ex.device.ref(), new LinkState(ex.device.port(p.name()), up)));
        }
    }

    /** Plugs interface {@code name} of a namespace into br-int as a port of the same name, tagged. */
    private void plug(NodeBuild n, Fabric.Device ns, String name, String network) {
        plug(n, ns, name, name, network);
    }

    private void plug(NodeBuild n, Fabric.Device ns, String nsInterface, String brIntPort, String network) {
        int lvid = n.lvid(network);
        int port = n.brInt.add(OvsPort.internal(brIntPort, n.brInt.nextOfport()).withTag(lvid), true);
        fabric.connect(ns, ns.port(nsInterface), n.brInt.device, port, 0);
    }

    private MacAddress mac(String portKey) {
        String id = NeutronIds.uuid("port", portKey);
        for (int attempt = 0; ; attempt++) {
            MacAddress m = NeutronIds.mac(id, attempt);
            if (macs.add(m)) {
                return m;
            }
        }
    }
}
