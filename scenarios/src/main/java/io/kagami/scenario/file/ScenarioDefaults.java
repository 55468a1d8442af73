package io.kagami.scenario.file;

import io.kagami.core.VirtualTime;
import io.kagami.net.topology.CloudSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of every field a scenario file leaves out (docs/scenarios.md lists the same), and
 * {@link #complete} to fill them in, so that a runner reads one value per field.
 */
public final class ScenarioDefaults {
    private ScenarioDefaults() {}

    public static final long SEED = 1;
    public static final String BASE = "seed";
    public static final int SEGMENTS = 3;
    public static final int NETWORK_NODES = 2;
    public static final int COMPUTE_NODES = 4;
    /** As many as one project's HA network holds (VRIDs 1..254). */
    public static final int ROUTERS_PER_PROJECT = 254;

    /** What Neutron renders: VRRPv2, advert_int 2s, priority 50, nopreempt, 5 GARPs, second burst after 60s. */
    public static final CloudSpec.KeepalivedSettings KEEPALIVED = CloudSpec.KeepalivedSettings.neutronDefaults();
    public static final CloudSpec.Timing TIMING = CloudSpec.Timing.defaults();

    /** Start-up: every node powers up, and every agent starts, at 0s unless told (as Neutron left the cloud). */
    public static final Dur AT_ONCE = Dur.of(0);

    public static final String PROBE_DIRECTION = "inbound";
    public static final Dur PROBE_START = Dur.of(10 * VirtualTime.SECOND);
    public static final Dur PROBE_INTERVAL = Dur.of(VirtualTime.SECOND);

    /** A fault's node when none is given: the network node hosting the most masters at the fault's time. */
    public static final String FAULT_NODE = "master";
    public static final String LINK = "tunnel";
    /** vxlan_path_loss and link_loss lose everything unless told a fraction. */
    public static final double LOSS = 1.0;
    public static final Dur LINK_FLAP_PERIOD = Dur.of(5 * VirtualTime.SECOND);
    public static final Dur L3_AGENT_DOWN_FOR = Dur.of(10 * VirtualTime.SECOND);
    public static final Dur KEEPALIVED_DOWN_FOR = Dur.of(2 * VirtualTime.SECOND);
    public static final Dur BOOT_AFTER = Dur.of(30 * VirtualTime.SECOND);
    /** After power-up the L3 agent comes first (5s), the OVS agent's flows later (15s): the field story. */
    public static final Dur L3_AGENT_DELAY = Dur.of(5 * VirtualTime.SECOND);
    public static final Dur OVS_AGENT_DELAY = Dur.of(15 * VirtualTime.SECOND);

    /**
     * The scenario with every left-out field filled with its default: the topology's sizes, every
     * keepalived and timing field (per-router keepalived settings merged over the global ones),
     * each probe's direction, start, interval and segments (all of them), each fault's node, link,
     * loss, period, down_for and reboot delays where its kind takes them, the start-up's times (0s),
     * empty lists and maps (no segment without a floating IP). {@code until} stays null (never), and
     * so do a fault's {@code routers} and {@code segments} (every router); {@code delay} has no default (the kinds
     * taking it require it). Call it on a valid scenario.
     */
    public static Scenario complete(Scenario s) {
        Scenario.Topology t = s.topology() == null
                ? Scenario.Topology.NONE : s.topology();
        int segments = or(t.segments(), SEGMENTS);
        Scenario.Keepalived global = keepalived(t.keepalived(), keepalivedOf(KEEPALIVED));
        Map<String, Scenario.RouterOverride> routers = new LinkedHashMap<>();
        if (t.routers() != null) {
            t.routers().forEach((r, o) -> routers.put(r, new Scenario.RouterOverride(keepalived(o.keepalived(), global))));
        }
        Scenario.Timing tm = t.timing() == null ? new Scenario.Timing(null, null, null, null, null, null, null) : t.timing();
        Scenario.Timing timing = new Scenario.Timing(or(tm.underlayLatency(), Dur.of(TIMING.underlayLatency())),
                or(tm.underlayBandwidthGbps(), TIMING.underlayBandwidth() / 1e9),
                or(tm.externalLatency(), Dur.of(TIMING.externalLatency())), or(tm.rpcLatency(), Dur.of(TIMING.rpcLatency())),
                or(tm.l3AgentWorkers(), TIMING.l3Workers()), or(tm.l3AgentPrimaryWork(), Dur.of(TIMING.primaryWork())),
                or(tm.l3AgentBackupWork(), Dur.of(TIMING.backupWork())));
        Scenario.Topology topology = new Scenario.Topology(or(t.base(), BASE), t.file(), segments,
                or(t.networkNodes(), NETWORK_NODES), or(t.computeNodes(), COMPUTE_NODES),
                or(t.routersPerProject(), ROUTERS_PER_PROJECT), global, routers, or(t.snatRandomFully(), false), timing,
                or(t.noFloatingIp(), List.of()), or(t.nodeNames(), Map.of()), or(t.externalNetworks(), segments));
        List<String> allSegments = new ArrayList<>();
        for (int k = 0; k < segments; k++) {
            allSegments.add(Integer.toString(80 + k));
        }
        List<Scenario.Probe> probes = new ArrayList<>();
        for (Scenario.Probe p : or(s.probes(), List.<Scenario.Probe>of())) {
            probes.add(new Scenario.Probe(p.type(), or(p.direction(), PROBE_DIRECTION), or(p.segments(), allSegments),
                    or(p.start(), PROBE_START), or(p.interval(), PROBE_INTERVAL)));
        }
        List<Scenario.Fault> faults = new ArrayList<>();
        for (Scenario.Fault f : or(s.faults(), List.<Scenario.Fault>of())) {
            faults.add(complete(f));
        }
        Scenario.Startup st = s.startup() == null ? new Scenario.Startup(null, null, null, null, null) : s.startup();
        Scenario.Startup startup = new Scenario.Startup(or(st.nodes(), Map.of()), or(st.ovsAgent(), AT_ONCE),
                or(st.l3Agent(), AT_ONCE), or(st.keepalived(), AT_ONCE), or(st.stagger(), AT_ONCE));
        return new Scenario(s.name(), s.description(), or(s.seed(), SEED), s.duration(), topology, startup, probes, faults,
                or(s.assertions(), List.of()), or(s.sweep(), Map.of()));
    }

    private static Scenario.Fault complete(Scenario.Fault f) {
        FaultKind k = FaultKind.of(f.kind()).orElseThrow(() -> new IllegalArgumentException("unknown kind " + f.kind()));
        List<String> fields = k.fields();
        return new Scenario.Fault(f.at(), f.kind(),
                fields.contains("node") ? or(f.node(), FAULT_NODE) : f.node(),
                f.routers(), f.segments(), f.between(), f.until(),
                fields.contains("one_way") ? or(f.oneWay(), false) : f.oneWay(),
                fields.contains("link") ? or(f.link(), LINK) : f.link(),
                fields.contains("period") ? or(f.period(), LINK_FLAP_PERIOD) : f.period(),
                fields.contains("loss") ? or(f.loss(), LOSS) : f.loss(),
                fields.contains("down_for")
                        ? or(f.downFor(), k == FaultKind.L3_AGENT_RESTART ? L3_AGENT_DOWN_FOR : KEEPALIVED_DOWN_FOR)
                        : f.downFor(),
                fields.contains("boot_after") ? or(f.bootAfter(), BOOT_AFTER) : f.bootAfter(),
                fields.contains("l3_agent_delay") ? or(f.l3AgentDelay(), L3_AGENT_DELAY) : f.l3AgentDelay(),
                fields.contains("ovs_agent_delay") ? or(f.ovsAgentDelay(), OVS_AGENT_DELAY) : f.ovsAgentDelay(),
                f.delay());
    }

    /** {@code k}'s fields over {@code base}'s. */
    static Scenario.Keepalived keepalived(Scenario.Keepalived k, Scenario.Keepalived base) {
        if (k == null) {
            return base;
        }
        return new Scenario.Keepalived(or(k.version(), base.version()), or(k.advertInt(), base.advertInt()),
                or(k.priority(), base.priority()), or(k.preempt(), base.preempt()),
                or(k.garpMasterRepeat(), base.garpMasterRepeat()), or(k.garpMasterDelay(), base.garpMasterDelay()));
    }

    static Scenario.Keepalived keepalivedOf(CloudSpec.KeepalivedSettings k) {
        return new Scenario.Keepalived(k.version(), Dur.of(k.advertInterval()), k.priority(), !k.nopreempt(),
                k.garpMasterRepeat(), Dur.of(k.garpMasterDelay()));
    }

    /** Settings for the topology builder from complete keepalived settings. */
    public static CloudSpec.KeepalivedSettings settingsOf(Scenario.Keepalived k) {
        Scenario.Keepalived c = keepalived(k, keepalivedOf(KEEPALIVED));
        return new CloudSpec.KeepalivedSettings(c.version(), c.advertInt().nanos(), c.priority(), !c.preempt(),
                c.garpMasterRepeat(), c.garpMasterDelay().nanos());
    }

    static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
