package io.kagami.scenario.builtin;

import static io.kagami.scenario.builtin.Formulas.ADVERT_INT;
import static io.kagami.scenario.builtin.Formulas.PRIMARY_WORK;
import static io.kagami.scenario.builtin.Formulas.PRIORITY;
import static io.kagami.scenario.builtin.Formulas.RPC_LATENCY;
import static io.kagami.scenario.builtin.Formulas.S;
import static io.kagami.scenario.builtin.Formulas.SLACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** master-node-crash: the busiest network node powers off; its routers fail over on keepalived's timers. */
@ExtendWith(SharedKernel.class)
class MasterNodeCrashTest {
    private static final long CRASH = 30 * S;
    private final Kernel kernel;

    MasterNodeCrashTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void theBusiestNodesRoutersFailOverWithinTheMasterDownIntervalAndSessionsSurvive() throws Exception {
        ScenarioResult r = Formulas.run(kernel, Formulas.builtin("master-node-crash"));
        Formulas.assertPassed(r);
        assertEquals(3, r.segments().size());
        // "master": the network node hosting the most masters; equal priorities give each router to the
        // higher ha- address, two of the three on network-8
        List<SegmentResult> hit = Formulas.masteredBy(r, "network-8");
        assertEquals(List.of("router80", "router82"), hit.stream().map(SegmentResult::router).toList());
        for (SegmentResult s : hit) {
            assertTrue(s.affected(), s.toString());
            assertEquals("network-7", s.masterAfter(), s.toString());
            Formulas.assertCrashTakeover(ADVERT_INT, PRIORITY, s.takeoverNs(), s.router());
            Formulas.assertNear(Formulas.crashTakeover(CRASH, ADVERT_INT, PRIORITY), s.takeoverNs(),
                    s.router() + " takeover, from the adverts' phase");
            assertEquals(0, s.flowsBroken(), "the floating IP's DNAT is 1:1: " + s);
            assertEquals(0, s.splitBrainNs(), s.toString());
            assertTrue(s.outageNs() > s.takeoverNs(), "the session resumes after the takeover: " + s);
            // the L3 agent sleeps advert_int before acting on primary, works, and reports over RPC; the
            // second router of the burst waits for the next batch, advert_int later at most
            long report = s.takeoverNs() + ADVERT_INT + PRIMARY_WORK + RPC_LATENCY;
            Formulas.assertWithin(report - SLACK, report + ADVERT_INT + SLACK, s.agentReportNs(),
                    s.router() + " agent report");
        }
        Formulas.assertNear(r.distributions().get("takeover").min() + ADVERT_INT + PRIMARY_WORK + RPC_LATENCY,
                r.distributions().get("agent_report").min(), "the first report goes out at once");
        SegmentResult untouched = Formulas.segment(r, "router81");
        assertFalse(untouched.affected(), untouched.toString());
        assertNull(untouched.takeoverNs());
        assertEquals("network-7", untouched.masterAfter());
        assertEquals(0, untouched.probesLost());
    }
}
