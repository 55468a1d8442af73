package io.kagami.scenario.builtin;

import io.kagami.core.Kernel;
import io.kagami.core.Model;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.net.keepalived.KeepalivedInstance.Signal;
import io.kagami.net.keepalived.KeepalivedLog;
import io.kagami.net.keepalived.VrrpConfig;
import io.kagami.net.keepalived.VrrpTransition;
import io.kagami.net.topology.HaRouter;
import io.kagami.scenario.measure.VrrpTimeline;
import java.util.List;
import java.util.Optional;

/**
 * The VRRP-timer drill: one HA router's keepalived instances on a bare LAN (no data plane) elect a
 * master, then the master fails (a crash acts on keepalived as SIGKILL) and a backup takes over. The master is found by running up to the fault first (the same
 * seed replays the same prefix), so the fault always hits whoever is master then.
 */
public final class KeepalivedFailover {

    /** The drill's settings; {@link #defaults()} is Neutron's keepalived on the seed's two network nodes. */
    public record Settings(HaRouter.Spec router, Fault fault, long faultAt, long until, int partitions, long seed) {
        public Settings {
            if (faultAt <= 0) {
                throw new IllegalArgumentException("the fault time must be after 0s, got " + VirtualTime.format(faultAt));
            }
            if (until <= faultAt) {
                throw new IllegalArgumentException("the run must end after the fault: until " + VirtualTime.format(until)
                        + " <= fault at " + VirtualTime.format(faultAt));
            }
        }

        public static Settings defaults() {
            return new Settings(HaRouter.Spec.neutronDefaults(), Fault.CRASH, 30 * VirtualTime.SECOND,
                    60 * VirtualTime.SECOND, 1, 1);
        }
    }

    /** What the drill found. {@code takeover} is empty when no backup became master before the end. */
    public record Report(Settings settings, String initialMaster, long masterSince, long expectedElection,
                         Optional<Takeover> takeover, List<LogLine> log, String digest) {}

    private KeepalivedFailover() {}

    public static Report run(Settings s) {
        try (Kernel kernel = Kernel.create(Math.min(s.partitions(), Runtime.getRuntime().availableProcessors()))) {
            return run(kernel, s);
        }
    }

    public static Report run(Kernel kernel, Settings s) {
        RunOptions options = RunOptions.defaults().withPartitions(s.partitions()).withSeed(s.seed()).withDigest(true);
        RunResult before = kernel.run(HaRouter.of(s.router()).model(), options.withUntil(s.faultAt() - 1));
        VrrpTimeline prefix = new VrrpTimeline(before.observations());
        List<String> masters = prefix.mastersBefore(s.faultAt());
        if (masters.size() != 1) {
            throw new IllegalArgumentException("at " + VirtualTime.format(s.faultAt()) + " there is "
                    + (masters.isEmpty() ? "no master yet" : "more than one master " + masters)
                    + ": choose a fault time after the election settles");
        }
        String master = masters.get(0);
        Signal signal = s.fault() == Fault.SIGTERM ? Signal.SIGTERM : Signal.SIGKILL;
        Model model = HaRouter.of(s.router()).signal(master, s.faultAt(), signal).model();
        RunResult result = kernel.run(model, options.withUntil(s.until()));
        VrrpTimeline timeline = new VrrpTimeline(result.observations());

        HaRouter.Node first = s.router().nodes().get(0);
        long expectedElection = first.startAt() + s.router().config(first).masterDownInterval(s.router().advertInterval());
        Optional<Takeover> takeover = timeline.firstMasterFrom(s.faultAt(), master)
                .map(c -> takeover(s, c.node(), c.time()));
        return new Report(s, master, timeline.masterSince(master, s.faultAt()).orElseThrow(), expectedElection,
                takeover, log(result.observations(), s, master), result.digest());
    }

    /**
     * keepalived's bounds (DOMAIN.md section 3): after a crash the backup's down timer runs out
     * Master_Down_Interval after the last advert reached it, between master_down - advert_int and
     * master_down after the fault; after SIGTERM, Skew_Time after the priority-0 advert. Both plus
     * the HA network's latency.
     */
    private static Takeover takeover(Settings s, String node, long at) {
        HaRouter.Spec r = s.router();
        VrrpConfig backup = r.config(r.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow());
        long masterDown = backup.masterDownInterval(r.advertInterval());
        long lo;
        long hi;
        if (s.fault() == Fault.SIGTERM) {
            lo = hi = backup.skewTime(r.advertInterval()) + r.latency();
        } else {
            lo = masterDown - r.advertInterval() + r.latency();
            hi = masterDown + r.latency();
        }
        return new Takeover(node, at, at - s.faultAt(), lo, hi);
    }

    private static List<LogLine> log(List<Observation> observations, Settings s, String master) {
        java.util.ArrayList<LogLine> lines = new java.util.ArrayList<>();
        boolean faultShown = false;
        for (Observation o : observations) {
            if (!faultShown && o.time() >= s.faultAt()) {
                lines.add(new LogLine(s.faultAt(), master, "FAULT: " + s.fault().description()));
                faultShown = true;
            }
            if (o.value() instanceof VrrpTransition || o.value() instanceof KeepalivedLog) {
                lines.add(new LogLine(o.time(), HaRouter.nodeOf(o.entity()), o.value().toString()));
            }
        }
        if (!faultShown) {
            lines.add(new LogLine(s.faultAt(), master, "FAULT: " + s.fault().description()));
        }
        return lines;
    }
}
