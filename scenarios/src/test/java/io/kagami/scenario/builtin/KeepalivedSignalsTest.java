package io.kagami.scenario.builtin;

import static io.kagami.scenario.builtin.Formulas.ADVERT_INT;
import static io.kagami.scenario.builtin.Formulas.LATENCY;
import static io.kagami.scenario.builtin.Formulas.PRIORITY;
import static io.kagami.scenario.builtin.Formulas.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * keepalived-sigkill and keepalived-sigterm: router80's keepalived on its master, killed (no
 * priority-0 advert: the master-down timer) or stopped gracefully (a priority-0 advert: skew time).
 */
@ExtendWith(SharedKernel.class)
class KeepalivedSignalsTest {
    private static final long FAULT = 30 * S;
    private final Kernel kernel;

    KeepalivedSignalsTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void sigkillIsDetectedLikeACrash() throws Exception {
        ScenarioResult r = Formulas.run(kernel, Formulas.builtin("keepalived-sigkill"));
        Formulas.assertPassed(r);
        SegmentResult s80 = Formulas.segment(r, "router80");
        assertEquals("network-8", s80.masterBefore());
        assertEquals("network-7", s80.masterAfter());
        Formulas.assertCrashTakeover(ADVERT_INT, PRIORITY, s80.takeoverNs(), "router80");
        Formulas.assertNear(Formulas.crashTakeover(FAULT, ADVERT_INT, PRIORITY), s80.takeoverNs(),
                "router80 takeover, from the adverts' phase");
        assertEquals(0, s80.flowsBroken());
        theOtherRoutersKeepTheirMasters(r);
    }

    @Test
    void sigtermHandsOverAfterTheSkewTimeAlone() throws Exception {
        ScenarioResult r = Formulas.run(kernel, Formulas.builtin("keepalived-sigterm"));
        Formulas.assertPassed(r);
        SegmentResult s80 = Formulas.segment(r, "router80");
        assertEquals("network-8", s80.masterBefore());
        assertEquals("network-7", s80.masterAfter());
        // the priority-0 advert crosses the HA network, then the backup waits Skew_Time
        Formulas.assertNear(Formulas.skew(PRIORITY) + LATENCY, s80.takeoverNs(), "router80 takeover");
        assertTrue(s80.takeoverNs() < Formulas.masterDown(ADVERT_INT, PRIORITY) - ADVERT_INT,
                "faster than any crash can be detected");
        assertEquals(0, s80.flowsBroken());
        assertEquals(0, s80.splitBrainNs());
        theOtherRoutersKeepTheirMasters(r);
    }

    private static void theOtherRoutersKeepTheirMasters(ScenarioResult r) {
        for (String router : new String[] {"router81", "router82"}) {
            SegmentResult s = Formulas.segment(r, router);
            assertNull(s.takeoverNs(), s.toString());
            assertEquals(s.masterBefore(), s.masterAfter(), s.toString());
            assertEquals(0, s.probesLost(), s.toString());
        }
        assertEquals(1, r.distributions().get("takeover").count(), "router80 alone failed over");
    }
}
