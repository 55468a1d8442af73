package io.kagami.net.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.apps.Outage;
import io.kagami.net.apps.SshClient;
import io.kagami.net.keepalived.KeepalivedInstance;
import io.kagami.net.keepalived.VrrpState;
import io.kagami.net.keepalived.VrrpTransition;
import io.kagami.net.netns.NamespaceCommand;
import io.kagami.net.topology.CloudSpec.KeepalivedSettings;
import io.kagami.net.topology.CloudSpec.Segment;
import io.kagami.net.views.OperatorViews;
import io.kagami.net.views.ViewHandle;
import io.kagami.net.views.Views;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How the data path moves in a failover (DOMAIN.md section 4), and per-router keepalived settings. */
@ExtendWith(SharedKernel.class)
class FailoverPathTest {
    private static final long S = VirtualTime.SECOND;
    private static final long MASTER_DOWN = 6 * S + 804_687_000L;
    private final Kernel kernel;

    FailoverPathTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private static String session(Cloud cloud, Segment seg, int port) {
        SshClient.Settings settings = SshClient.Settings.defaults().withSourcePort(port).withStartAt(10 * S);
        return cloud.addApp(cloud.client(), "ssh-" + seg.name(),
                ns -> new SshClient(ns, Cloud.CLIENT, seg.vms().get(0).floatingIp(), settings),
                ref -> SshClient.socket(ref, settings)).name();
    }

    private static long lastMaster(RunResult r, Cloud.RouterInstance ri) {
        List<Long> t = r.observations().stream().filter(o -> o.entity().equals(ri.device().ref().name() + "/keepalived")
                && o.value() instanceof VrrpTransition v && v.state() == VrrpState.MASTER).map(Observation::time).toList();
        return t.isEmpty() ? -1 : t.get(t.size() - 1);
    }

    @Test
    void theGarpsRepointTunnelLearningAndTheOutageIsMeasuredPerSegment() {
        Cloud cloud = Cloud.build(CloudSpec.seed());
        Segment s80 = cloud.spec().segments().get(0);
        String ssh = session(cloud, s80, 40000);
        long crash = 30 * S;
        cloud.crashNode("network-8", crash);
        ViewHandle before = Views.at(cloud, 29 * S);
        ViewHandle after = Views.at(cloud, 45 * S);
        var externalSwitch = cloud.externalSwitches().get(s80.externalNetwork());
        cloud.builder().inject(29 * S, externalSwitch.ref(), new io.kagami.net.ovs.OvsCommand.Snapshot())
                .inject(45 * S, externalSwitch.ref(), new io.kagami.net.ovs.OvsCommand.Snapshot());
        RunResult r = kernel.run(cloud.model(), RunOptions.defaults().withPartitions(2).withUntil(50 * S));

        // the external switch learned the router's qg- MAC (the same on both nodes) on network-8's
        // uplink, and the new master's GARPs move it to network-7's
        List<io.kagami.net.ovs.BridgeSnapshot> switchViews = r.observations().stream()
                .filter(o -> o.value() instanceof io.kagami.net.ovs.BridgeSnapshot b && o.entity().equals(
                        externalSwitch.ref().name())).map(o -> (io.kagami.net.ovs.BridgeSnapshot) o.value()).toList();
        assertEquals(2, switchViews.size());
        assertEquals("uplink-network-8", qgPort(switchViews.get(0), cloud, s80));
        assertEquals("uplink-network-7", qgPort(switchViews.get(1), cloud, s80));

        // compute-3 hosts vm80: its br-tun learned the router's qr- MAC behind network-8's tunnel ...
        String qrMac = "dl_dst=";
        OperatorViews b = before.in(r);
        OperatorViews a = after.in(r);
        String learnedBefore = learned(b.dumpFlows("compute-3", "br-tun"));
        String learnedAfter = learned(a.dumpFlows("compute-3", "br-tun"));
        assertTrue(learnedBefore.contains("vxlan-0a000008"), learnedBefore);
        // ... and after the new master's gratuitous ARPs flooded through table 22, behind network-7's
        assertTrue(learnedAfter.contains("vxlan-0a000007"), learnedAfter);
        assertTrue(learnedAfter.contains(qrMac));

        // the session's outage: from its last echo before the crash to its first after; the SSH
        // client's retransmissions back off, so it ends at the first retransmission after the takeover
        Cloud.RouterInstance survivor = cloud.routers().stream()
                .filter(ri -> ri.segment() == s80 && ri.node().equals("network-7")).findFirst().orElseThrow();
        long takeover = lastMaster(r, survivor);
        assertTrue(takeover - crash >= MASTER_DOWN - 2 * S && takeover - crash <= MASTER_DOWN + VirtualTime.MILLISECOND);
        Outage outage = Outage.around(r.observations(), ssh, crash);
        assertTrue(outage.recovered(), outage.toString());
        assertTrue(outage.firstAnswerAfter() > takeover, outage.toString());
        assertTrue(outage.duration() > takeover - crash && outage.duration() < 2 * (takeover - crash) + 2 * S,
                outage + " takeover " + VirtualTime.format(takeover - crash));
    }

    /** The switch port its FDB holds the segment's qg- MAC on. */
    private static String qgPort(io.kagami.net.ovs.BridgeSnapshot sw, Cloud cloud, Segment seg) {
        Cloud.RouterInstance ri = cloud.routers().stream().filter(x -> x.segment() == seg).findFirst().orElseThrow();
        int port = sw.fdb().stream().filter(e -> e.mac().equals(ri.qgMac())).findFirst().orElseThrow().port();
        return sw.ports().stream().filter(p -> p.port().ofport() == port).findFirst().orElseThrow().port().name();
    }

    private static String learned(String dumpFlows) {
        return String.join("\n", dumpFlows.lines().filter(l -> l.contains("table=20") && l.contains("hard_timeout=300"))
                .toList());
    }

    @Test
    void theHaInterfaceGoingDownSendsTheMasterToFaultAndTheBackupTakesOver() {
        Cloud cloud = Cloud.build(CloudSpec.seed());
        Cloud.RouterInstance master = cloud.routers().stream()
                .filter(ri -> ri.segment().router().equals("router80") && ri.node().equals("network-8")).findFirst()
                .orElseThrow();
        cloud.builder().inject(20 * S, master.device().ref(), new NamespaceCommand.SetInterfaceUp(master.ha(), false))
                .inject(20 * S, master.keepalived(), KeepalivedInstance.TrackedInterface.DOWN);
        RunResult r = kernel.run(cloud.model(), RunOptions.defaults().withUntil(40 * S));
        assertTrue(r.observations().stream().anyMatch(o -> o.entity().equals(master.device().ref().name() + "/keepalived")
                && o.value() instanceof VrrpTransition t && t.state() == VrrpState.FAULT && o.time() == 20 * S));
        Cloud.RouterInstance backup = cloud.routers().stream()
                .filter(ri -> ri.segment().router().equals("router80") && ri.node().equals("network-7")).findFirst()
                .orElseThrow();
        // FAULT sends a priority-0 advert first... but ha- is already down: so it is lost, and the
        // backup waits the full master-down interval after the last advert it heard
        long takeover = lastMaster(r, backup);
        assertTrue(takeover > 20 * S && takeover - 20 * S <= MASTER_DOWN + VirtualTime.MILLISECOND,
                VirtualTime.format(takeover));
    }

    @Test
    void keepalivedSettingsCanBeGivenPerRouter() {
        KeepalivedSettings fast = new KeepalivedSettings(3, 500 * VirtualTime.MILLISECOND, 50, true, 5,
                60 * S);
        Cloud cloud = Cloud.build(CloudSpec.seed().withRouterKeepalived("router81", fast));
        RunResult r = kernel.run(cloud.model(), RunOptions.defaults().withUntil(10 * S));
        for (Cloud.RouterInstance ri : cloud.routers()) {
            long m = lastMaster(r, ri);
            if (m < 0) {
                continue;
            }
            if (ri.segment().router().equals("router81")) {
                // v3, 50 cs: 3 x 0.5 s + (206 x 50 cs x 625 / 16) us = 1.902343 s
                assertEquals(1_902_343_000L, m, ri.toString());
            } else {
                assertEquals(MASTER_DOWN, m, ri.toString());
            }
        }
        assertFalse(r.observations().isEmpty());
    }
}
