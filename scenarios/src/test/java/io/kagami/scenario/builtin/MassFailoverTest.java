package io.kagami.scenario.builtin;

import static io.kagami.scenario.builtin.Formulas.ADVERT_INT;
import static io.kagami.scenario.builtin.Formulas.PRIMARY_WORK;
import static io.kagami.scenario.builtin.Formulas.PRIORITY;
import static io.kagami.scenario.builtin.Formulas.RPC_LATENCY;
import static io.kagami.scenario.builtin.Formulas.SLACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.file.Dur;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.result.Distribution;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * mass-failover-1000, run as the library has it: 1,000 routers, the node with half of their masters
 * powers off, and the surviving L3 agent's 32 workers queue the 500 transitions. It checks the
 * file's promises (sizes and the agent's timings), that every router network-7 was master of fails
 * over as a crash predicts, and that the agent_report distribution is that of a queue of
 * ceil(n / workers) rounds of l3_agent_primary_work after the agent's advert_int sleep.
 */
@ExtendWith(SharedKernel.class)
class MassFailoverTest {
    private static final int SEGMENTS = 1000;
    private static final int WORKERS = 32;
    private final Kernel kernel;

    MassFailoverTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void theThousandSegmentScenarioPromisesItsSizes() throws Exception {
        Scenario s = Formulas.builtin("mass-failover-1000");
        assertEquals(SEGMENTS, s.topology().segments());
        assertEquals(WORKERS, s.topology().timing().l3AgentWorkers());
        assertEquals(Dur.parse("200ms"), s.topology().timing().l3AgentPrimaryWork());
        assertEquals(Dur.parse("100ms"), s.topology().timing().l3AgentBackupWork());
        assertEquals(List.of("node_crash"), s.faults().stream().map(Scenario.Fault::kind).toList());
    }

    @Test
    void theAgentReportsQueueBehindItsWorkers() throws Exception {
        ScenarioResult r = Formulas.run(kernel, Formulas.builtin("mass-failover-1000"));
        Formulas.assertPassed(r);
        assertEquals(SEGMENTS, r.segments().size());
        List<SegmentResult> failedOver = r.segments().stream().filter(s -> s.takeoverNs() != null).toList();
        int n = failedOver.size();
        // masters alternate between the nodes (the higher ha- address); on a tie "master" is network-7
        assertEquals(SEGMENTS / 2, n);
        assertEquals(failedOver, Formulas.masteredBy(r, "network-7"), "every router network-7 was master of");
        assertTrue(n > 2 * WORKERS, n + " transitions for " + WORKERS + " workers");
        for (SegmentResult s : failedOver) {
            Formulas.assertCrashTakeover(ADVERT_INT, PRIORITY, s.takeoverNs(), s.router());
        }

        Distribution takeover = r.distributions().get("takeover");
        Distribution report = r.distributions().get("agent_report");
        assertEquals(n, report.count(), "every new master is reported");
        assertTrue(report.p99() > report.p50(), "the reports spread with the queue: " + report);
        // the agent sleeps advert_int, then works off ceil(n / workers) rounds of primary work; what it
        // has done goes to neutron-server at once, then at most once per advert_int
        long rounds = (n + WORKERS - 1) / WORKERS;
        long first = takeover.min() + ADVERT_INT + PRIMARY_WORK + RPC_LATENCY;
        Formulas.assertNear(first, report.min(), "the first report");
        long lastDone = takeover.min() + ADVERT_INT + rounds * PRIMARY_WORK;
        Formulas.assertWithin(lastDone + RPC_LATENCY - SLACK, takeover.max() + ADVERT_INT + rounds * PRIMARY_WORK
                + ADVERT_INT + RPC_LATENCY + SLACK, report.max(), "the last report");
    }
}
