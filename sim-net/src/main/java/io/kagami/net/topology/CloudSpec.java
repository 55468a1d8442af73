package io.kagami.net.topology;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What cloud to build: servers with roles and tunnel addresses, segments (an external network, a
 * project network, their HA router and its VMs with floating IPs), keepalived's settings and the
 * timings of the things the twin does not simulate inside (links, RPC, agent work), and whether
 * the L3 agent appends {@code --random-fully} to its SNAT rules (Neutron does when iptables is
 * 1.6.2 or newer; the seed's Ubuntu 14.04 has 1.4.21, so not there), and when each server powers
 * up and its agents start ({@link Startup}; everything at 0 unless told). {@link #seed()}
 * is the deployment of DOMAIN.md section 1; {@link #scaled} grows it. The constructor rejects what
 * Neutron would refuse, with a message naming the field.
 */
public record CloudSpec(List<Server> servers, List<Segment> segments, HaSettings ha, Timing timing,
                        boolean snatRandomFully, Map<String, KeepalivedSettings> routerKeepalived, Startup startup) {

    public enum Role { CONTROLLER, COMPUTE, NETWORK }

    /** The highest local VLAN an OVS agent hands out on a node (4095 is its dead VLAN). */
    public static final int MAX_LOCAL_VLAN = 4094;

    /** A server and its address on the tunnel network (the VXLAN underlay). */
    public record Server(String name, Role role, Ipv4Address tunnelIp) {}

    /**
     * A VM on a compute node, its fixed address on the project network and its floating IP (null for
     * none: its outbound traffic then leaves with the router's gateway address, default SNAT).
     */
    public record Vm(String name, String host, Ipv4Address fixedIp, Ipv4Address floatingIp) {
        public boolean hasFloatingIp() {
            return floatingIp != null;
        }
    }

    /**
     * One segment of the seed: an external flat network, a VXLAN project network of {@code project},
     * the HA router between them (gateway address on the external network, VRID in the project's HA
     * network, 0 to let Neutron choose) and the VMs behind it.
     */
    public record Segment(String name, String project, String externalNetwork, Subnet externalSubnet,
                          String projectNetwork, Subnet projectSubnet, String router, Ipv4Address routerGateway,
                          int vrid, List<Vm> vms) {
        public Segment {
            vms = List.copyOf(vms);
        }
    }

    /**
     * L3 HA as neutron.conf sets it: l3_ha_net_cidr, max_l3_agents_per_router (here: how many network
     * nodes host each router) and the keepalived settings of every router (ha_vrrp_advert_int is
     * also the L3 agent's delay and batch interval).
     */
    public record HaSettings(Subnet haCidr, int agentsPerRouter, KeepalivedSettings keepalived) {
        public static HaSettings neutronDefaults() {
            return new HaSettings(Subnet.of("169.254.192.0/18", null), 2, KeepalivedSettings.neutronDefaults());
        }
    }

    /**
     * A router's keepalived settings: what Neutron renders (VRRPv2, advert_int 2 s, priority 50,
     * nopreempt, garp_master_delay 60 s) and what a what-if may change, globally or per router.
     */
    public record KeepalivedSettings(int version, long advertInterval, int priority, boolean nopreempt,
                                     int garpMasterRepeat, long garpMasterDelay) {
        public KeepalivedSettings {
            // keepalived's own checks, with this record's names
            new io.kagami.net.keepalived.VrrpConfig("check", version, 1, priority, advertInterval, nopreempt,
                    Ipv4Address.of(169, 254, 192, 1), List.of(Ipv4Address.of(169, 254, 0, 1)), garpMasterRepeat,
                    garpMasterDelay);
        }

        public static KeepalivedSettings neutronDefaults() {
            return new KeepalivedSettings(2, 2 * VirtualTime.SECOND, 50, true,
                    io.kagami.net.keepalived.VrrpConfig.GARP_MASTER_REPEAT,
                    io.kagami.net.keepalived.VrrpConfig.NEUTRON_GARP_MASTER_DELAY);
        }
    }

    /**
     * The timings of what is not simulated packet by packet.
     *
     * @param underlayLatency  one-way latency between two servers' tunnel addresses
     * @param underlayBandwidth bits per second of a server's tunnel NIC
     * @param externalLatency  one-way latency between a network node and the external switch
     * @param rpcLatency       one-way latency of an RPC between an agent and neutron-server
     * @param l3Workers        the L3 agent's workers for HA transitions
     * @param primaryWork      the L3 agent's work for a router becoming primary
     * @param backupWork       its work for a router becoming backup
     */
    public record Timing(long underlayLatency, long underlayBandwidth, long externalLatency, long rpcLatency,
                         int l3Workers, long primaryWork, long backupWork) {
        /** Assumptions for a small LAN deployment like the seed's; each is a what-if parameter. */
        public static Timing defaults() {
            return new Timing(100 * VirtualTime.MICROSECOND, 10_000_000_000L, 50 * VirtualTime.MICROSECOND,
                    VirtualTime.MILLISECOND, 32, 200 * VirtualTime.MILLISECOND, 100 * VirtualTime.MILLISECOND);
        }
    }

    /**
     * When each server powers up and its agents start. A server powered up later is off until then
     * (no carrier, empty flow tables); after power-up the OVS agent installs its flows
     * {@code ovsAgentDelay} later, the L3 agent starts {@code l3AgentDelay} after power-up and
     * spawns the keepalived of each router it hosts, the first {@code keepalivedDelay} after its own
     * start and each next one {@code stagger} later, in router order (a what-if: the L3 agent works
     * through its routers from a queue, neutron/agent/l3/agent.py {@code _process_routers_loop}).
     * A reboot follows the same order. Each spawned keepalived starts in BACKUP (init) and waits a
     * full Master_Down_Interval (DOMAIN.md section 3),
     * so one started later than its peer finds it master and stays backup. Left out:
     * neutron-keepalived-state-change's own start, which the L3 agent spawns before keepalived
     * (ha_router.initialize, then process), so it never misses keepalived's first transition.
     *
     * @param powerUp         power-up time per server name (network or compute); absent: 0
     * @param ovsAgentDelay   from power-up to the OVS agent's flows
     * @param l3AgentDelay    from power-up to the L3 agent's start (network nodes)
     * @param keepalivedDelay from the L3 agent's start to the first keepalived it spawns
     * @param stagger         between two keepalived spawned on one node, in router order
     */
    public record Startup(Map<String, Long> powerUp, long ovsAgentDelay, long l3AgentDelay, long keepalivedDelay,
                          long stagger) {
        public Startup {
            powerUp = Map.copyOf(powerUp);
            powerUp.forEach((server, at) -> nonNegative("startup.nodes." + server, at));
            nonNegative("startup.ovs_agent", ovsAgentDelay);
            nonNegative("startup.l3_agent", l3AgentDelay);
            nonNegative("startup.keepalived", keepalivedDelay);
            nonNegative("startup.stagger", stagger);
        }

        /** Everything at 0: the cloud as Neutron left it before the run. */
        public static Startup immediate() {
            return new Startup(Map.of(), 0, 0, 0, 0);
        }

        public long powerUpOf(String server) {
            return powerUp.getOrDefault(server, 0L);
        }

        private static void nonNegative(String field, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(field + ": must be 0 or more, got " + value);
            }
        }
    }

    public CloudSpec {
        servers = List.copyOf(servers);
        segments = List.copyOf(segments);
        routerKeepalived = Map.copyOf(routerKeepalived);
        validate(servers, segments, ha);
        for (String s : startup.powerUp().keySet()) {
            Server server = servers.stream().filter(x -> x.name().equals(s)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("startup.nodes." + s + ": unknown server '" + s + "'"));
            if (server.role() == Role.CONTROLLER) {
                throw new IllegalArgumentException("startup.nodes." + s + ": a controller is up from 0 (neutron-server"
                        + " does not start late in the twin)");
            }
        }
        Set<String> routers = new HashSet<>();
        segments.forEach(g -> routers.add(g.router()));
        for (String r : routerKeepalived.keySet()) {
            if (!routers.contains(r)) {
                throw new IllegalArgumentException("routers." + r + ".keepalived: unknown router '" + r + "'");
            }
        }
    }

    /** The keepalived settings of a segment's router: its own, or the global ones. */
    public KeepalivedSettings keepalivedOf(Segment segment) {
        return routerKeepalived.getOrDefault(segment.router(), ha.keepalived());
    }

    /** Gives one router keepalived settings of its own. */
    public CloudSpec withRouterKeepalived(String router, KeepalivedSettings settings) {
        Map<String, KeepalivedSettings> m = new HashMap<>(routerKeepalived);
        m.put(router, settings);
        return new CloudSpec(servers, segments, ha, timing, snatRandomFully, m, startup);
    }

    private static void validate(List<Server> servers, List<Segment> segments, HaSettings ha) {
        Map<String, Server> byName = new HashMap<>();
        Set<Ipv4Address> tunnelIps = new HashSet<>();
        for (Server s : servers) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException("servers: '" + s.name() + "' is declared twice");
            }
            if (!tunnelIps.add(s.tunnelIp())) {
                throw new IllegalArgumentException("servers." + s.name() + ".tunnel_ip: " + s.tunnelIp()
                        + " is used by another server");
            }
        }
        long network = servers.stream().filter(s -> s.role() == Role.NETWORK).count();
        if (servers.stream().noneMatch(s -> s.role() == Role.CONTROLLER)) {
            throw new IllegalArgumentException("servers: at least one controller is needed (neutron-server)");
        }
        if (network < ha.agentsPerRouter()) {
            throw new IllegalArgumentException("ha.agents_per_router: " + ha.agentsPerRouter()
                    + " network nodes per router, but only " + network + " network nodes");
        }
        if (ha.agentsPerRouter() < 2) {
            throw new IllegalArgumentException("ha.agents_per_router: an HA router needs at least 2, got "
                    + ha.agentsPerRouter());
        }
        Set<String> names = new HashSet<>();
        Map<String, Set<Integer>> vrids = new HashMap<>();
        Map<String, Integer> routersPerProject = new HashMap<>();
        Set<Ipv4Address> fips = new HashSet<>();
        Map<String, Subnet> externals = new HashMap<>();
        for (Segment g : segments) {
            String at = "segments." + g.name();
            // segments may share an external network (one subnet), never a project network or a router
            Subnet shared = externals.putIfAbsent(g.externalNetwork(), g.externalSubnet());
            if (shared != null && !shared.equals(g.externalSubnet())) {
                throw new IllegalArgumentException(at + ".external_subnet: " + g.externalSubnet() + ", but external"
                        + " network '" + g.externalNetwork() + "' has " + shared);
            }
            List<String> own = shared == null ? List.of(g.externalNetwork(), g.projectNetwork(), g.router())
                    : List.of(g.projectNetwork(), g.router());
            for (String n : own) {
                if (!names.add(n)) {
                    throw new IllegalArgumentException(at + ": the name '" + n + "' is used twice");
                }
            }
            if (g.vrid() != 0 && !vrids.computeIfAbsent(g.project(), p -> new HashSet<>()).add(g.vrid())) {
                throw new IllegalArgumentException(at + ".vrid: " + g.vrid() + " is already used in the HA network"
                        + " of project " + g.project() + " (VRIDs are unique per HA network)");
            }
            if (routersPerProject.merge(g.project(), 1, Integer::sum) > 254) {
                throw new IllegalArgumentException(at + ": project " + g.project() + " has more than 254 HA routers,"
                        + " the most its HA network's VRIDs (1..254) allow");
            }
            if (g.vrid() < 0 || g.vrid() > 254) {
                throw new IllegalArgumentException(at + ".vrid: must be 1..254 (or 0 to allocate), got " + g.vrid());
            }
            requireIn(at + ".router_gateway", g.routerGateway(), g.externalSubnet());
            if (!fips.add(g.routerGateway())) {
                throw new IllegalArgumentException(at + ".router_gateway: " + g.routerGateway() + " is already in use");
            }
            for (Vm vm : g.vms()) {
                String v = at + ".vms." + vm.name();
                Server host = byName.get(vm.host());
                if (host == null) {
                    throw new IllegalArgumentException(v + ".host: unknown server '" + vm.host() + "'");
                }
                if (host.role() != Role.COMPUTE) {
                    throw new IllegalArgumentException(v + ".host: '" + vm.host() + "' is a " + host.role()
                            + " node, VMs run on compute nodes");
                }
                requireIn(v + ".fixed_ip", vm.fixedIp(), g.projectSubnet());
                if (vm.hasFloatingIp()) {
                    requireIn(v + ".floating_ip", vm.floatingIp(), g.externalSubnet());
                    if (!fips.add(vm.floatingIp())) {
                        throw new IllegalArgumentException(v + ".floating_ip: " + vm.floatingIp()
                                + " is already in use");
                    }
                }
            }
        }
        checkLocalVlans(servers, segments, ha);
    }

    private static void requireIn(String field, Ipv4Address address, Subnet subnet) {
        if (!subnet.contains(address)) {
            throw new IllegalArgumentException(field + ": " + address + " is outside the subnet " + subnet);
        }
        if (address.equals(subnet.network()) || address.equals(subnet.broadcast()) || address.equals(subnet.gateway())) {
            throw new IllegalArgumentException(field + ": " + address + " is the network, broadcast or gateway"
                    + " address of " + subnet);
        }
    }

    /** The seed deployment: servers 1-8, three segments 80, 81, 82 (DOMAIN.md section 1). */
    public static CloudSpec seed() {
        return scaled(3, 2, 4);
    }

    /** {@link #scaled(int, int, int, int)} with as many routers per project as an HA network holds (254). */
    public static CloudSpec scaled(int segments, int networkNodes, int computeNodes) {
        return scaled(segments, networkNodes, computeNodes, 254);
    }

    /**
     * The seed's shape with {@code segments} segments, {@code networkNodes} network nodes and
     * {@code computeNodes} compute nodes, two controllers, one external network per segment
     * ({@link #scaled(int, int, int, int, int)}).
     */
    public static CloudSpec scaled(int segments, int networkNodes, int computeNodes, int routersPerProject) {
        return scaled(segments, networkNodes, computeNodes, routersPerProject, segments);
    }

    /**
     * The seed's shape with {@code segments} segments, {@code networkNodes} network nodes and
     * {@code computeNodes} compute nodes, two controllers. Servers are numbered as in the seed
     * (controllers 1-2, computes next, network nodes last) with tunnel address 10.0.0.N; segment k
     * uses vxlan-net(80+k), one VM each, on the compute nodes in turn; the first
     * {@code routersPerProject} segments belong to project "service" (the seed's), each further
     * {@code routersPerProject} to a project of their own, each project with its HA network.
     *
     * <p>With as many {@code externalNetworks} as segments, segment k has a flat external network of
     * its own, ext-net(80+k) with a /24, as in the seed. With fewer, the segments share them in
     * consecutive blocks, as large clouds do (a flat network per router needs a physnet, a br-ex and a
     * local VLAN per router on every network node): ext-net(80+j) is 100.(64+j).0.0/16, its routers'
     * gateways and floating IPs two addresses each from .0.2 on.
     */
    public static CloudSpec scaled(int segments, int networkNodes, int computeNodes, int routersPerProject,
                                   int externalNetworks) {
        if (segments < 1 || networkNodes < 2 || computeNodes < 1) {
            throw new IllegalArgumentException("a cloud needs at least 1 segment, 2 network nodes and 1 compute node");
        }
        if (routersPerProject < 1 || routersPerProject > 254) {
            throw new IllegalArgumentException("routers per project must be 1..254 (the VRIDs of one HA network),"
                    + " got " + routersPerProject);
        }
        if (externalNetworks < 1 || externalNetworks > segments || externalNetworks < segments && externalNetworks > 64) {
            throw new IllegalArgumentException("external networks must be 1..64 (shared), or one per segment ("
                    + segments + "), got " + externalNetworks);
        }
        List<Server> servers = new ArrayList<>();
        int n = 1;
        for (int i = 0; i < 2; i++, n++) {
            servers.add(new Server("controller-" + n, Role.CONTROLLER, tunnelIp(n)));
        }
        List<String> computes = new ArrayList<>();
        for (int i = 0; i < computeNodes; i++, n++) {
            servers.add(new Server("compute-" + n, Role.COMPUTE, tunnelIp(n)));
            computes.add("compute-" + n);
        }
        for (int i = 0; i < networkNodes; i++, n++) {
            servers.add(new Server("network-" + n, Role.NETWORK, tunnelIp(n)));
        }
        boolean shared = externalNetworks < segments;
        int perNetwork = (segments + externalNetworks - 1) / externalNetworks;
        List<Segment> list = new ArrayList<>();
        for (int k = 0; k < segments; k++) {
            String tag = Integer.toString(80 + k);
            int j = k / perNetwork;
            int i = k % perNetwork;
            Subnet ext = shared ? new Subnet(Ipv4Address.of(100, 64 + j, 0, 0), 16, Ipv4Address.of(100, 64 + j, 0, 1))
                    : segmentSubnet(10, k, "0");
            String extNet = "ext-net" + (shared ? 80 + j : 80 + k);
            Subnet project = segmentSubnet(192, k, "168");
            String owner = k < routersPerProject ? "service" : "project-" + (k / routersPerProject);
            list.add(new Segment(tag, owner, extNet, ext, "vxlan-net" + tag, project, "router" + tag,
                    shared ? ext.host(2 + 2 * i) : ext.host(2), 0, List.of(new Vm("vm" + tag,
                    computes.get(k % computes.size()), project.host(10), shared ? ext.host(3 + 2 * i) : ext.host(10)))));
        }
        return new CloudSpec(servers, list, HaSettings.neutronDefaults(), Timing.defaults(), false, Map.of(),
                Startup.immediate());
    }

    private static Ipv4Address tunnelIp(int n) {
        return Ipv4Address.of(10, 0, 0, n);
    }

    /** 10.0.(80+k).0/24 or 192.168.(80+k).0/24 for the first 176 segments, then onwards in 10.x/172.x. */
    private static Subnet segmentSubnet(int first, int k, String second) {
        int third = 80 + k;
        int secondOctet = Integer.parseInt(second) + third / 256;
        Ipv4Address net = Ipv4Address.of(first, secondOctet, third % 256, 0);
        return new Subnet(net, 24, Ipv4Address.of(first, secondOctet, third % 256, 1));
    }

    public CloudSpec withSegments(List<Segment> s) {
        return new CloudSpec(servers, s, ha, timing, snatRandomFully, routerKeepalived, startup);
    }

    /**
     * The same cloud where the VMs of the segments named {@code names} have no floating IP: what
     * they send out leaves with their router's gateway address (the router's default SNAT), and
     * nothing outside can reach them.
     *
     * @throws IllegalArgumentException for a name that is not a segment's
     */
    public CloudSpec withoutFloatingIps(java.util.Collection<String> names) {
        Set<String> known = new HashSet<>();
        segments.forEach(g -> known.add(g.name()));
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("segments." + name + ": unknown segment '" + name + "'");
            }
        }
        List<Segment> list = new ArrayList<>();
        for (Segment g : segments) {
            if (!names.contains(g.name())) {
                list.add(g);
                continue;
            }
            List<Vm> vms = g.vms().stream().map(vm -> new Vm(vm.name(), vm.host(), vm.fixedIp(), null)).toList();
            list.add(new Segment(g.name(), g.project(), g.externalNetwork(), g.externalSubnet(), g.projectNetwork(),
                    g.projectSubnet(), g.router(), g.routerGateway(), g.vrid(), vms));
        }
        return withSegments(list);
    }

    /**
     * The same cloud with servers renamed ({@code old name -> new name}), as operators name their
     * hosts: the role, tunnel address and place in the numbering stay; the VMs and the start-up
     * follow their servers. A name that is no server's, or a new name used twice, is refused.
     */
    public CloudSpec withServerNames(Map<String, String> names) {
        Set<String> known = new HashSet<>();
        servers.forEach(s -> known.add(s.name()));
        for (String old : names.keySet()) {
            if (!known.contains(old)) {
                throw new IllegalArgumentException("node_names." + old + ": unknown server '" + old + "'");
            }
        }
        List<Server> renamed = servers.stream()
                .map(s -> new Server(names.getOrDefault(s.name(), s.name()), s.role(), s.tunnelIp())).toList();
        List<Segment> list = segments.stream().map(g -> new Segment(g.name(), g.project(), g.externalNetwork(),
                g.externalSubnet(), g.projectNetwork(), g.projectSubnet(), g.router(), g.routerGateway(), g.vrid(),
                g.vms().stream().map(vm -> new Vm(vm.name(), names.getOrDefault(vm.host(), vm.host()), vm.fixedIp(),
                        vm.floatingIp())).toList())).toList();
        Map<String, Long> powerUp = new HashMap<>();
        startup.powerUp().forEach((server, at) -> powerUp.put(names.getOrDefault(server, server), at));
        return new CloudSpec(renamed, list, ha, timing, snatRandomFully, routerKeepalived, new Startup(powerUp,
                startup.ovsAgentDelay(), startup.l3AgentDelay(), startup.keepalivedDelay(), startup.stagger()));
    }

    public CloudSpec withSnatRandomFully(boolean on) {
        return new CloudSpec(servers, segments, ha, timing, on, routerKeepalived, startup);
    }

    public List<Server> serversWith(Role role) {
        return servers.stream().filter(s -> s.role() == role).toList();
    }

    /** The network nodes hosting the router of the {@code k}-th segment. */
    public List<String> routerHosts(int k) {
        return routerHosts(serversWith(Role.NETWORK), ha.agentsPerRouter(), k);
    }

    /** The L3 scheduler of the twin: agents_per_router network nodes, in turn from the k-th. */
    private static List<String> routerHosts(List<Server> networkNodes, int agentsPerRouter, int k) {
        List<String> hosts = new ArrayList<>(agentsPerRouter);
        for (int i = 0; i < agentsPerRouter; i++) {
            hosts.add(networkNodes.get((k + i) % networkNodes.size()).name());
        }
        return hosts;
    }

    /**
     * Refuses a node that would need more local VLANs than an OVS agent has (ovs_neutron_agent hands out
     * 1..4094, one per network with a port on the node; a real agent leaves the port unbound with "No
     * local VLAN available").
     */
    private static void checkLocalVlans(List<Server> servers, List<Segment> segments, HaSettings ha) {
        List<Server> networkNodes = servers.stream().filter(s -> s.role() == Role.NETWORK).toList();
        Map<String, Set<String>> networks = new HashMap<>();
        for (int k = 0; k < segments.size(); k++) {
            Segment g = segments.get(k);
            for (String host : routerHosts(networkNodes, ha.agentsPerRouter(), k)) {
                Set<String> on = networks.computeIfAbsent(host, h -> new HashSet<>());
                on.add(g.projectNetwork());
                on.add(g.externalNetwork());
                on.add("HA network of " + g.project());
            }
            g.vms().forEach(vm -> networks.computeIfAbsent(vm.host(), h -> new HashSet<>()).add(g.projectNetwork()));
        }
        for (Server s : servers) {
            int needed = networks.getOrDefault(s.name(), Set.of()).size();
            if (needed > MAX_LOCAL_VLAN) {
                throw new IllegalArgumentException(s.name() + " would need " + needed + " local VLANs, more than the "
                        + MAX_LOCAL_VLAN + " an OVS agent has (one per network with a port on the node): add network"
                        + " nodes, or let the segments share external networks");
            }
        }
    }

    public CloudSpec withHa(HaSettings h) {
        return new CloudSpec(servers, segments, h, timing, snatRandomFully, routerKeepalived, startup);
    }

    public CloudSpec withTiming(Timing t) {
        return new CloudSpec(servers, segments, ha, t, snatRandomFully, routerKeepalived, startup);
    }

    public CloudSpec withStartup(Startup s) {
        return new CloudSpec(servers, segments, ha, timing, snatRandomFully, routerKeepalived, s);
    }
}
