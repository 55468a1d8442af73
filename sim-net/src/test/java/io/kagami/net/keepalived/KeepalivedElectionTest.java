package io.kagami.net.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.Model;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.keepalived.KeepalivedInstance.Signal;
import io.kagami.net.link.Lan;
import io.kagami.net.link.LanHost;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.topology.HaRouter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** keepalived's election and failover timing, checked against DOMAIN.md section 3's formulas. */
@ExtendWith(SharedKernel.class)
class KeepalivedElectionTest {
    private static final long SECOND = VirtualTime.SECOND;
    private static final long ADVERT = 2 * SECOND;
    private static final long LATENCY = 200 * VirtualTime.MICROSECOND;
    /** 3 x 2 s + (256 - 50) / 256 s in keepalived's microseconds. */
    private static final long MASTER_DOWN = 6 * SECOND + 804_687_000L;
    private static final long SKEW = 804_687_000L;

    private final Kernel kernel;

    KeepalivedElectionTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private static HaRouter.Spec spec(int version, long advert, boolean nopreempt, HaRouter.Node... nodes) {
        return new HaRouter.Spec(1, version, advert, nopreempt, LATENCY, List.of(nodes));
    }

    private static HaRouter.Node node(String name, int lastOctet, int priority, long startAt) {
        return new HaRouter.Node(name, Ipv4Address.of(169, 254, 192, lastOctet), priority, startAt);
    }

    private RunResult run(HaRouter router, long until) {
        return kernel.run(router.model(), RunOptions.defaults().withPartitions(2).withUntil(until));
    }

    /** Times at which {@code node} entered {@code state}. */
    private static List<Long> entered(RunResult r, String node, VrrpState state) {
        return r.observations().stream()
                .filter(o -> o.value() instanceof VrrpTransition t && t.state() == state)
                .filter(o -> HaRouter.nodeOf(o.entity()).equals(node))
                .map(Observation::time).toList();
    }

    private static HaRouter neutronPair() {
        return HaRouter.of(HaRouter.Spec.neutronDefaults());
    }

    @Test
    void bothStartInBackupInitAndTheHigherAddressWinsAtMasterDown() {
        RunResult r = run(neutronPair(), 20 * SECOND);
        List<String> lines = r.observations().stream().map(o -> o.value().toString()).toList();
        assertEquals("(VR_1) Entering BACKUP STATE (init)", lines.get(0));
        assertEquals("(VR_1) Entering BACKUP STATE (init)", lines.get(1));
        // Equal priorities, simultaneous start: both time out at 3 x advert_int + skew ...
        assertEquals(List.of(MASTER_DOWN), entered(r, "network-7", VrrpState.MASTER));
        assertEquals(List.of(MASTER_DOWN), entered(r, "network-8", VrrpState.MASTER));
        // ... and the lower address yields when the higher one's first advert arrives.
        assertEquals(List.of(0L, MASTER_DOWN + LATENCY), entered(r, "network-7", VrrpState.BACKUP));
        assertEquals(List.of(0L), entered(r, "network-8", VrrpState.BACKUP));
        assertTrue(lines.contains("(VR_1) Master received advert from 169.254.192.2 with same priority 50"
                + " but higher IP address than ours"), lines.toString());
    }

    @Test
    void aLaterStartedNodeDoesNotPreemptWithNopreempt() {
        HaRouter router = HaRouter.of(spec(2, ADVERT, true, node("network-7", 1, 50, 0),
                node("network-8", 2, 200, 3 * SECOND)));
        RunResult r = run(router, 40 * SECOND);
        assertEquals(List.of(MASTER_DOWN), entered(r, "network-7", VrrpState.MASTER));
        assertEquals(List.of(), entered(r, "network-8", VrrpState.MASTER));
    }

    @Test
    void withPreemptAHigherPriorityBackupIgnoresTheMasterAndTakesOver() {
        HaRouter router = HaRouter.of(spec(2, ADVERT, false, node("network-7", 1, 50, 0),
                node("network-8", 2, 200, 10 * SECOND)));
        RunResult r = run(router, 40 * SECOND);
        VrrpConfig high = router.spec().config(router.spec().nodes().get(1));
        long takeover = 10 * SECOND + high.masterDownInterval(ADVERT);
        assertEquals(List.of(takeover), entered(r, "network-8", VrrpState.MASTER));
        assertEquals(List.of(MASTER_DOWN), entered(r, "network-7", VrrpState.MASTER));
        assertEquals(List.of(0L, takeover + LATENCY), entered(r, "network-7", VrrpState.BACKUP));
    }

    @Test
    void simultaneousStartWithDifferentPrioritiesElectsTheHigherPriorityByItsShorterSkew() {
        HaRouter router = HaRouter.of(spec(2, ADVERT, true, node("network-7", 2, 100, 0),
                node("network-8", 1, 50, 0)));
        RunResult r = run(router, 30 * SECOND);
        VrrpConfig high = router.spec().config(router.spec().nodes().get(0));
        assertEquals(List.of(high.masterDownInterval(ADVERT)), entered(r, "network-7", VrrpState.MASTER));
        assertEquals(List.of(), entered(r, "network-8", VrrpState.MASTER));
    }

    /**
     * A crash (power off) at every phase of the advert cycle: the backup takes over Master_Down
     * after the last advert reached it, so between master_down - advert_int and master_down after
     * the fault (plus the HA network's latency).
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 250_000_000, 804_687_000, 804_687_001, 1_000_000_000, 1_999_999_999})
    void crashOfTheMasterIsDetectedWithinKeepalivedsBounds(long phase) {
        long firstAdvert = MASTER_DOWN; // network-8 is master, adverts at MASTER_DOWN + k x 2 s
        long fault = 20 * SECOND + phase;
        RunResult r = run(neutronPair().signal("network-8", fault, Signal.SIGKILL), 60 * SECOND);
        long lastAdvert = firstAdvert + (fault - firstAdvert - 1) / ADVERT * ADVERT; // the crash comes first at a tie
        List<Long> masters = entered(r, "network-7", VrrpState.MASTER);
        long takeover = masters.get(masters.size() - 1) - fault;
        assertEquals(lastAdvert + LATENCY + MASTER_DOWN - fault, takeover);
        assertTrue(takeover >= MASTER_DOWN - ADVERT + LATENCY && takeover <= MASTER_DOWN + LATENCY,
                "takeover " + VirtualTime.format(takeover));
    }

    @Test
    void gracefulStopSendsPriorityZeroAndTheBackupTakesOverAfterSkewTime() {
        long fault = 21 * SECOND;
        RunResult r = run(neutronPair().signal("network-8", fault, Signal.SIGTERM), 60 * SECOND);
        List<Long> masters = entered(r, "network-7", VrrpState.MASTER);
        assertEquals(fault + LATENCY + SKEW, masters.get(masters.size() - 1));
        assertEquals(List.of(fault), entered(r, "network-8", VrrpState.STOPPED));
        assertTrue(r.observations().stream().anyMatch(o -> o.time() == fault
                && o.value().toString().equals("(VR_1) sent 0 priority")));
    }

    @Test
    void aKilledBackupLeavesTheMasterAloneAndARestartedOneWaitsAsBackupInit() {
        RunResult r = run(neutronPair().signal("network-7", 20 * SECOND, Signal.SIGKILL)
                .signal("network-7", 25 * SECOND, Signal.START), 60 * SECOND);
        assertEquals(List.of(MASTER_DOWN), entered(r, "network-8", VrrpState.MASTER));
        assertEquals(List.of(0L, MASTER_DOWN + LATENCY, 25 * SECOND), entered(r, "network-7", VrrpState.BACKUP));
        assertEquals(List.of(MASTER_DOWN), entered(r, "network-7", VrrpState.MASTER));
    }

    @Test
    void v3TimersUseCentisecondsAndTheBackupAdoptsTheMastersInterval() {
        long half = 500 * VirtualTime.MILLISECOND;
        HaRouter router = HaRouter.of(spec(3, half, true, node("network-7", 1, 50, 0), node("network-8", 2, 50, 0)));
        VrrpConfig c = router.spec().config(router.spec().nodes().get(0));
        long masterDown = c.masterDownInterval(half);
        assertEquals(1_500_000_000L + 402_343_000L, masterDown);
        long fault = 10 * SECOND;
        RunResult r = run(router.signal("network-8", fault, Signal.SIGKILL), 30 * SECOND);
        assertEquals(masterDown, entered(r, "network-8", VrrpState.MASTER).get(0));
        long lastAdvert = masterDown + (fault - masterDown - 1) / half * half;
        List<Long> masters = entered(r, "network-7", VrrpState.MASTER);
        assertEquals(lastAdvert + LATENCY + masterDown, masters.get(masters.size() - 1));
    }

    @Test
    void v3BackupConfiguredSlowerFollowsAFasterMaster() {
        // network-8 (master, higher address) advertises every 1 s; network-7 is configured with 3 s.
        HaRouter.Spec fast = spec(3, SECOND, true, node("network-7", 1, 50, 0), node("network-8", 2, 50, 0));
        HaRouter.Spec slowBackup = spec(3, 3 * SECOND, true, node("network-7", 1, 50, 0), node("network-8", 2, 50, 0));
        VrrpConfig backup = slowBackup.config(slowBackup.nodes().get(0));
        VrrpConfig master = fast.config(fast.nodes().get(1));
        long fault = 30 * SECOND;
        RunResult r = kernel.run(mixed(slowBackup, backup, master, fault), RunOptions.defaults().withUntil(60 * SECOND));
        List<Long> masters = entered(r, "network-7", VrrpState.MASTER);
        long takeover = masters.get(masters.size() - 1) - fault;
        // Detected by the master's 1 s interval, not the configured 3 s.
        assertTrue(takeover <= backup.masterDownInterval(SECOND) + LATENCY, VirtualTime.format(takeover));
    }

    /** Two instances with different configurations on one HA network. */
    private static Model mixed(HaRouter.Spec spec, VrrpConfig a, VrrpConfig b, long crashB) {
        Model.Builder m = Model.builder();
        Lan lan = new Lan("ha", spec.latency());
        var ra = m.add("network-7/keepalived/VR_1", "network-7", () -> new KeepalivedInstance(a, new LanHost(lan)));
        var rb = m.add("network-8/keepalived/VR_1", "network-8", () -> new KeepalivedInstance(b, new LanHost(lan)));
        lan.attach(ra, KeepalivedInstance.Received::new);
        lan.attach(rb, KeepalivedInstance.Received::new);
        m.lookahead("network-7", "network-8", spec.latency());
        m.inject(0, ra, Signal.START).inject(0, rb, Signal.START).inject(crashB, rb, Signal.SIGKILL);
        return m.build();
    }

    @Test
    void trackedInterfaceDownSendsTheMasterToFaultAndTheBackupTakesOverAfterSkew() {
        long fault = 21 * SECOND;
        RunResult r = run(neutronPair()
                .trackedInterface("network-8", fault, KeepalivedInstance.TrackedInterface.DOWN)
                .trackedInterface("network-8", 30 * SECOND, KeepalivedInstance.TrackedInterface.UP), 60 * SECOND);
        assertEquals(List.of(fault), entered(r, "network-8", VrrpState.FAULT));
        List<Long> masters = entered(r, "network-7", VrrpState.MASTER);
        assertEquals(fault + LATENCY + SKEW, masters.get(masters.size() - 1));
        // Back up: BACKUP again, and nopreempt keeps network-7 master.
        assertEquals(List.of(0L, 30 * SECOND), entered(r, "network-8", VrrpState.BACKUP));
        assertEquals(List.of(MASTER_DOWN), entered(r, "network-8", VrrpState.MASTER));
    }

    @Test
    void theRunIsTheSameOnOneAndTwoPartitions() {
        HaRouter router = neutronPair().signal("network-8", 20 * SECOND, Signal.SIGKILL);
        RunResult one = kernel.run(router.model(), RunOptions.defaults().withUntil(60 * SECOND).withDigest(true));
        RunResult two = kernel.run(router.model(), RunOptions.defaults().withPartitions(2).withUntil(60 * SECOND)
                .withDigest(true));
        assertEquals(one.digest(), two.digest());
        assertEquals(one.observations(), two.observations());
    }
}
