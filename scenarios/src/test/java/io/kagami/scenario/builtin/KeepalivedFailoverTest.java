package io.kagami.scenario.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.keepalived.VrrpConfig;
import io.kagami.net.topology.HaRouter;
import io.kagami.scenario.builtin.KeepalivedFailover.Report;
import io.kagami.scenario.builtin.KeepalivedFailover.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The built-in drill's headline numbers against DOMAIN.md section 3's formulas. */
@ExtendWith(SharedKernel.class)
class KeepalivedFailoverTest {
    private final Kernel kernel;

    KeepalivedFailoverTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private static final HaRouter.Spec NEUTRON = HaRouter.Spec.neutronDefaults();
    private static final VrrpConfig CONFIG = NEUTRON.config(NEUTRON.nodes().get(0));
    private static final long ADVERT = NEUTRON.advertInterval();
    private static final long MASTER_DOWN = CONFIG.masterDownInterval(ADVERT);

    private static Settings settings(Fault fault, long faultAt, int partitions) {
        return new Settings(NEUTRON, fault, faultAt, 60 * VirtualTime.SECOND, partitions, 1);
    }

    @Test
    void theDefaultDrillElectsAfterMasterDownAndTakesOverWithinKeepalivedsBounds() {
        Report r = KeepalivedFailover.run(kernel, Settings.defaults());
        // 3 x advert_int + (256 - 50)/256 s = 6.804687 s (keepalived's microseconds)
        assertEquals(3 * ADVERT + (256 - 50) * 1_000_000L / 256 * 1000, r.masterSince());
        assertEquals(r.masterSince(), r.expectedElection());
        assertEquals("network-8", r.initialMaster(), "equal priorities: the higher ha- address wins");
        Takeover t = r.takeover().orElseThrow();
        assertEquals("network-7", t.node());
        assertTrue(t.withinBounds(), t.toString());
        assertEquals(MASTER_DOWN - ADVERT + NEUTRON.latency(), t.lowerBound());
        assertEquals(MASTER_DOWN + NEUTRON.latency(), t.upperBound());
        // adverts leave network-8 at 6.804687 s + 2k s: the last before 30 s is at 28.804687 s
        long lastAdvert = r.masterSince() + 11 * ADVERT;
        assertEquals(lastAdvert + NEUTRON.latency() + MASTER_DOWN, t.at());
    }

    @Test
    void sigtermTakeoverIsSkewTimeAfterThePriorityZeroAdvert() {
        Report r = KeepalivedFailover.run(kernel, settings(Fault.SIGTERM, 25 * VirtualTime.SECOND, 1));
        Takeover t = r.takeover().orElseThrow();
        assertEquals(CONFIG.skewTime(ADVERT) + NEUTRON.latency(), t.afterFault());
        assertTrue(t.withinBounds());
        assertTrue(r.log().stream().anyMatch(l -> l.line().equals("(VR_1) sent 0 priority")));
    }

    @Test
    void theReportIsTheSameOnOneAndTwoPartitions() {
        Report one = KeepalivedFailover.run(kernel, settings(Fault.CRASH, 30 * VirtualTime.SECOND, 1));
        Report two = KeepalivedFailover.run(kernel, settings(Fault.CRASH, 30 * VirtualTime.SECOND, 2));
        assertEquals(one.digest(), two.digest());
        assertEquals(one.log(), two.log());
        assertEquals(one.takeover(), two.takeover());
    }

    @Test
    void aFaultBeforeTheElectionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeepalivedFailover.run(kernel, settings(Fault.CRASH, 3 * VirtualTime.SECOND, 1)));
        assertTrue(e.getMessage().contains("no master yet"), e.getMessage());
    }
}
