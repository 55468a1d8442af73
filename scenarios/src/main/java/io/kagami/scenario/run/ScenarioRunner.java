package io.kagami.scenario.run;

import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.net.apps.PingProbe;
import io.kagami.net.apps.SshClient;
import io.kagami.net.apps.SshServer;
import io.kagami.net.keepalived.KeepalivedInstance;
import io.kagami.net.keepalived.VrrpState;
import io.kagami.net.keepalived.VrrpTransition;
import io.kagami.net.neutron.L3Agent;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.topology.CloudSpec.Segment;
import io.kagami.net.topology.CloudSpec.Vm;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioDefaults;
import io.kagami.scenario.result.ScenarioResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario: builds its cloud, adds its probes, injects its faults (a fault aimed at
 * "master" hits the network node hosting the most masters at that moment, found by running up to
 * it first: the same seed replays the same prefix), runs to its duration and measures. Same
 * scenario and seed, same result, whatever the partitioning.
 */
public final class ScenarioRunner {

    /** A probe as added to the cloud: which segment it measures and the entity that records it. */
    public record ProbeHandle(Segment segment, Scenario.Probe spec, String entity) {}

    /** A fault with its target node resolved. */
    public record Resolved(Scenario.Fault fault, List<String> nodes) {}

    private ScenarioRunner() {}

    /**
     * A scenario's cloud with its probes added and its faults injected, ready to run: what
     * {@link #run} runs, and what {@code kagami show} looks into at a virtual time.
     */
    public record Prepared(Scenario scenario, Cloud cloud, List<ProbeHandle> probes, List<Resolved> faults,
                           RunOptions options) {}

    public static Prepared prepare(Kernel kernel, Scenario file, int partitions) {
        Scenario scenario = ScenarioDefaults.complete(file);
        // a VM without a floating IP: its router SNATs what it sends out to the router's gateway address
        CloudSpec spec = CloudFromScenario.spec(scenario)
                .withoutFloatingIps(scenario.topology().noFloatingIp());
        long duration = scenario.duration().nanos();
        RunOptions options = RunOptions.defaults().withPartitions(partitions).withSeed(scenario.seed())
                .withDigest(true);
        List<Scenario.Fault> faults = new ArrayList<>(scenario.faults());
        faults.sort(Comparator.comparingLong(f -> f.at().nanos()));
        List<Resolved> resolved = new ArrayList<>();
        for (Scenario.Fault f : faults) {
            resolved.add(new Resolved(f, targets(kernel, spec, options, resolved, f)));
        }
        Cloud cloud = Cloud.build(spec);
        List<ProbeHandle> probes = addProbes(cloud, scenario.probes());
        resolved.forEach(r -> inject(cloud, r, duration));
        return new Prepared(scenario, cloud, probes, resolved, options);
    }

    public static ScenarioResult run(Kernel kernel, Scenario file, int partitions, Map<String, Object> parameters) {
        Prepared p = prepare(kernel, file, partitions);
        return Measurements.of(p, parameters, start(kernel, p).await());
    }

    /** Starts a prepared scenario's run to its duration; the handle shows progress and gives the result. */
    public static io.kagami.core.RunHandle start(Kernel kernel, Prepared p) {
        return kernel.start(p.cloud().model(), p.options().withUntil(p.scenario().duration().nanos()));
    }

    /**
     * The nodes a fault acts on: its node, every network node ("all"), the busiest master ("master":
     * the node hosting the most masters, of the routers the fault names if it names some),
     * or, for the faults of neutron-server and its message bus, the controller running it.
     */
    private static List<String> targets(Kernel kernel, CloudSpec spec, RunOptions options, List<Resolved> earlier,
                                        Scenario.Fault f) {
        if (f.between() != null) {
            return f.between();
        }
        if (f.node() == null) {
            return List.of(spec.serversWith(CloudSpec.Role.CONTROLLER).get(0).name());
        }
        List<String> network = spec.serversWith(CloudSpec.Role.NETWORK).stream().map(CloudSpec.Server::name).toList();
        if (f.node().equals("all")) {
            return network;
        }
        if (!f.node().equals("master")) {
            return List.of(f.node());
        }
        Cloud prefix = Cloud.build(spec);
        earlier.forEach(r -> inject(prefix, r, f.at().nanos()));
        RunResult before = kernel.run(prefix.model(), options.withDigest(false).withUntil(f.at().nanos() - 1));
        Map<String, Integer> masters = new HashMap<>();
        Map<String, VrrpState> state = new HashMap<>();
        for (Observation o : before.observations()) {
            if (o.value() instanceof VrrpTransition t) {
                state.put(o.entity(), t.state());
            }
        }
        // of the routers the fault names, if it names some: "master" is then where they are master
        for (Cloud.RouterInstance r : prefix.routers()) {
            if (aims(f, r.segment()) && state.get(r.device().ref().name() + "/keepalived") == VrrpState.MASTER) {
                masters.merge(r.node(), 1, Integer::sum);
            }
        }
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("faults: at " + VirtualTime.format(f.at().nanos())
                    + " no router has a master yet, so '" + f.kind() + "' on node 'master' has no target");
        }
        return List.of(masters.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey());
    }

    private static void inject(Cloud cloud, Resolved r, long end) {
        Scenario.Fault f = r.fault();
        long at = f.at().nanos();
        long until = f.until() == null ? VirtualTime.NEVER : f.until().nanos();
        var m = cloud.builder();
        switch (f.kind()) {
            case "node_crash" -> r.nodes().forEach(n -> cloud.crashNode(n, at));
            case "node_reboot" -> r.nodes().forEach(n -> cloud.rebootNode(n, at, at + f.bootAfter().nanos(),
                    f.l3AgentDelay().nanos(), f.ovsAgentDelay().nanos()));
            case "keepalived_sigkill", "keepalived_sigterm", "keepalived_restart" -> {
                for (Cloud.RouterInstance ri : routersOn(cloud, r.nodes(), f)) {
                    if (f.kind().equals("keepalived_sigkill")) {
                        m.inject(at, ri.keepalived(), KeepalivedInstance.Signal.SIGKILL);
                    } else {
                        m.inject(at, ri.keepalived(), KeepalivedInstance.Signal.SIGTERM);
                    }
                    if (f.kind().equals("keepalived_restart")) {
                        m.inject(at + f.downFor().nanos(), ri.keepalived(), KeepalivedInstance.Signal.START);
                    }
                }
            }
            case "ha_partition" -> cloud.projects().stream()
                    .filter(p -> cloud.spec().segments().stream().anyMatch(g -> g.project().equals(p) && aims(f, g)))
                    .forEach(p -> cloud.partitionHaNetwork(p, r.nodes().get(0), r.nodes().get(1), at, until,
                            Boolean.TRUE.equals(f.oneWay())));
            case "vxlan_path_loss" -> cloud.vxlanPathLoss(r.nodes().get(0), r.nodes().get(1), at, until, f.loss());
            case "link_down", "link_up" -> r.nodes().forEach(n -> cloud.setLink(n, link(f), at,
                    f.kind().equals("link_up")));
            case "link_flap" -> {
                long stop = Math.min(until, end);
                long period = f.period().nanos();
                boolean up = false;
                for (long t = at; t < stop; t += period, up = !up) {
                    long time = t;
                    boolean state = up;
                    r.nodes().forEach(n -> cloud.setLink(n, link(f), time, state));
                }
                r.nodes().forEach(n -> cloud.setLink(n, link(f), stop, true));
            }
            case "l3_agent_restart" -> r.nodes().forEach(n -> {
                var agent = cloud.l3Agents().get(n);
                if (agent == null) {
                    throw new IllegalArgumentException("faults: l3_agent_restart on '" + n + "', which runs no L3 agent");
                }
                m.inject(at, agent, L3Agent.Process.STOP);
                m.inject(at + f.downFor().nanos(), agent, L3Agent.Process.START);
            });
            case "neutron_server_outage" -> cloud.neutronServerOutage(at, until);
            case "rpc_delay" -> cloud.rpcDelay(at, until, f.delay().nanos());
            case "link_loss" -> r.nodes().forEach(n -> cloud.nicLoss(n, at, until, f.loss()));
            case "link_latency" -> r.nodes().forEach(n -> cloud.nicExtraDelay(n, at, until, f.delay().nanos()));
            default -> throw new IllegalArgumentException("faults: unknown kind '" + f.kind() + "'");
        }
    }

    private static Cloud.Link link(Scenario.Fault f) {
        return "external".equals(f.link()) ? Cloud.Link.EXTERNAL : Cloud.Link.TUNNEL;
    }

    private static List<Cloud.RouterInstance> routersOn(Cloud cloud, List<String> nodes, Scenario.Fault f) {
        return cloud.routers().stream().filter(r -> nodes.contains(r.node())).filter(r -> aims(f, r.segment())).toList();
    }

    /** Whether a fault is aimed at a segment's router: it names none (every router), or names it or its segment. */
    static boolean aims(Scenario.Fault f, Segment segment) {
        if (f.routers() != null) {
            return f.routers().contains(segment.router());
        }
        return f.segments() == null || f.segments().contains(segment.name());
    }

    /**
     * One probe per (probe, segment); an sshd on the client when an ssh probe goes outbound. An
     * outbound probe leaves with its VM's floating IP (float-snat) or, for a VM without one, with
     * the router's gateway address (default SNAT).
     */
    private static List<ProbeHandle> addProbes(Cloud cloud, List<Scenario.Probe> specs) {
        List<ProbeHandle> handles = new ArrayList<>();
        boolean clientSshd = false;
        int port = 40000;
        int n = 0;
        for (Scenario.Probe p : specs) {
            n++;
            long start = p.start().nanos();
            long interval = p.interval().nanos();
            boolean outbound = "outbound".equals(p.direction());
            for (Segment seg : cloud.spec().segments()) {
                if (!p.segments().contains(seg.name())) {
                    continue;
                }
                // the segment's first VM: the one with a floating IP, unless the segment has none
                Vm vm = seg.vms().stream().filter(Vm::hasFloatingIp).findFirst().orElse(seg.vms().get(0));
                Cloud.Guest guest = cloud.guests().stream().filter(g -> g.vm().equals(vm)).findFirst().orElseThrow();
                String name = p.type() + "-" + (outbound ? "out" : "in") + n + "-" + seg.name();
                String entity;
                if (outbound && "ssh".equals(p.type())) {
                    clientSshd = true;
                }
                var host = outbound ? guest.device() : cloud.client();
                Ipv4Address local = outbound ? vm.fixedIp() : Cloud.CLIENT;
                Ipv4Address target = outbound ? Cloud.CLIENT : vm.floatingIp();
                if (target == null) { // the validator refuses it first
                    throw new IllegalArgumentException("probes[" + (n - 1) + "]: segment " + seg.name()
                            + "'s VM has no floating IP to probe inbound (topology.no_floating_ip)");
                }
                if ("ping".equals(p.type())) {
                    PingProbe.Settings s = PingProbe.Settings.defaults().withStartAt(start).withInterval(interval);
                    entity = cloud.addApp(host, name, ns -> new PingProbe(ns, local, target, s), PingProbe::socket).name();
                } else {
                    SshClient.Settings s = SshClient.Settings.defaults().withSourcePort(port++).withStartAt(start)
                            .withInterval(interval);
                    entity = cloud.addApp(host, name, ns -> new SshClient(ns, local, target, s),
                            ref -> SshClient.socket(ref, s)).name();
                }
                handles.add(new ProbeHandle(seg, p, entity));
            }
        }
        if (clientSshd) {
            SshServer.Settings sshd = SshServer.Settings.defaults();
            cloud.addApp(cloud.client(), "sshd", ns -> new SshServer(ns, Cloud.CLIENT, sshd),
                    ref -> SshServer.socket(ref, sshd));
        }
        return handles;
    }

}
