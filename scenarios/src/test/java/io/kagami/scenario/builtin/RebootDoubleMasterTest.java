package io.kagami.scenario.builtin;

import static io.kagami.scenario.builtin.Formulas.ADVERT_INT;
import static io.kagami.scenario.builtin.Formulas.LATENCY;
import static io.kagami.scenario.builtin.Formulas.PRIORITY;
import static io.kagami.scenario.builtin.Formulas.S;
import static io.kagami.scenario.builtin.Formulas.SLACK;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.Sweep;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * reboot-double-master: the L3 agent (which starts keepalived) before the OVS agent (which wires the
 * ha- ports) gives a second master for the gap; the OVS agent first gives none.
 */
@ExtendWith(SharedKernel.class)
class RebootDoubleMasterTest {
    private static final long CRASH = 20 * S;
    private static final long BOOT = 40 * S;
    private static final long L3_AGENT = 5 * S;
    private static final long OVS_AGENT = 15 * S;
    private final Kernel kernel;

    RebootDoubleMasterTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void keepalivedOnAnUnwiredHaPortBecomesASecondMasterUntilTheWiring() throws Exception {
        Scenario scenario = Formulas.builtin("reboot-double-master");
        ScenarioResult r = Formulas.run(kernel, scenario);
        Formulas.assertPassed(r);
        long md = Formulas.masterDown(ADVERT_INT, PRIORITY);
        for (SegmentResult s : r.segments()) {
            if (s.masterBefore().equals("network-8")) {
                // the crash: network-7 takes over on its timers
                Formulas.assertCrashTakeover(ADVERT_INT, PRIORITY, s.takeoverNs(), s.router());
                Formulas.assertNear(Formulas.crashTakeover(CRASH, ADVERT_INT, PRIORITY), s.takeoverNs(), s.router());
            }
            // keepalived starts in BACKUP (init) when the L3 agent does and hears nothing for master_down
            long second = BOOT + L3_AGENT + md;
            assertEquals(List.of(second), Formulas.entering(r, s.router(), "network-8", "MASTER", BOOT), s.router());
            // the wiring lets the adverts through: the first one (within advert_int, a reply's latency
            // more if the loser's came first) ends the split brain
            long wired = BOOT + OVS_AGENT;
            Formulas.assertWithin(wired - second, wired - second + ADVERT_INT + 2 * (LATENCY + SLACK), s.splitBrainNs(),
                    s.router() + " split brain");
            // then the higher ha- address is master again, as before the crash
            assertEquals(s.masterBefore(), s.masterAfter(), s.toString());
        }
    }

    @Test
    void withTheOvsAgentFirstTheRebootedNodeJoinsAsBackup() throws Exception {
        Scenario clean = Formulas.withAssertions(Sweep.apply(Formulas.builtin("reboot-double-master"), Map.of(
                "faults[0].l3_agent_delay", "15s", "faults[0].ovs_agent_delay", "5s")), List.of("each split_brain == 0s"));
        ScenarioResult r = Formulas.run(kernel, clean);
        Formulas.assertPassed(r);
        for (SegmentResult s : r.segments()) {
            assertEquals(0, s.splitBrainNs(), s.toString());
            // BACKUP (init) hears network-7's adverts; nopreempt: it stays backup
            assertEquals(List.of(), Formulas.entering(r, s.router(), "network-8", "MASTER", BOOT), s.router());
            assertEquals("network-7", s.masterAfter(), s.toString());
        }
    }
}
