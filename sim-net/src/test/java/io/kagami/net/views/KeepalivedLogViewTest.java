package io.kagami.net.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.RunOptions;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * router80's keepalived log on both network nodes of the seed. Both instances start in
 * "BACKUP (init)" at 0 and wait the master-down interval, 3 x 2 s + (256 - 50)/256 s = 6.8047 s
 * (DOMAIN.md section 3), both become MASTER then, and network-7 (the lower ha- address) goes back
 * to BACKUP on network-8's advert.
 */
@ExtendWith(SharedKernel.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeepalivedLogViewTest {
    private static final long S = VirtualTime.SECOND;
    private static final long MS = VirtualTime.MILLISECOND;
    private final Kernel kernel;
    private String routerId;
    private OperatorViews beforeMasterDown;
    private OperatorViews afterMasterDown;
    private OperatorViews at20s;

    KeepalivedLogViewTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @BeforeAll
    void runTheSeed() {
        Cloud cloud = Cloud.build(CloudSpec.seed());
        ViewHandle a = Views.at(cloud, 6804 * MS);
        ViewHandle b = Views.at(cloud, 6806 * MS);
        ViewHandle c = Views.at(cloud, 20 * S);
        var run = kernel.run(cloud.model(), RunOptions.defaults().withUntil(25 * S));
        beforeMasterDown = a.in(run);
        afterMasterDown = b.in(run);
        at20s = c.in(run);
        routerId = at20s.inventory().router("router80").id();
    }

    private String prefix(String node, String clock) {
        return "Nov 15 " + clock + " " + node + " Keepalived_vrrp[" + KeepalivedSyslog.pid(node, routerId) + "]: ";
    }

    private static List<String> stateLines(String log) {
        return log.lines().filter(l -> l.contains(" Entering ")).toList();
    }

    @Test
    void theBackupLogsInitThenMasterThenBackup() {
        String log = at20s.keepalivedLog("network-7", "router80");
        assertEquals(List.of(
                prefix("network-7", "00:00:00") + "(VR_1) Entering BACKUP STATE (init)",
                prefix("network-7", "00:00:06") + "(VR_1) Entering MASTER STATE",
                prefix("network-7", "00:00:06") + "(VR_1) Entering BACKUP STATE"), stateLines(log));
        log.lines().forEach(l -> assertTrue(l.startsWith(prefix("network-7", "00:00:00"))
                || l.startsWith(prefix("network-7", "00:00:06")), l));
        assertTrue(log.endsWith("(VR_1) Entering BACKUP STATE\n"), log);
    }

    @Test
    void theMasterLogsInitThenMaster() {
        String log = at20s.keepalivedLog("network-8", "router80");
        assertEquals(List.of(
                prefix("network-8", "00:00:00") + "(VR_1) Entering BACKUP STATE (init)",
                prefix("network-8", "00:00:06") + "(VR_1) Entering MASTER STATE"), stateLines(log));
        assertEquals(log, at20s.keepalivedLog("network-8", routerId), "by uuid as by name");
    }

    @Test
    void theLogStopsAtTheViewsTimeAndMasterComesAtTheMasterDownInterval() {
        for (String node : List.of("network-7", "network-8")) {
            assertEquals(prefix(node, "00:00:00") + "(VR_1) Entering BACKUP STATE (init)\n",
                    beforeMasterDown.keepalivedLog(node, "router80"), node + " at 6.804 s");
            assertTrue(afterMasterDown.keepalivedLog(node, "router80").contains(
                    prefix(node, "00:00:06") + "(VR_1) Entering MASTER STATE\n"), node + " at 6.806 s");
        }
    }

    @Test
    void eachRoutersKeepalivedHasItsOwnInstanceAndPid() {
        String r81 = at20s.keepalivedLog("network-7", "router81");
        assertTrue(r81.startsWith("Nov 15 00:00:00 network-7 Keepalived_vrrp[" + KeepalivedSyslog.pid("network-7",
                at20s.inventory().router("router81").id()) + "]: (VR_2) Entering BACKUP STATE (init)\n"), r81);
        assertFalse(r81.contains("(VR_1)"), r81);
    }
}
