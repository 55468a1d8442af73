package io.kagami.scenario.builtin;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.VirtualTime;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioLoader;
import io.kagami.scenario.result.AssertionResult;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import io.kagami.scenario.result.TimelineEvent;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * DOMAIN.md's timer formulas (sections 2 and 3) and what the library's tests share: the expected
 * numbers are computed here, never copied from a run.
 */
final class Formulas {
    static final long S = VirtualTime.SECOND;
    static final long MS = VirtualTime.MILLISECOND;
    static final long US = VirtualTime.MICROSECOND;
    /** Neutron's defaults: ha_vrrp_advert_int 2 s, priority 50 on every node. */
    static final long ADVERT_INT = 2 * S;
    static final int PRIORITY = 50;
    /**
     * One-way latency of the HA network between the two network nodes: timing.underlay_latency,
     * 100us; serialising a frame on the 10 Gbit/s tunnel NICs adds well under {@link #SLACK}.
     */
    static final long LATENCY = 100 * US;
    static final long SLACK = US;
    /** The L3 agent's defaults (docs/scenarios.md, timing): work to become primary, RPC latency. */
    static final long PRIMARY_WORK = 200 * MS;
    static final long RPC_LATENCY = MS;

    private Formulas() {}

    /** VRRPv2 Skew_Time = (256 - priority)/256 s, in keepalived's integer microseconds. */
    static long skew(int priority) {
        return (256L - priority) * 1_000_000 / 256 * US;
    }

    /** Master_Down_Interval = 3 x advert_int + Skew_Time. */
    static long masterDown(long advertInt, int priority) {
        return 3 * advertInt + skew(priority);
    }

    /**
     * When the master sent its last advert before {@code t}: every instance starts at 0 in BACKUP
     * (init) and waits the full master-down interval, so masters are elected at master_down and
     * advertise every advert_int from then on.
     */
    static long lastAdvertBefore(long t, long advertInt, int priority) {
        long first = masterDown(advertInt, priority);
        return first + (t - 1 - first) / advertInt * advertInt;
    }

    /**
     * A crash (no priority-0 advert) at {@code fault}, as the phase of the adverts gives it: the
     * backup's down timer runs master_down from the last advert it heard.
     */
    static long crashTakeover(long fault, long advertInt, int priority) {
        return lastAdvertBefore(fault, advertInt, priority) + LATENCY + masterDown(advertInt, priority) - fault;
    }

    static void assertWithin(long low, long high, Long value, String what) {
        assertNotNull(value, what + ": nothing measured");
        assertTrue(value >= low && value <= high, what + " " + VirtualTime.format(value) + " is not within ["
                + VirtualTime.format(low) + ", " + VirtualTime.format(high) + "]");
    }

    /**
     * A crash is detected between master_down - advert_int and master_down after the fault,
     * plus the HA network's latency (DOMAIN.md section 3).
     */
    static void assertCrashTakeover(long advertInt, int priority, Long takeover, String what) {
        long md = masterDown(advertInt, priority);
        assertWithin(md - advertInt + LATENCY, md + LATENCY + SLACK, takeover, what + " takeover");
    }

    static void assertNear(long expected, Long value, String what) {
        assertWithin(expected - SLACK, expected + SLACK, value, what);
    }

    static Scenario builtin(String name) throws Exception {
        return ScenarioLoader.loadBuiltin(name).orElseThrow(() -> new AssertionError("no built-in " + name));
    }

    static ScenarioResult run(Kernel kernel, Scenario s) {
        return io.kagami.scenario.run.ScenarioRunner.run(kernel, s, 1, Map.of());
    }

    /** The scenario's own assertions all hold. */
    static void assertPassed(ScenarioResult r) {
        assertTrue(r.passed(), r.scenario() + ": " + r.assertions().stream().filter(a -> !a.passed())
                .map(AssertionResult::message).collect(Collectors.joining("; ")));
    }

    static SegmentResult segment(ScenarioResult r, String router) {
        return r.segments().stream().filter(s -> s.router().equals(router)).findFirst()
                .orElseThrow(() -> new AssertionError("no segment of " + router));
    }

    /** The segments whose router was master on {@code node} before the first fault. */
    static List<SegmentResult> masteredBy(ScenarioResult r, String node) {
        return r.segments().stream().filter(s -> node.equals(s.masterBefore())).toList();
    }

    /** When {@code node}'s keepalived of {@code router} logged entering {@code state} (MASTER, BACKUP) after {@code from}. */
    static List<Long> entering(ScenarioResult r, String router, String node, String state, long from) {
        return r.timeline().stream().filter(e -> e.kind().equals(TimelineEvent.STATE) && e.node().equals(node)
                        && e.time() >= from && e.text().startsWith(router + " ")
                        && e.text().endsWith("Entering " + state + " STATE"))
                .map(TimelineEvent::time).toList();
    }

    /** A copy of {@code s} with other assertions (for variants whose expectations differ). */
    static Scenario withAssertions(Scenario s, List<String> assertions) {
        return new Scenario(s.name(), s.description(), s.seed(), s.duration(), s.topology(), s.startup(), s.probes(), s.faults(),
                assertions, s.sweep());
    }
}
