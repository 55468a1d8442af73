package io.kagami.scenario.builtin;

import static io.kagami.scenario.builtin.Formulas.ADVERT_INT;
import static io.kagami.scenario.builtin.Formulas.LATENCY;
import static io.kagami.scenario.builtin.Formulas.PRIORITY;
import static io.kagami.scenario.builtin.Formulas.S;
import static io.kagami.scenario.builtin.Formulas.SLACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ha-partition-heal: two masters per router while the HA network is cut, one again after it heals. */
@ExtendWith(SharedKernel.class)
class HaPartitionHealTest {
    private static final long FROM = 20 * S;
    private static final long UNTIL = 40 * S;
    private final Kernel kernel;

    HaPartitionHealTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void everyRouterHasTwoMastersUntilTheHealAndTheHigherHaAddressKeepsIt() throws Exception {
        ScenarioResult r = Formulas.run(kernel, Formulas.builtin("ha-partition-heal"));
        Formulas.assertPassed(r);
        long md = Formulas.masterDown(ADVERT_INT, PRIORITY);
        long length = UNTIL - FROM;
        for (SegmentResult s : r.segments()) {
            Formulas.assertCrashTakeover(ADVERT_INT, PRIORITY, s.takeoverNs(), s.router());
            Formulas.assertNear(Formulas.crashTakeover(FROM, ADVERT_INT, PRIORITY), s.takeoverNs(),
                    s.router() + " takeover, from the adverts' phase");
            // from the second master (master_down after the last advert before the cut) to the first
            // advert after the heal (within advert_int), and a reply's latency if the loser's came first
            Formulas.assertWithin(length - md, length - md + 2 * ADVERT_INT + 2 * (LATENCY + SLACK), s.splitBrainNs(),
                    s.router() + " split brain");
            assertTrue(s.splitBrainNs() > 0 && s.splitBrainNs() < length + ADVERT_INT, s.toString());
            // the old master advertises on its schedule; its first advert after the heal ends the split
            long firstAfterHeal = Formulas.lastAdvertBefore(UNTIL + ADVERT_INT + 1, ADVERT_INT, PRIORITY);
            long secondMaster = FROM + s.takeoverNs();
            Formulas.assertNear(firstAfterHeal + LATENCY - secondMaster, s.splitBrainNs(),
                    s.router() + " split brain, from the adverts' phase");
            // after the heal one master: equal priorities, the higher ha- address, which it was before
            assertEquals(s.masterBefore(), s.masterAfter(), "one master at the end: " + s);
            String other = s.masterBefore().equals("network-7") ? "network-8" : "network-7";
            assertEquals(1, Formulas.entering(r, s.router(), other, "BACKUP", UNTIL).size(),
                    "the second master steps down after the heal: " + s);
        }
    }
}
