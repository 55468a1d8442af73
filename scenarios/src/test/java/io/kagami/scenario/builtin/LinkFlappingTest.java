package io.kagami.scenario.builtin;

import static io.kagami.scenario.builtin.Formulas.ADVERT_INT;
import static io.kagami.scenario.builtin.Formulas.LATENCY;
import static io.kagami.scenario.builtin.Formulas.PRIORITY;
import static io.kagami.scenario.builtin.Formulas.S;
import static io.kagami.scenario.builtin.Formulas.SLACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * link-flapping: network-8's tunnel NIC down 5 s, up 5 s, from 20 s to 50 s. Each down spell cuts
 * the HA network for less than master_down (6.8 s), but the backup's timer runs from the last advert
 * it heard: it expires after the link is back and before the master's next advert, the backup
 * becomes master, its first advert reaches the old master (equal priority, higher address), which
 * answers at once, and the backup returns to BACKUP one round trip later.
 */
@ExtendWith(SharedKernel.class)
class LinkFlappingTest {
    private static final long FROM = 20 * S;
    private static final long UNTIL = 50 * S;
    private static final long PERIOD = 5 * S;
    private final Kernel kernel;

    LinkFlappingTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void eachDownSpellGivesABackupAMastershipOfOneRoundTrip() throws Exception {
        ScenarioResult r = Formulas.run(kernel, Formulas.builtin("link-flapping"));
        Formulas.assertPassed(r);
        long md = Formulas.masterDown(ADVERT_INT, PRIORITY);
        List<Long> downSpells = new ArrayList<>();
        for (long t = FROM; t < UNTIL; t += 2 * PERIOD) {
            downSpells.add(t);
        }
        assertEquals(List.of(20 * S, 30 * S, 40 * S), downSpells);
        for (SegmentResult s : r.segments()) {
            String backup = s.masterBefore().equals("network-7") ? "network-8" : "network-7";
            Formulas.assertCrashTakeover(ADVERT_INT, PRIORITY, s.takeoverNs(), s.router());
            List<Long> masters = Formulas.entering(r, s.router(), backup, "MASTER", FROM);
            List<Long> backups = Formulas.entering(r, s.router(), backup, "BACKUP", FROM);
            assertEquals(downSpells.size(), masters.size(), s.router() + " on " + backup + ": " + masters);
            assertEquals(downSpells.size(), backups.size(), s.router() + " on " + backup + ": " + backups);
            for (int i = 0; i < downSpells.size(); i++) {
                long down = downSpells.get(i);
                long expiry = Formulas.lastAdvertBefore(down, ADVERT_INT, PRIORITY) + LATENCY + md;
                assertTrue(expiry > down + PERIOD && expiry < Formulas.lastAdvertBefore(down + PERIOD + ADVERT_INT + 1,
                        ADVERT_INT, PRIORITY), "the timer expires after the link is back, before the next advert");
                Formulas.assertNear(expiry, masters.get(i), s.router() + " mastership " + i);
                Formulas.assertWithin(masters.get(i), masters.get(i) + 2 * (LATENCY + SLACK), backups.get(i),
                        s.router() + " back to BACKUP " + i);
            }
            assertTrue(s.splitBrainNs() > 0 && s.splitBrainNs() <= downSpells.size() * 2 * (LATENCY + SLACK),
                    s.toString());
            assertEquals(s.masterBefore(), s.masterAfter(), "every router ends on its first master: " + s);
            assertNull(s.agentReportNs(), "primary is acted on only after advert_int, by when it flipped back: " + s);
        }
    }
}
