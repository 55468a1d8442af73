package io.kagami.scenario.run;

import io.kagami.core.Observation;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.net.apps.KeystrokeSent;
import io.kagami.net.apps.Outage;
import io.kagami.net.apps.PingLost;
import io.kagami.net.apps.PingReply;
import io.kagami.net.apps.SshConnectionEnded;
import io.kagami.net.apps.TcpRetransmitted;
import io.kagami.net.host.HostNic;
import io.kagami.net.keepalived.VrrpState;
import io.kagami.net.keepalived.VrrpTransition;
import io.kagami.net.netns.Namespace;
import io.kagami.net.neutron.HaState;
import io.kagami.net.neutron.L3Agent;
import io.kagami.net.neutron.NeutronServer;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.topology.CloudSpec.Segment;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.result.Distribution;
import io.kagami.scenario.result.NodeLoad;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import io.kagami.scenario.result.TimelineEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a run measured, read back from its observations (DESIGN.md, Scenarios): per segment the
 * takeover (from the fault that hit the segment to a new master; see {@link #segment}), the outage its probe saw, probes lost, split brain, the
 * time until neutron-server stored the new master as active, TCP flows broken; distributions
 * across segments; the timeline; per-node load each second (routers mastered, the L3 agent's queue
 * and workers, VRRP over the tunnels, conntrack entries of the router namespaces).
 *
 * <p>Split brain is counted from the first fault on (without faults: from the end of the start-up
 * election), because unless {@code startup} staggers them every router's instances start at the
 * same instant in the twin and are both master for one advert's flight at start-up, which no
 * operator would call a split brain.
 */
public final class Measurements {
    private Measurements() {}

    /**
     * What the run of {@code prepared} ({@link ScenarioRunner#start}) measured.
     */
    public static ScenarioResult of(ScenarioRunner.Prepared prepared, Map<String, Object> parameters,
                                    RunResult result) {
        return of(prepared.scenario(), prepared.scenario().seed(), parameters, prepared.cloud(), prepared.probes(),
                prepared.faults(), result);
    }

    /** A VRRP state change of one instance. */
    private record Change(long time, String node, VrrpState state) {}

    static ScenarioResult of(Scenario scenario, long seed, Map<String, Object> parameters, Cloud cloud,
                             List<ScenarioRunner.ProbeHandle> probes, List<ScenarioRunner.Resolved> faults,
                             RunResult result) {
        long duration = scenario.duration().nanos();
        long firstFault = faults.isEmpty() ? VirtualTime.NEVER : faults.get(0).fault().at().nanos();
        List<Observation> obs = result.observations();

        Map<String, Cloud.RouterInstance> byEntity = new HashMap<>();
        cloud.routers().forEach(r -> byEntity.put(r.device().ref().name() + "/keepalived", r));
        Map<String, List<Change>> changesOfRouter = new LinkedHashMap<>();
        List<TimelineEvent> timeline = new ArrayList<>();
        faults.forEach(f -> timeline.add(new TimelineEvent(f.fault().at().nanos(), String.join(",", f.nodes()),
                TimelineEvent.FAULT, describe(f.fault()))));
        for (Observation o : obs) {
            if (o.value() instanceof VrrpTransition t && byEntity.containsKey(o.entity())) {
                Cloud.RouterInstance r = byEntity.get(o.entity());
                changesOfRouter.computeIfAbsent(r.segment().router(), k -> new ArrayList<>())
                        .add(new Change(o.time(), r.node(), t.state()));
                timeline.add(new TimelineEvent(o.time(), r.node(), TimelineEvent.STATE,
                        r.segment().router() + " " + t.logLine()));
            }
        }
        timeline.sort((a, b) -> Long.compare(a.time(), b.time()));

        List<SegmentResult> segments = new ArrayList<>();
        for (Segment seg : cloud.spec().segments()) {
            List<Change> changes = changesOfRouter.getOrDefault(seg.router(), List.of());
            String routerId = cloud.routers().stream().filter(r -> r.segment() == seg).findFirst().orElseThrow()
                    .routerId();
            List<ScenarioRunner.ProbeHandle> own = probes.stream().filter(p -> p.segment() == seg).toList();
            List<String> nodes = new ArrayList<>(cloud.routers().stream().filter(r -> r.segment() == seg)
                    .map(Cloud.RouterInstance::node).toList());
            seg.vms().forEach(vm -> nodes.add(vm.host()));
            List<ScenarioRunner.Resolved> aimed = faults.stream().filter(f -> ScenarioRunner.aims(f.fault(), seg)
                    && f.nodes().stream().anyMatch(nodes::contains)).toList();
            segments.add(segment(seg, routerId, changes, own, faults, aimed, firstFault, duration, obs));
        }

        Map<String, Distribution> distributions = new LinkedHashMap<>();
        distributions.put("takeover", distribution("takeover", "ns", segments, SegmentResult::takeoverNs));
        distributions.put("outage", distribution("outage", "ns", segments, SegmentResult::outageNs));
        distributions.put("probes_lost", distribution("probes_lost", "", segments, s -> (long) s.probesLost()));
        distributions.put("split_brain", distribution("split_brain", "ns", segments, SegmentResult::splitBrainNs));
        distributions.put("agent_report", distribution("agent_report", "ns", segments, SegmentResult::agentReportNs));
        distributions.put("flows_broken", distribution("flows_broken", "", segments, s -> (long) s.flowsBroken()));
        Long lastConverged = lastConverged(segments);

        return new ScenarioResult(scenario.name(), scenario.description() == null ? "" : scenario.description(), seed,
                duration, parameters == null ? Map.of() : new LinkedHashMap<>(parameters), segments, distributions,
                lastConverged, timeline, nodeLoad(cloud, changesOfRouter, faults, obs, duration),
                Verdicts.judge(scenario.assertions(), segments, distributions,
                        lastConverged == null ? null : lastConverged - firstFault), result.digest(),
                result.metrics().events());
    }

    /**
     * One segment's measurements. {@code aimed}: the faults aimed at it (at its router, on a node
     * hosting the router or its VM). Its takeover is the first new master from the first of them on
     * (from the first fault if none is aimed at it), and it is measured from its reference: the
     * latest of them at or before that takeover (without a takeover, the first of them), so that a
     * segment hit by a later fault is not charged the time between the first fault and its own.
     */
    private static SegmentResult segment(Segment seg, String routerId, List<Change> changes,
                                         List<ScenarioRunner.ProbeHandle> probes, List<ScenarioRunner.Resolved> faults,
                                         List<ScenarioRunner.Resolved> aimed, long firstFault, long duration,
                                         List<Observation> obs) {
        long firstAimed = aimed.isEmpty() ? firstFault : aimed.get(0).fault().at().nanos();
        String before = singleMaster(changes, Math.min(firstAimed, duration + 1));
        String after = singleMaster(changes, duration + 1);
        Change takeover = changes.stream().filter(c -> c.time() >= firstAimed && c.state() == VrrpState.MASTER
                && !c.node().equals(before)).findFirst().orElse(null);
        long from = takeover == null ? firstAimed : aimed.stream().mapToLong(f -> f.fault().at().nanos())
                .filter(t -> t <= takeover.time()).max().orElse(firstAimed);
        // a restarted L3 agent leaves keepalived and the data path alone (DOMAIN.md section 2)
        boolean hit = before != null && faults.stream().anyMatch(f -> f.nodes().contains(before)
                && !f.fault().kind().equals("l3_agent_restart") && ScenarioRunner.aims(f.fault(), seg));
        boolean affected = hit || takeover != null;
        Long takeoverNs = takeover == null ? null : takeover.time() - from;

        Outage outage = probes.isEmpty() ? null : Outage.around(obs, probes.get(0).entity(), from);
        Long outageNs = affected && outage != null && outage.recovered() && outage.lastAnswerBefore() >= 0
                ? outage.duration() : null;
        Long convergedAt = affected && outage != null && outage.recovered() ? outage.firstAnswerAfter() : null;

        int sent = 0;
        int lost = 0;
        int broken = 0;
        for (ScenarioRunner.ProbeHandle p : probes) {
            for (Observation o : obs) {
                if (!o.entity().equals(p.entity())) {
                    continue;
                }
                Object v = o.value();
                if (v instanceof PingReply || v instanceof KeystrokeSent) {
                    sent++;
                } else if (v instanceof PingLost) {
                    sent++;
                    lost++;
                } else if (v instanceof TcpRetransmitted) {
                    lost++;
                } else if (v instanceof SshConnectionEnded e && e.broken()) {
                    broken++;
                }
            }
        }
        Long agentReport = null;
        if (takeover != null) {
            for (Observation o : obs) {
                if (o.time() >= from && o.value() instanceof NeutronServer.HaStateStored s
                        && s.routerId().equals(routerId) && s.host().equals(takeover.node())
                        && s.state() == HaState.PRIMARY) {
                    agentReport = o.time() - from;
                    break;
                }
            }
        }
        long settle = firstFault != VirtualTime.NEVER ? firstFault : firstSingleMaster(changes);
        return new SegmentResult(seg.name(), seg.router(), before, after, affected, takeoverNs, outageNs, sent, lost,
                splitBrain(changes, settle, duration), agentReport, broken, convergedAt);
    }

    /** When the last affected segment converged; null if one never did, or none was affected. */
    private static Long lastConverged(List<SegmentResult> segments) {
        Long last = null;
        for (SegmentResult s : segments) {
            if (s.affected()) {
                if (s.convergedAtNs() == null) {
                    return null;
                }
                last = last == null ? s.convergedAtNs() : Math.max(last, s.convergedAtNs());
            }
        }
        return last;
    }

    /** The one node whose instance is MASTER just before {@code time}, or null if none or several. */
    private static String singleMaster(List<Change> changes, long time) {
        Map<String, VrrpState> state = new LinkedHashMap<>();
        changes.stream().filter(c -> c.time() < time).forEach(c -> state.put(c.node(), c.state()));
        List<String> masters = state.entrySet().stream().filter(e -> e.getValue() == VrrpState.MASTER)
                .map(Map.Entry::getKey).toList();
        return masters.size() == 1 ? masters.get(0) : null;
    }

    /** The end of the start-up election: one master, after two at once if there were two. */
    private static long firstSingleMaster(List<Change> changes) {
        Map<String, VrrpState> state = new HashMap<>();
        boolean split = false;
        long firstOne = VirtualTime.NEVER;
        for (Change c : changes) {
            state.put(c.node(), c.state());
            long masters = state.values().stream().filter(s -> s == VrrpState.MASTER).count();
            if (masters > 1) {
                split = true;
            } else if (masters == 1) {
                if (split) {
                    return c.time();
                }
                firstOne = Math.min(firstOne, c.time());
            }
        }
        return firstOne;
    }

    /** How long two or more instances were MASTER at once, from {@code from} to the end. */
    private static long splitBrain(List<Change> changes, long from, long end) {
        Map<String, VrrpState> state = new HashMap<>();
        long total = 0;
        long since = -1;
        for (Change c : changes) {
            state.put(c.node(), c.state());
            boolean split = state.values().stream().filter(s -> s == VrrpState.MASTER).count() > 1;
            long t = Math.max(c.time(), from);
            if (split && since < 0) {
                since = t;
            } else if (!split && since >= 0) {
                total += Math.max(0, Math.min(c.time(), end) - since);
                since = -1;
            }
        }
        if (since >= 0 && since < end) {
            total += end - since;
        }
        return total;
    }

    /**
     * Exact nearest-rank percentiles over the segments that have a value. Not HdrHistogram: its
     * 3-significant-digit buckets are 0.1% wide (5 ms at a 5 s takeover), enough to flip a timer
     * assertion near its bound; one value per segment sorts in no time even at 10^5 segments.
     */
    private static Distribution distribution(String name, String unit, List<SegmentResult> segments,
                                             Function<SegmentResult, Long> value) {
        long[] v = segments.stream().map(value).filter(java.util.Objects::nonNull).mapToLong(Long::longValue)
                .sorted().toArray();
        if (v.length == 0) {
            return new Distribution(name, unit, 0, 0, 0, 0, 0, 0);
        }
        return new Distribution(name, unit, v.length, v[0], rank(v, 50), rank(v, 95), rank(v, 99), v[v.length - 1]);
    }

    /** The nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
    private static long rank(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    /**
     * Each network node, each second: routers mastered, the L3 agent's load, VRRP sent over its
     * tunnels, and the conntrack entries of its router namespaces (each records its count when it
     * changed, so the last record of each is summed).
     */
    private static List<NodeLoad> nodeLoad(Cloud cloud, Map<String, List<Change>> changesOfRouter,
                                           List<ScenarioRunner.Resolved> faults, List<Observation> obs,
                                           long duration) {
        List<NodeLoad> loads = new ArrayList<>();
        Map<String, String> nodeOfNamespace = new HashMap<>();
        cloud.routers().forEach(r -> nodeOfNamespace.put(r.device().ref().name(), r.node()));
        List<Change> all = new ArrayList<>();
        Map<Change, String> routerOf = new HashMap<>();
        changesOfRouter.forEach((router, list) -> list.forEach(c -> {
            all.add(c);
            routerOf.put(c, router);
        }));
        all.sort((a, b) -> Long.compare(a.time(), b.time()));
        for (CloudSpec.Server server : cloud.spec().serversWith(CloudSpec.Role.NETWORK)) {
            String node = server.name();
            String agent = node + "/neutron-l3-agent";
            String nic = node + "/nic";
            List<NodeLoad.Sample> samples = new ArrayList<>();
            Map<String, Boolean> mastered = new HashMap<>();
            int ci = 0;
            L3Agent.Load load = new L3Agent.Load(0, 0);
            int oi = 0;
            HostNic.TunnelTraffic traffic = null;
            Map<String, Integer> conntrackOf = new HashMap<>();
            long conntrack = 0;
            List<long[]> off = poweredOff(node, faults);
            for (long t = VirtualTime.SECOND; t <= duration; t += VirtualTime.SECOND) {
                while (ci < all.size() && all.get(ci).time() <= t) {
                    Change c = all.get(ci++);
                    if (c.node().equals(node)) {
                        mastered.put(routerOf.get(c), c.state() == VrrpState.MASTER);
                    }
                }
                traffic = null;
                while (oi < obs.size() && obs.get(oi).time() <= t) {
                    Observation o = obs.get(oi++);
                    if (o.entity().equals(agent) && o.value() instanceof L3Agent.Load l) {
                        load = l;
                    } else if (o.entity().equals(nic) && o.value() instanceof HostNic.TunnelTraffic tt) {
                        traffic = tt;
                    } else if (o.value() instanceof Namespace.ConntrackCount c
                            && node.equals(nodeOfNamespace.get(o.entity()))) {
                        Integer before = conntrackOf.put(o.entity(), c.entries());
                        conntrack += c.entries() - (before == null ? 0 : before);
                    }
                }
                int count = (int) mastered.values().stream().filter(b -> b).count();
                long time = t;
                boolean down = off.stream().anyMatch(span -> span[0] <= time && time < span[1]);
                samples.add(new NodeLoad.Sample(t, count, load.queued(), load.busy(),
                        traffic == null ? 0 : traffic.vrrpPackets(), traffic == null ? 0 : traffic.vrrpBytes(),
                        down ? 0 : conntrack));
            }
            loads.add(new NodeLoad(node, samples));
        }
        return loads;
    }

    /**
     * When {@code node} is powered off, as [from, to) spans: a crash for good, a reboot until it boots.
     * Its namespaces live on in the twin (and keep their tables across a reboot, as Cloud.rebootNode
     * says), but a server that is off has no kernel to count conntrack entries in.
     */
    private static List<long[]> poweredOff(String node, List<ScenarioRunner.Resolved> faults) {
        List<long[]> spans = new ArrayList<>();
        for (ScenarioRunner.Resolved r : faults) {
            if (!r.nodes().contains(node)) {
                continue;
            }
            Scenario.Fault f = r.fault();
            long at = f.at().nanos();
            if (f.kind().equals("node_crash")) {
                spans.add(new long[] {at, VirtualTime.NEVER});
            } else if (f.kind().equals("node_reboot")) {
                spans.add(new long[] {at, at + f.bootAfter().nanos()});
            }
        }
        return spans;
    }

    private static String describe(Scenario.Fault f) {
        StringBuilder s = new StringBuilder(f.kind());
        if (f.until() != null) {
            s.append(" until ").append(f.until());
        }
        if (f.routers() != null) {
            s.append(" routers ").append(String.join(",", f.routers()));
        }
        return s.toString();
    }
}
