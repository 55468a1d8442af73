package io.kagami.scenario.builtin;

import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.net.apps.Outage;
import io.kagami.net.apps.SshClient;
import io.kagami.net.apps.SshConnectionEnded;
import io.kagami.net.keepalived.KeepalivedInstance;
import io.kagami.net.keepalived.KeepalivedLog;
import io.kagami.net.keepalived.VrrpConfig;
import io.kagami.net.keepalived.VrrpState;
import io.kagami.net.keepalived.VrrpTransition;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.topology.CloudSpec.KeepalivedSettings;
import io.kagami.net.topology.CloudSpec.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The main built-in drill, on the seed deployment packet by packet: every router elects a master,
 * an SSH session from the client outside runs to every floating IP, then the network node hosting
 * the most masters fails (powered off, or keepalived stopped) and the report gives, per router,
 * the takeover against keepalived's bounds and the outage its SSH session saw. The node is found by
 * running up to the fault first (the same seed replays the same prefix).
 */
public final class SeedFailover {

    /**
     * @param spec      the cloud (the seed, with any keepalived settings)
     * @param fault     how the master node fails
     * @param faultAt   when
     * @param sessionAt when the SSH sessions connect
     * @param until     the end of the run
     */
    public record Settings(CloudSpec spec, Fault fault, long faultAt, long sessionAt, long until, int partitions,
                           long seed) {
        public Settings {
            if (sessionAt >= faultAt) {
                throw new IllegalArgumentException("the SSH sessions (at " + VirtualTime.format(sessionAt)
                        + ") must start before the fault (at " + VirtualTime.format(faultAt) + ")");
            }
            if (until <= faultAt) {
                throw new IllegalArgumentException("the run must end after the fault: until " + VirtualTime.format(until)
                        + " <= fault at " + VirtualTime.format(faultAt));
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
            }
        }

        public static Settings defaults() {
            return new Settings(CloudSpec.seed(), Fault.CRASH, 30 * VirtualTime.SECOND, 10 * VirtualTime.SECOND,
                    60 * VirtualTime.SECOND, 1, 1);
        }
    }

    /**
     * One router: its master before the fault and since when, the takeover if its master was on
     * the failed node, and its SSH session's outage ({@link Outage#duration()} NEVER if it never
     * recovered) and whether the session broke.
     */
    public record RouterResult(String router, int vrid, String master, long masterSince, boolean affected,
                               Optional<Takeover> takeover, Outage outage, boolean sessionBroken) {}

    public record Report(Settings settings, String failedNode, List<RouterResult> routers, List<LogLine> log,
                         String digest) {}

    private SeedFailover() {}

    public static Report run(Kernel kernel, Settings s) {
        RunOptions options = RunOptions.defaults().withPartitions(s.partitions()).withSeed(s.seed()).withDigest(true);
        Cloud probe = Cloud.build(s.spec());
        RunResult before = kernel.run(probe.model(), options.withUntil(s.faultAt() - 1));
        Map<String, String> masterOf = masters(probe, before.observations(), s.faultAt());
        for (Segment seg : s.spec().segments()) {
            if (!masterOf.containsKey(seg.router())) {
                throw new IllegalArgumentException("at " + VirtualTime.format(s.faultAt()) + " " + seg.router()
                        + " has no single master yet: choose a fault time after the election settles");
            }
        }
        String failed = mostMasters(masterOf);

        Cloud cloud = Cloud.build(s.spec());
        Map<String, String> sessions = new LinkedHashMap<>();
        int port = 40000;
        for (Segment seg : s.spec().segments()) {
            Ipv4Address fip = seg.vms().stream().filter(CloudSpec.Vm::hasFloatingIp).findFirst().orElseThrow()
                    .floatingIp();
            SshClient.Settings ssh = SshClient.Settings.defaults().withSourcePort(port++).withStartAt(s.sessionAt());
            sessions.put(seg.router(), cloud.addApp(cloud.client(), "ssh-" + seg.router(),
                    ns -> new SshClient(ns, Cloud.CLIENT, fip, ssh), ref -> SshClient.socket(ref, ssh)).name());
        }
        if (s.fault() == Fault.CRASH) {
            cloud.crashNode(failed, s.faultAt());
        } else {
            cloud.routers().stream().filter(r -> r.node().equals(failed)).forEach(r ->
                    cloud.builder().inject(s.faultAt(), r.keepalived(), KeepalivedInstance.Signal.SIGTERM));
        }
        RunResult result = kernel.run(cloud.model(), options.withUntil(s.until()));

        Map<String, String> nodeOfEntity = new HashMap<>();
        cloud.routers().forEach(r -> nodeOfEntity.put(r.device().ref().name() + "/keepalived", r.node()));
        List<RouterResult> routers = new ArrayList<>();
        for (Segment seg : s.spec().segments()) {
            String router = seg.router();
            List<Cloud.RouterInstance> instances = cloud.routers().stream()
                    .filter(r -> r.segment().router().equals(router)).toList();
            String master = masterOf.get(router);
            Cloud.RouterInstance masterInstance = instances.stream().filter(r -> r.node().equals(master)).findFirst()
                    .orElseThrow();
            long since = lastEntered(result.observations(), masterInstance, VrrpState.MASTER, s.faultAt());
            boolean affected = master.equals(failed);
            Optional<Takeover> takeover = Optional.empty();
            for (Cloud.RouterInstance r : instances) {
                long at = affected && !r.node().equals(failed)
                        ? firstEntered(result.observations(), r, VrrpState.MASTER, s.faultAt()) : -1;
                if (at >= 0 && (takeover.isEmpty() || at < takeover.get().at())) {
                    takeover = Optional.of(takeover(s, seg, r.node(), at));
                }
            }
            String session = sessions.get(router);
            boolean broken = result.observations().stream()
                    .anyMatch(o -> o.entity().equals(session) && o.value() instanceof SshConnectionEnded);
            routers.add(new RouterResult(router, instances.get(0).vrid(), master, since, affected, takeover,
                    Outage.around(result.observations(), session, s.faultAt()), broken));
        }
        return new Report(s, failed, routers, log(result.observations(), nodeOfEntity, s, failed), result.digest());
    }

    /** Each router's single master just before {@code time}, by node. */
    private static Map<String, String> masters(Cloud cloud, List<Observation> observations, long time) {
        Map<String, VrrpState> state = new HashMap<>();
        for (Observation o : observations) {
            if (o.time() < time && o.value() instanceof VrrpTransition t) {
                state.put(o.entity(), t.state());
            }
        }
        Map<String, List<String>> masters = new HashMap<>();
        for (Cloud.RouterInstance r : cloud.routers()) {
            if (state.get(r.device().ref().name() + "/keepalived") == VrrpState.MASTER) {
                masters.computeIfAbsent(r.segment().router(), k -> new ArrayList<>()).add(r.node());
            }
        }
        Map<String, String> single = new HashMap<>();
        masters.forEach((router, nodes) -> {
            if (nodes.size() == 1) {
                single.put(router, nodes.get(0));
            }
        });
        return single;
    }

    /** The node hosting the most masters (the lowest name on a tie). */
    private static String mostMasters(Map<String, String> masterOf) {
        Map<String, Integer> count = new HashMap<>();
        masterOf.values().forEach(n -> count.merge(n, 1, Integer::sum));
        return count.entrySet().stream().max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())).orElseThrow().getKey();
    }

    private static long lastEntered(List<Observation> observations, Cloud.RouterInstance r, VrrpState state,
                                    long before) {
        long last = -1;
        String entity = r.device().ref().name() + "/keepalived";
        for (Observation o : observations) {
            if (o.time() < before && o.entity().equals(entity) && o.value() instanceof VrrpTransition t
                    && t.state() == state) {
                last = o.time();
            }
        }
        return last;
    }

    private static long firstEntered(List<Observation> observations, Cloud.RouterInstance r, VrrpState state,
                                     long from) {
        String entity = r.device().ref().name() + "/keepalived";
        return observations.stream().filter(o -> o.time() >= from && o.entity().equals(entity)
                && o.value() instanceof VrrpTransition t && t.state() == state).mapToLong(Observation::time)
                .findFirst().orElse(-1);
    }

    /**
     * keepalived's bounds (DOMAIN.md section 3): after a crash the backup's down timer runs out
     * Master_Down_Interval after the last advert reached it (master_down - advert_int to
     * master_down after the fault); after SIGTERM, Skew_Time after the priority-0 advert; plus the
     * HA network's path (the underlay's latency; the NICs' serialisation adds under a microsecond).
     */
    private static Takeover takeover(Settings s, Segment seg, String node, long at) {
        KeepalivedSettings k = s.spec().keepalivedOf(seg);
        VrrpConfig c = new VrrpConfig("VR", k.version(), 1, k.priority(), k.advertInterval(), k.nopreempt(),
                Ipv4Address.of(169, 254, 192, 1), List.of(Ipv4Address.of(169, 254, 0, 1)), k.garpMasterRepeat(),
                k.garpMasterDelay());
        long path = s.spec().timing().underlayLatency();
        long slack = VirtualTime.MICROSECOND;
        long lo;
        long hi;
        if (s.fault() == Fault.SIGTERM) {
            lo = c.skewTime(k.advertInterval()) + path;
            hi = lo + slack;
        } else {
            lo = c.masterDownInterval(k.advertInterval()) - k.advertInterval() + path;
            hi = c.masterDownInterval(k.advertInterval()) + path + slack;
        }
        return new Takeover(node, at, at - s.faultAt(), lo, hi);
    }

    private static List<LogLine> log(List<Observation> observations, Map<String, String> nodeOfEntity, Settings s,
                                     String failed) {
        List<LogLine> lines = new ArrayList<>();
        boolean faultShown = false;
        for (Observation o : observations) {
            if (!faultShown && o.time() >= s.faultAt()) {
                lines.add(new LogLine(s.faultAt(), failed, "FAULT: " + s.fault().description()));
                faultShown = true;
            }
            String node = nodeOfEntity.get(o.entity());
            if (node != null && (o.value() instanceof VrrpTransition || o.value() instanceof KeepalivedLog)) {
                lines.add(new LogLine(o.time(), node, o.value().toString()));
            }
        }
        if (!faultShown) {
            lines.add(new LogLine(s.faultAt(), failed, "FAULT: " + s.fault().description()));
        }
        return lines;
    }
}
