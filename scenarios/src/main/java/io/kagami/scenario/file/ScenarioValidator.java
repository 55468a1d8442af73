package io.kagami.scenario.file;

import io.kagami.core.VirtualTime;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.topology.CloudSpec.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks a scenario must pass before anything runs: what the file format cannot say (ranges,
 * names of nodes and routers of the topology it builds, times within the run, fields that apply
 * to a fault's kind, assertions, sweeps). The first problem found is reported, with its field path
 * ({@code faults[2].at}) and, when the scenario came from a file, its line and column.
 */
public final class ScenarioValidator {
    private ScenarioValidator() {}

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** A host name label (RFC 1123): what a server may be renamed to. */
    static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    static final List<String> PROBE_TYPES = List.of("ping", "ssh");
    static final List<String> DIRECTIONS = List.of("inbound", "outbound");
    static final List<String> LINKS = List.of("tunnel", "external");
    static final List<String> BASES = List.of("seed");

    /** Checks {@code s}; {@code sourceName} names it in the message (the file name). */
    public static void validate(Scenario s, String sourceName) throws ScenarioException {
        validate(s, sourceName, Locations.NONE);
    }

    static void validate(Scenario s, String sourceName, Locations where) throws ScenarioException {
        try {
            check(s);
            sweep(s);
        } catch (Invalid e) {
            throw where.problem(sourceName, e.path, e.problem);
        }
    }

    /** Checks a topology file's topology on its own, as if a scenario had written it. */
    static void validateTopology(Scenario.Topology t, String sourceName, Locations where) throws ScenarioException {
        try {
            topology(t);
        } catch (Invalid e) {
            throw where.problem(sourceName, e.path, e.problem);
        }
    }

    /** A problem at a path; unchecked inside the validator, a {@link ScenarioException} outside. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String path;
        final String problem;

        Invalid(String path, String problem) {
            super(path + ": " + problem, null, false, false);
            this.path = path;
            this.problem = problem;
        }
    }

    private static Invalid bad(String path, String problem) {
        return new Invalid(path, problem);
    }

    private static String d(Dur d) {
        return VirtualTime.formatDuration(d.nanos());
    }

    private static String d(long nanos) {
        return VirtualTime.formatDuration(nanos);
    }

    private static void check(Scenario s) {
        if (s.name() == null || s.name().isBlank()) {
            throw bad("name", "missing: every scenario needs a name, e.g. name: seed-failover");
        }
        if (!NAME.matcher(s.name()).matches()) {
            throw bad("name", "'" + s.name() + "': use letters, digits, '.', '_' and '-' (it names report files),"
                    + " starting with a letter or digit");
        }
        if (s.duration() == null) {
            throw bad("duration", "missing: how long the run lasts in virtual time, e.g. duration: 60s");
        }
        if (s.duration().nanos() <= 0) {
            throw bad("duration", "must be more than 0s");
        }
        if (s.seed() != null && s.seed() < 0) {
            throw bad("seed", "must be 0 or more, got " + s.seed());
        }
        Topo topo = topology(s.topology());
        startup(s, topo);
        probes(s, topo, s.topology() == null || s.topology().noFloatingIp() == null ? List.of()
                : s.topology().noFloatingIp());
        faults(s, topo);
        assertions(s);
    }

    // ---------------------------------------------------------------- topology

    /**
     * The names a topology has, from the cloud {@link CloudSpec#scaled} builds; {@code renamed}: the
     * default names node_names replaced, to the new ones.
     */
    record Topo(Map<String, Role> servers, List<String> routers, List<String> segments, Map<String, String> renamed) {
        /** "unknown node 'x'" and a hint: its new name if node_names renamed it, else the closest name. */
        String unknownNode(String node, Collection<String> candidates) {
            String now = renamed.get(node);
            return "unknown node '" + node + "'" + (now != null ? "; it is named " + now + " (topology.node_names)"
                    : Suggest.didYouMean(node, candidates));
        }

        String serverList(Set<Role> roles) {
            return Suggest.compact(servers.entrySet().stream().filter(e -> roles.contains(e.getValue()))
                    .map(Map.Entry::getKey).toList());
        }
    }

    private static final Map<List<Integer>, Topo> TOPOLOGIES = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Integer>, Topo> eldest) {
            return size() > 16;
        }
    };

    private static Topo topo(int segments, int networkNodes, int computeNodes, int routersPerProject,
                             int externalNetworks) {
        List<Integer> key = List.of(segments, networkNodes, computeNodes, routersPerProject, externalNetworks);
        synchronized (TOPOLOGIES) {
            Topo t = TOPOLOGIES.get(key);
            if (t != null) {
                return t;
            }
        }
        CloudSpec spec;
        try {
            spec = CloudSpec.scaled(segments, networkNodes, computeNodes, routersPerProject, externalNetworks);
        } catch (IllegalArgumentException e) {
            throw bad("topology", "this cloud cannot be built: " + e.getMessage());
        }
        Map<String, Role> servers = new LinkedHashMap<>();
        spec.servers().forEach(sv -> servers.put(sv.name(), sv.role()));
        Topo t = new Topo(servers, spec.segments().stream().map(CloudSpec.Segment::router).toList(),
                spec.segments().stream().map(CloudSpec.Segment::name).toList(), Map.of());
        synchronized (TOPOLOGIES) {
            TOPOLOGIES.put(key, t);
        }
        return t;
    }

    private static Topo topology(Scenario.Topology t) {
        if (t == null) {
            t = Scenario.Topology.NONE;
        }
        if (t.base() != null && !BASES.contains(t.base())) {
            throw bad("topology.base", "unknown value '" + t.base() + "'" + Suggest.didYouMean(t.base(), BASES)
                    + " (allowed: " + String.join(", ", BASES) + ")");
        }
        int segments = or(t.segments(), ScenarioDefaults.SEGMENTS);
        int networkNodes = or(t.networkNodes(), ScenarioDefaults.NETWORK_NODES);
        int computeNodes = or(t.computeNodes(), ScenarioDefaults.COMPUTE_NODES);
        int routersPerProject = or(t.routersPerProject(), ScenarioDefaults.ROUTERS_PER_PROJECT);
        if (segments < 1) {
            throw bad("topology.segments", "must be at least 1, got " + segments);
        }
        if (networkNodes < 2) {
            throw bad("topology.network_nodes", "must be at least 2 (an HA router lives on two), got " + networkNodes);
        }
        if (computeNodes < 1) {
            throw bad("topology.compute_nodes", "must be at least 1 (the VMs live there), got " + computeNodes);
        }
        if (routersPerProject < 1 || routersPerProject > 254) {
            throw bad("topology.routers_per_project", "must be 1..254 (the VRIDs of one project's HA network), got "
                    + routersPerProject);
        }
        if (t.externalNetworks() != null && (t.externalNetworks() < 1 || t.externalNetworks() > segments
                || t.externalNetworks() < segments && t.externalNetworks() > 64)) {
            throw bad("topology.external_networks", "must be 1..64 (segments share them) or " + segments
                    + " (one per segment, the default), got " + t.externalNetworks());
        }
        if (2 + computeNodes + networkNodes > 254) {
            throw bad(t.computeNodes() != null ? "topology.compute_nodes" : "topology.network_nodes",
                    "at most 252 compute and network nodes in all (tunnel addresses 10.0.0.3..10.0.0.254), got "
                            + (computeNodes + networkNodes));
        }
        Topo topo = named(topo(segments, networkNodes, computeNodes, routersPerProject,
                or(t.externalNetworks(), segments)), t.nodeNames());
        Scenario.Keepalived global = ScenarioDefaults.keepalived(t.keepalived(),
                ScenarioDefaults.keepalivedOf(ScenarioDefaults.KEEPALIVED));
        keepalived(global, t.keepalived(), "topology.keepalived", null);
        if (t.routers() != null) {
            for (Map.Entry<String, Scenario.RouterOverride> e : t.routers().entrySet()) {
                String path = "topology.routers." + e.getKey();
                if (!topo.routers().contains(e.getKey())) {
                    throw bad(path, unknownRouter(e.getKey(), topo));
                }
                if (e.getValue() == null || e.getValue().keepalived() == null) {
                    throw bad(path, "empty: give the router's own settings under keepalived:");
                }
                Scenario.Keepalived own = e.getValue().keepalived();
                keepalived(ScenarioDefaults.keepalived(own, global), own, path + ".keepalived", t.keepalived());
            }
        }
        timing(t.timing());
        noFloatingIp(t.noFloatingIp(), topo);
        return topo;
    }

    /** {@code topo} with its servers renamed as {@code names} says, each new name checked. */
    private static Topo named(Topo topo, Map<String, String> names) {
        if (names == null) {
            return topo;
        }
        Map<String, Role> servers = new LinkedHashMap<>();
        topo.servers().forEach((n, role) -> {
            if (!names.containsKey(n)) {
                servers.put(n, role);
            }
        });
        for (Map.Entry<String, String> e : names.entrySet()) {
            String path = "topology.node_names." + e.getKey();
            Role role = topo.servers().get(e.getKey());
            if (role == null) {
                throw bad(path, "unknown node '" + e.getKey() + "'" + Suggest.didYouMean(e.getKey(),
                        topo.servers().keySet()) + " (give the default name of a node of this topology: "
                        + Suggest.compact(new ArrayList<>(topo.servers().keySet())) + ")");
            }
            String name = e.getValue();
            if (name == null || !HOST_NAME.matcher(name).matches()) {
                throw bad(path, (name == null ? "missing" : "'" + name + "'") + ": a host name is letters, digits"
                        + " and '-' (not first or last), at most 63 characters, e.g. net-a");
            }
            if (name.equals("master") || name.equals("all")) {
                throw bad(path, "'" + name + "' is a word of faults' node: (the busiest master, every network node)");
            }
            if (servers.put(name, role) != null) {
                throw bad(path, "'" + name + "' is another node's name");
            }
        }
        Map<String, Role> ordered = new LinkedHashMap<>();
        topo.servers().forEach((n, role) -> ordered.put(names.getOrDefault(n, n), role));
        return new Topo(ordered, topo.routers(), topo.segments(), names);
    }

    private static void noFloatingIp(List<String> segments, Topo topo) {
        if (segments != null) {
            segmentNames("topology.no_floating_ip", segments, topo);
        }
    }

    /** Every entry a segment of the topology, each once. */
    private static void segmentNames(String path, List<String> segments, Topo topo) {
        names(path, segments, "a segment such as 80", topo.segments(), g -> "unknown segment '" + g + "'"
                + segmentSuggestion(g, topo) + " (segments of this topology: " + Suggest.compact(topo.segments())
                + ")", "segment ");
    }

    /**
     * Every entry of a list of names is there, known ({@code unknown} says why one is not) and
     * listed once; {@code example} says what an entry looks like.
     */
    private static void names(String path, List<String> names, String example, Collection<String> known,
                              Function<String, String> unknown, String twicePrefix) {
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            String at = path + "[" + j + "]";
            if (name == null) {
                throw bad(at, "an empty entry: name " + example);
            }
            if (!known.contains(name)) {
                throw bad(at, unknown.apply(name));
            }
            if (!seen.add(name)) {
                throw bad(at, twicePrefix + name + " is listed twice");
            }
        }
    }

    /**
     * Checks the effective settings {@code k}; a problem is reported at the field of {@code written}
     * when it sets it, else at the global settings' field ({@code globalWritten}, for a router's own
     * settings; null for the global ones).
     */
    private static void keepalived(Scenario.Keepalived k, Scenario.Keepalived written, String path,
                                   Scenario.Keepalived globalWritten) {
        String version = where(path, written, globalWritten, "version", Scenario.Keepalived::version);
        if (k.version() != 2 && k.version() != 3) {
            throw bad(version, "unknown value " + k.version() + " (allowed: 2, 3)");
        }
        long adv = k.advertInt().nanos();
        String advPath = where(path, written, globalWritten, "advert_int", Scenario.Keepalived::advertInt);
        if (written != null && written.version() != null && (written.advertInt() == null)) {
            advPath = version; // the version written here makes the inherited interval wrong
        }
        if (adv <= 0) {
            throw bad(advPath, "must be more than 0s (" + (k.version() == 2
                    ? "VRRPv2 advertises in whole seconds, 1s..255s" : "VRRPv3 advertises in whole centiseconds,"
                    + " 10ms..40.95s") + "), got " + d(adv));
        }
        if (k.version() == 2 && (adv % VirtualTime.SECOND != 0 || adv > 255 * VirtualTime.SECOND)) {
            throw bad(advPath, "VRRPv2 advertises in whole seconds, 1s..255s: got " + d(adv)
                    + (adv < 255 * VirtualTime.SECOND ? " (keepalived.version: 3 allows centiseconds)" : ""));
        }
        long cs = 10 * VirtualTime.MILLISECOND;
        if (k.version() == 3 && (adv % cs != 0 || adv > 4095 * cs)) {
            throw bad(advPath, "VRRPv3 advertises in whole centiseconds, 10ms..40.95s: got " + d(adv));
        }
        if (k.priority() < 1 || k.priority() > 255) {
            throw bad(where(path, written, globalWritten, "priority", Scenario.Keepalived::priority),
                    "must be 1..255, got " + k.priority());
        }
        if (k.garpMasterRepeat() < 1) {
            throw bad(where(path, written, globalWritten, "garp_master_repeat", Scenario.Keepalived::garpMasterRepeat),
                    "must be at least 1, got " + k.garpMasterRepeat());
        }
    }

    private static String where(String path, Scenario.Keepalived written, Scenario.Keepalived globalWritten,
                                String field, java.util.function.Function<Scenario.Keepalived, Object> get) {
        if (written != null && get.apply(written) != null) {
            return path + "." + field;
        }
        if (globalWritten != null && get.apply(globalWritten) != null) {
            return "topology.keepalived." + field;
        }
        return path + "." + field;
    }

    private static void timing(Scenario.Timing t) {
        if (t == null) {
            return;
        }
        positive("topology.timing.underlay_latency", t.underlayLatency());
        positive("topology.timing.external_latency", t.externalLatency());
        positive("topology.timing.rpc_latency", t.rpcLatency());
        if (t.underlayBandwidthGbps() != null && !(t.underlayBandwidthGbps() > 0 && t.underlayBandwidthGbps() <= 1e6)) {
            throw bad("topology.timing.underlay_bandwidth_gbps", "must be more than 0 (and at most 1000000), got "
                    + t.underlayBandwidthGbps());
        }
        if (t.l3AgentWorkers() != null && t.l3AgentWorkers() < 1) {
            throw bad("topology.timing.l3_agent_workers", "must be at least 1, got " + t.l3AgentWorkers());
        }
    }

    private static void positive(String path, Dur value) {
        if (value != null && value.nanos() <= 0) {
            throw bad(path, "must be more than 0s");
        }
    }

    private static String unknownRouter(String name, Topo topo) {
        return "unknown router '" + name + "'" + Suggest.didYouMean(name, topo.routers()) + " (routers of this topology: "
                + Suggest.compact(topo.routers()) + ")";
    }

    // ---------------------------------------------------------------- start-up

    private static void startup(Scenario s, Topo topo) {
        Scenario.Startup st = s.startup();
        if (st == null) {
            return;
        }
        if (st.nodes() != null) {
            for (Map.Entry<String, Dur> e : st.nodes().entrySet()) {
                String path = "startup.nodes." + e.getKey();
                Role role = topo.servers().get(e.getKey());
                if (role == null) {
                    throw bad(path, topo.unknownNode(e.getKey(), topo.servers().keySet())
                            + " (network and compute nodes of this topology: "
                            + topo.serverList(Set.of(Role.NETWORK, Role.COMPUTE)) + ")");
                }
                if (role == Role.CONTROLLER) {
                    throw bad(path, e.getKey() + " is a controller: neutron-server runs from 0s in the twin (give a"
                            + " network or compute node: " + topo.serverList(Set.of(Role.NETWORK, Role.COMPUTE)) + ")");
                }
                if (e.getValue() == null) {
                    throw bad(path, "missing: when the node powers up, e.g. " + e.getKey() + ": 5s");
                }
                if (e.getValue().compareTo(s.duration()) >= 0) {
                    throw bad(path, d(e.getValue()) + " is not before the end of the run (duration "
                            + d(s.duration()) + ")");
                }
            }
        }
    }

    /** When {@code node} powers up: its start-up time, or 0s. */
    private static Dur powerUp(Scenario s, String node) {
        if (s.startup() == null || s.startup().nodes() == null || s.startup().nodes().get(node) == null) {
            return ScenarioDefaults.AT_ONCE;
        }
        return s.startup().nodes().get(node);
    }

    // ---------------------------------------------------------------- probes

    private static void probes(Scenario s, Topo topo, List<String> noFloatingIp) {
        if (s.probes() == null) {
            return;
        }
        for (int i = 0; i < s.probes().size(); i++) {
            String path = "probes[" + i + "]";
            Scenario.Probe p = s.probes().get(i);
            if (p == null) {
                throw bad(path, "an empty entry: give at least type: ping or type: ssh");
            }
            if (p.type() == null) {
                throw bad(path + ".type", "missing: ping or ssh");
            }
            oneOf(path + ".type", p.type(), PROBE_TYPES);
            if (p.direction() != null) {
                oneOf(path + ".direction", p.direction(), DIRECTIONS);
            }
            if (p.segments() != null) {
                if (p.segments().isEmpty()) {
                    throw bad(path + ".segments", "an empty list: leave segments out to probe every segment");
                }
                segmentNames(path + ".segments", p.segments(), topo);
            }
            if (!"outbound".equals(p.direction())) {
                inboundNeedsFloatingIps(path, p, topo, noFloatingIp);
            }
            Dur start = or(p.start(), ScenarioDefaults.PROBE_START);
            if (start.compareTo(s.duration()) >= 0) {
                throw bad(path + ".start", d(start) + (p.start() == null ? " (the default)" : "")
                        + " is not before the end of the run (duration " + d(s.duration()) + ")");
            }
            if (p.interval() != null && p.interval().nanos() <= 0) {
                throw bad(path + ".interval", "must be more than 0s");
            }
        }
    }

    /** An inbound probe reaches a VM through its floating IP: refused where the VM has none. */
    private static void inboundNeedsFloatingIps(String path, Scenario.Probe p, Topo topo, List<String> noFloatingIp) {
        List<String> probed = p.segments() != null ? p.segments() : topo.segments();
        for (int j = 0; j < probed.size(); j++) {
            String g = probed.get(j);
            if (!noFloatingIp.contains(g)) {
                continue;
            }
            String why = "segment " + g + "'s VM has no floating IP (topology.no_floating_ip), so an inbound probe"
                    + " from outside cannot reach it; use direction: outbound (it leaves with the router's gateway"
                    + " address)";
            if (p.segments() != null) {
                throw bad(path + ".segments[" + j + "]", why + ", or probe another segment");
            }
            List<String> withFip = topo.segments().stream().filter(x -> !noFloatingIp.contains(x)).toList();
            throw bad(p.direction() != null ? path + ".direction" : path, "an inbound probe of every segment, but "
                    + why + (withFip.isEmpty() ? "" : ", or list in segments: those with one ("
                    + Suggest.compact(withFip) + ")"));
        }
    }

    private static String segmentSuggestion(String g, Topo topo) {
        String digits = g.replaceAll("[^0-9]", "");
        if (!digits.equals(g) && topo.segments().contains(digits)) {
            return "; did you mean '" + digits + "'? (segments are named by their number)";
        }
        return Suggest.didYouMean(g, topo.segments());
    }

    // ---------------------------------------------------------------- faults

    private static void faults(Scenario s, Topo topo) {
        if (s.faults() == null) {
            return;
        }
        for (int i = 0; i < s.faults().size(); i++) {
            fault(s, topo, "faults[" + i + "]", s.faults().get(i));
        }
    }

    private static void fault(Scenario s, Topo topo, String path, Scenario.Fault f) {
        if (f == null) {
            throw bad(path, "an empty entry: give at least at: and kind:");
        }
        if (f.kind() == null) {
            throw bad(path + ".kind", "missing: one of " + String.join(", ", FaultKind.fileNames()));
        }
        FaultKind kind = FaultKind.of(f.kind()).orElseThrow(() -> bad(path + ".kind", "unknown value '" + f.kind() + "'"
                + Suggest.didYouMean(f.kind(), FaultKind.fileNames()) + " (allowed: "
                + String.join(", ", FaultKind.fileNames()) + ")"));
        if (f.at() == null) {
            throw bad(path + ".at", "missing: when the fault happens, e.g. at: 30s");
        }
        if (f.at().compareTo(s.duration()) > 0) {
            throw bad(path + ".at", d(f.at()) + " is after the end of the run (duration " + d(s.duration()) + ")");
        }
        if (f.at().compareTo(s.duration()) == 0) {
            throw bad(path + ".at", d(f.at()) + " is the end of the run (duration " + d(s.duration())
                    + "): nothing after it would be measured");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("node", f.node());
        given.put("routers", f.routers());
        given.put("segments", f.segments());
        given.put("between", f.between());
        given.put("until", f.until());
        given.put("one_way", f.oneWay());
        given.put("link", f.link());
        given.put("period", f.period());
        given.put("loss", f.loss());
        given.put("down_for", f.downFor());
        given.put("boot_after", f.bootAfter());
        given.put("l3_agent_delay", f.l3AgentDelay());
        given.put("ovs_agent_delay", f.ovsAgentDelay());
        given.put("delay", f.delay());
        for (Map.Entry<String, Object> e : given.entrySet()) {
            if (e.getValue() != null && !kind.fields().contains(e.getKey())) {
                throw bad(path + "." + e.getKey(), "does not apply to " + kind.fileName()
                        + (FaultKind.TARGET_FIELDS.contains(e.getKey()) ? ", which " + kind.targets() : "")
                        + " (its fields: " + String.join(", ", kind.allFields()) + ")");
            }
        }
        for (String r : kind.required()) {
            if (given.get(r) == null) {
                throw bad(path + "." + r, "missing: " + kind.fileName() + " needs it"
                        + (r.equals("between") ? ", e.g. between: [" + example(topo) + "]" : "")
                        + (r.equals("delay") ? ", e.g. delay: " + (kind == FaultKind.RPC_DELAY ? "5s" : "50ms")
                        + " (how much " + (kind == FaultKind.RPC_DELAY ? "longer each agent RPC takes"
                        : "longer the tunnel NIC holds each frame it sends") + ")" : ""));
            }
        }
        String link = or(f.link(), ScenarioDefaults.LINK);
        if (f.link() != null) {
            oneOf(path + ".link", f.link(), LINKS);
        }
        if (kind.fields().contains("node")) {
            node(topo, kind, path + ".node", or(f.node(), ScenarioDefaults.FAULT_NODE), link);
        }
        if (f.between() != null) {
            if (f.between().size() != 2) {
                throw bad(path + ".between", "give two nodes, e.g. [" + example(topo) + "], got "
                        + f.between().size());
            }
            for (int j = 0; j < 2; j++) {
                String n = f.between().get(j);
                String at = path + ".between[" + j + "]";
                if (n == null) {
                    throw bad(at, "an empty entry: name a node");
                }
                server(topo, kind, at, n);
            }
            if (f.between().get(0).equals(f.between().get(1))) {
                throw bad(path + ".between[1]", "the same node twice: give two different nodes");
            }
        }
        if (f.routers() != null && f.segments() != null) {
            throw bad(path + ".segments", "give routers or segments, not both (segment 80 is router80's)");
        }
        String every = kind == FaultKind.HA_PARTITION ? "for every project's HA network" : "for every router on the node";
        if (f.routers() != null) {
            if (f.routers().isEmpty()) {
                throw bad(path + ".routers", "an empty list: leave routers out " + every);
            }
            names(path + ".routers", f.routers(), "a router such as router80", topo.routers(),
                    r -> unknownRouter(r, topo), "");
        }
        if (f.segments() != null) {
            if (f.segments().isEmpty()) {
                throw bad(path + ".segments", "an empty list: leave segments out " + every);
            }
            segmentNames(path + ".segments", f.segments(), topo);
        }
        beforePowerUp(s, topo, path, f);
        if (f.until() != null && f.until().compareTo(f.at()) <= 0) {
            throw bad(path + ".until", d(f.until()) + " is not after at (" + d(f.at()) + ")");
        }
        if (f.loss() != null && !(f.loss() >= 0 && f.loss() <= 1)) {
            throw bad(path + ".loss", "must be a fraction from 0 to 1 (0.05 is 5%), got " + f.loss());
        }
        positive(path + ".period", f.period());
        positive(path + ".down_for", f.downFor());
        positive(path + ".boot_after", f.bootAfter());
        positive(path + ".delay", f.delay());
    }

    /**
     * A fault on a node before it powers up ({@code startup.nodes}) is refused: the power-up would
     * undo it (carrier up, agents started), which no real server does.
     */
    private static void beforePowerUp(Scenario s, Topo topo, String path, Scenario.Fault f) {
        List<String> nodes = new ArrayList<>();
        if (f.between() != null) {
            nodes.addAll(f.between());
        } else if ("all".equals(f.node())) {
            topo.servers().forEach((n, role) -> {
                if (role == Role.NETWORK) {
                    nodes.add(n);
                }
            });
        } else if (f.node() != null) {
            nodes.add(f.node());
        }
        for (String n : nodes) {
            Dur up = powerUp(s, n);
            if (f.at().compareTo(up) < 0) {
                throw bad(path + ".at", d(f.at()) + " is before " + n + " powers up (startup.nodes." + n + ": "
                        + d(up) + "): a fault on a server that is still off is not modelled");
            }
        }
    }

    private static String example(Topo topo) {
        List<String> names = topo.servers().entrySet().stream().filter(e -> e.getValue() == Role.NETWORK)
                .map(Map.Entry::getKey).toList();
        return names.get(0) + ", " + names.get(1);
    }

    private static void node(Topo topo, FaultKind kind, String path, String node, String link) {
        if (node.equals("master")) {
            return;
        }
        if (node.equals("all")) {
            if (!kind.allowsAll()) {
                throw bad(path, "'all' does not apply to " + kind.fileName() + " (allowed: " + allowedNodes(topo, kind)
                        + ")");
            }
            return;
        }
        Role role = server(topo, kind, path, node);
        if (link.equals("external") && role != Role.NETWORK) {
            throw bad(path, node + " has no external uplink: only network nodes have one (use link: tunnel)");
        }
    }

    private static Role server(Topo topo, FaultKind kind, String path, String node) {
        Role role = topo.servers().get(node);
        if (role == null) {
            List<String> candidates = new ArrayList<>(topo.servers().keySet());
            if (kind.fields().contains("node")) {
                candidates.add("master");
            }
            throw bad(path, topo.unknownNode(node, candidates)
                    + " (nodes of this topology: " + Suggest.compact(new ArrayList<>(topo.servers().keySet()))
                    + (kind.fields().contains("node") ? "; or master" + (kind.allowsAll() ? ", all" : "") : "") + ")");
        }
        if (!kind.roles().contains(role)) {
            throw bad(path, node + " is a " + role.name().toLowerCase(Locale.ROOT) + " node; " + kind.fileName()
                    + " applies to " + allowedNodes(topo, kind));
        }
        return role;
    }

    private static String allowedNodes(Topo topo, FaultKind kind) {
        String roles = kind.roles().stream().sorted().map(r -> r.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" and ")) + " nodes";
        StringBuilder b = new StringBuilder(roles).append(" (").append(topo.serverList(kind.roles())).append(")");
        if (kind.fields().contains("node")) {
            b.append(", master").append(kind.allowsAll() ? ", all" : "");
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- assertions

    private static void assertions(Scenario s) {
        if (s.assertions() == null) {
            return;
        }
        boolean probes = s.probes() != null && !s.probes().isEmpty();
        boolean ssh = probes && s.probes().stream().anyMatch(p -> "ssh".equals(p.type()));
        for (int i = 0; i < s.assertions().size(); i++) {
            String path = "assertions[" + i + "]";
            AssertionExpr a;
            try {
                a = AssertionExpr.parse(s.assertions().get(i));
            } catch (IllegalArgumentException e) {
                throw bad(path, e.getMessage());
            }
            switch (a.measurement()) {
                case "outage", "probes_lost", "last_converged" -> {
                    if (!probes) {
                        throw bad(path, a.measurement() + " is measured by probes, and the scenario has none (add"
                                + " probes: [{type: ssh}])");
                    }
                }
                case "flows_broken" -> {
                    if (!ssh) {
                        throw bad(path, "flows_broken counts SSH sessions, and the scenario has no ssh probe (add"
                                + " probes: [{type: ssh}])");
                    }
                }
                default -> { }
            }
        }
    }

    // ---------------------------------------------------------------- sweep

    private static void sweep(Scenario s) {
        if (s.sweep() == null) {
            return;
        }
        int faults = s.faults() == null ? 0 : s.faults().size();
        for (Map.Entry<String, List<Object>> e : s.sweep().entrySet()) {
            String key = e.getKey();
            String path = "sweep." + key;
            if (Sweep.typeOf(key).isEmpty()) {
                throw bad(path, "unknown parameter" + sweepSuggestion(key, faults) + " (parameters: "
                        + String.join(", ", Sweep.parameters().keySet()) + ")");
            }
            int index = Sweep.faultIndex(key);
            if (index >= faults) {
                throw bad(path, "there is no fault " + index + " (the scenario has " + faults + " fault"
                        + (faults == 1 ? "" : "s") + (faults > 0 ? ", faults[0].." + "faults[" + (faults - 1) + "]" : "")
                        + ")");
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw bad(path, noValues(key));
            }
            Set<Object> seen = new HashSet<>();
            for (int j = 0; j < e.getValue().size(); j++) {
                String at = path + "[" + j + "]";
                Object converted;
                try {
                    converted = Sweep.convert(key, e.getValue().get(j));
                } catch (IllegalArgumentException x) {
                    throw bad(at, x.getMessage());
                }
                if (!seen.add(converted)) {
                    throw bad(at, e.getValue().get(j) + " is listed twice");
                }
                try {
                    check(Sweep.apply(s, Map.of(key, e.getValue().get(j))));
                } catch (Invalid x) {
                    throw bad(at, "with " + e.getValue().get(j) + ": " + x.path + ": " + x.problem);
                }
            }
        }
        long runs = Sweep.runs(s);
        if (runs > Sweep.MAX_RUNS) {
            throw bad("sweep", (runs == Long.MAX_VALUE ? "too many" : Long.toString(runs)) + " runs; at most "
                    + Sweep.MAX_RUNS + " in one sweep");
        }
        for (Map<String, Object> point : Sweep.points(s)) {
            try {
                check(Sweep.apply(s, point));
            } catch (Invalid x) {
                throw bad("sweep", "the run with " + point.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                        .collect(Collectors.joining(", ")) + " is not valid: " + x.path + ": " + x.problem);
            }
        }
    }

    private static String sweepSuggestion(String key, int faults) {
        List<String> keys = Sweep.keysForSuggestions(faults);
        for (String prefix : List.of("topology.keepalived.", "topology.timing.")) {
            if (key.startsWith(prefix) && keys.contains(key.substring("topology.".length()))) {
                return "; did you mean '" + key.substring("topology.".length()) + "'?";
            }
        }
        if (keys.contains("topology." + key)) {
            return "; did you mean 'topology." + key + "'?";
        }
        return Suggest.didYouMean(key, keys);
    }

    /** "no values: ..." for a sweep parameter given an empty list (or nothing). */
    static String noValues(String key) {
        return "no values: list the values to run with" + (Sweep.typeOf(key).isPresent() ? ", e.g. " + example(key) : "");
    }

    private static String example(String key) {
        return switch (Sweep.typeOf(key).orElseThrow()) {
            case DURATION -> "[1s, 2s]";
            case WHOLE_NUMBER -> key.endsWith("version") ? "[2, 3]" : "[1, 2]";
            case NUMBER -> "[0.1, 0.5]";
            case BOOLEAN -> "[true, false]";
            case TEXT -> key.endsWith("kind") ? "[node_crash, keepalived_sigterm]" : "[a, b]";
        };
    }

    // ---------------------------------------------------------------- helpers

    private static void oneOf(String path, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw bad(path, "unknown value '" + value + "'" + Suggest.didYouMean(value, allowed) + " (allowed: "
                    + String.join(", ", allowed) + ")");
        }
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
