package io.kagami.net.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.ovs.BridgeSnapshot;
import io.kagami.net.ovs.FdbEntry;
import io.kagami.net.ovs.Flow;
import io.kagami.net.ovs.NeutronFlows;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The floods a network node overhears (VRRP adverts and gratuitous ARPs on its project's HA network, and
 * broadcasts on the external network, from the routers it does not host) cost it no event, yet its views
 * show what it learned from them exactly as when it hears each one: the same cloud runs twice, once as it
 * is and once with a wire captured on every network node (which then hears every frame itself), and
 * br-tun's learned flows and the MAC tables of br-int and br-ex agree on the live nodes, before network-7
 * crashes, while its routers fail over, and once its routers' MACs have aged out.
 */
@ExtendWith(SharedKernel.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverheardFloodsTest {
    private static final long S = VirtualTime.SECOND;
    /** Before the crash, during the failover, and after the dead routers' flows (300 s) and MACs (300 s) expired. */
    private static final List<Long> TIMES = List.of(30 * S, 47 * S, 200 * S, 345 * S);
    private static final List<String> LIVE = List.of("network-8", "network-9");

    private final Kernel kernel;
    private Run overheard;
    private Run heard;

    OverheardFloodsTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** A run and its views at {@link #TIMES}. */
    private record Run(Cloud cloud, RunResult result, List<OperatorViews> views) {}

    @BeforeAll
    void runBothWays() {
        overheard = run(false);
        heard = run(true);
    }

    /**
     * Three network nodes, every router on two of them, one project: each advert reaches the router's
     * peer and the third node, which overhears it. network-7 crashes at 40 s.
     */
    private Run run(boolean captureEveryNetworkNode) {
        Cloud cloud = Cloud.build(CloudSpec.scaled(6, 3, 4, 254, 1));
        cloud.crashNode("network-7", 40 * S);
        if (captureEveryNetworkNode) {
            List.of("network-7", "network-8", "network-9").forEach(n -> cloud.fabric().capture(n + "/br-int", "patch-tun"));
        }
        List<ViewHandle> handles = TIMES.stream().map(t -> Views.at(cloud, t)).toList();
        RunResult result = kernel.run(cloud.model(), RunOptions.defaults().withUntil(350 * S));
        return new Run(cloud, result, handles.stream().map(h -> h.in(result)).toList());
    }

    @Test
    void learnedFlowsAndMacTablesAreTheSameAsWhenEveryAdvertIsHeard() {
        for (int i = 0; i < TIMES.size(); i++) {
            for (String node : LIVE) {
                String at = node + " at " + VirtualTime.format(TIMES.get(i));
                assertEquals(learnedFlows(heard, i, node), learnedFlows(overheard, i, node), "br-tun table 20 of " + at);
                assertEquals(heard.views.get(i).bridgeSnapshot(node, "br-int").fdb(),
                        overheard.views.get(i).bridgeSnapshot(node, "br-int").fdb(), "br-int's MAC table of " + at);
                assertEquals(heard.views.get(i).bridgeSnapshot(node, "br-ex").fdb(),
                        overheard.views.get(i).bridgeSnapshot(node, "br-ex").fdb(), "br-ex's MAC table of " + at);
            }
        }
    }

    @Test
    void theNodesKeepLearningTheMastersOfRoutersTheyDoNotHost() {
        OperatorViews at345s = overheard.views.get(TIMES.size() - 1);
        Map<MacAddress, String> notHere = haMacsOfMasters(at345s, "network-9");
        assertFalse(notHere.isEmpty(), "network-9 hosts every master");
        List<FdbEntry> fdb = at345s.bridgeSnapshot("network-9", "br-int").fdb();
        List<String> tunnels = learnedFlows(overheard, TIMES.size() - 1, "network-9");
        notHere.forEach((mac, router) -> {
            // refreshed by every advert (2 s)
            FdbEntry e = fdb.stream().filter(f -> f.mac().equals(mac)).findFirst().orElseThrow(
                    () -> new AssertionError("network-9's br-int has not learned the master of " + router));
            assertTrue(e.age() < 2 * S, router + "'s master was last seen " + VirtualTime.format(e.age()) + " ago");
            assertTrue(tunnels.stream().anyMatch(f -> f.contains("dl_dst=" + mac)),
                    "network-9's br-tun has no flow to the master of " + router + ": " + tunnels);
        });
    }

    /**
     * The gateways of the routers a node does not host reach its br-ex and br-int only as broadcasts on the
     * external network, which it overhears: their gratuitous ARPs at each transition to master and
     * garp_master_delay (60 s) later.
     */
    @Test
    void theProviderBridgeAndBrIntLearnTheGatewaysOfRoutersTheNodeDoesNotHost() {
        OperatorViews at30s = overheard.views.get(0);
        BridgeSnapshot brEx = at30s.bridgeSnapshot("network-9", "br-ex");
        BridgeSnapshot brInt = at30s.bridgeSnapshot("network-9", "br-int");
        int uplink = brEx.ports().stream().filter(p -> p.port().name().equals("eth2")).findFirst().orElseThrow()
                .port().ofport();
        int intBrEx = brInt.ports().stream().filter(p -> p.port().name().equals("int-br-ex")).findFirst()
                .orElseThrow().port().ofport();
        List<MacAddress> notHere = new ArrayList<>();
        for (CloudInventory.Router router : at30s.inventory().routers()) {
            if (!router.nodes().contains("network-9")) {
                notHere.add(router.instances().get(0).qgMac());
            }
        }
        assertFalse(notHere.isEmpty(), "network-9 hosts every router");
        for (MacAddress mac : notHere) {
            assertTrue(brEx.fdb().stream().anyMatch(e -> e.mac().equals(mac) && e.port() == uplink && e.age() < 30 * S),
                    "network-9's br-ex has not learned gateway " + mac + " on its uplink: " + brEx.fdb());
            assertTrue(brInt.fdb().stream().anyMatch(e -> e.mac().equals(mac) && e.port() == intBrEx && e.vlan() > 0),
                    "network-9's br-int has not learned gateway " + mac + " on int-br-ex: " + brInt.fdb());
        }
    }

    @Test
    void overheardFloodsCostNoEvents() {
        long fewer = heard.result.metrics().events() - overheard.result.metrics().events();
        // each of the 6 routers' master advertises every 2 s to one node that overhears it: 3 events each
        assertTrue(fewer > 6 * (350 / 2) * 3 / 2, "only " + fewer + " events fewer");
    }

    @Test
    void theDeadMastersMacsAgeOutOfTheViews() {
        Map<MacAddress, String> onNetwork7 = new TreeMap<>(haMacsOfMasters(overheard.views.get(0), "network-8"));
        onNetwork7.keySet().retainAll(haMacsOn(overheard.views.get(0), "network-7"));
        assertFalse(onNetwork7.isEmpty(), "network-7 masters none of the routers network-8 overhears");
        onNetwork7.forEach((mac, router) -> {
            assertTrue(macs(overheard, 2, "network-8").contains(mac), router + "'s dead master aged out before 300 s");
            assertFalse(macs(overheard, 3, "network-8").contains(mac), router + "'s dead master is still there after 300 s");
        });
    }

    private static List<MacAddress> macs(Run run, int view, String node) {
        return run.views.get(view).bridgeSnapshot(node, "br-int").fdb().stream().map(FdbEntry::mac).toList();
    }

    /** The MACs of the ha- ports on {@code node}. */
    private static List<MacAddress> haMacsOn(OperatorViews views, String node) {
        List<MacAddress> macs = new ArrayList<>();
        for (CloudInventory.Router router : views.inventory().routers()) {
            for (Cloud.RouterInstance instance : router.instances()) {
                if (instance.node().equals(node)) {
                    macs.add(haMac(views, instance));
                }
            }
        }
        return macs;
    }

    private static MacAddress haMac(OperatorViews views, Cloud.RouterInstance instance) {
        return views.namespaceSnapshot(instance.node(), instance.namespace()).links().stream()
                .filter(l -> l.name().equals(instance.ha())).findFirst().orElseThrow().mac();
    }

    @Test
    void theAccountDoesNotDependOnThePartitioning() {
        List<String> seen = new ArrayList<>();
        for (int partitions : new int[] {1, 2, 2}) {
            Cloud cloud = Cloud.build(CloudSpec.scaled(6, 3, 4, 254, 1));
            cloud.crashNode("network-7", 40 * S);
            ViewHandle at = Views.at(cloud, 60 * S);
            RunResult result = kernel.run(cloud.model(), RunOptions.defaults().withPartitions(partitions)
                    .withUntil(70 * S).withDigest(true));
            OperatorViews views = at.in(result);
            seen.add(result.digest() + " " + views.bridgeSnapshot("network-9", "br-int").fdb()
                    + " " + views.bridgeSnapshot("network-9", "br-tun").flows()
                    + " " + views.bridgeSnapshot("network-9", "br-ex").fdb());
        }
        assertEquals(seen.get(0), seen.get(1), "1 and 2 partitions");
        assertEquals(seen.get(1), seen.get(2), "2 partitions, twice");
    }

    /** The learned flows of br-tun (table 20) as dump-flows lines, with their ages. */
    private static List<String> learnedFlows(Run run, int view, String node) {
        BridgeSnapshot brTun = run.views.get(view).bridgeSnapshot(node, "br-tun");
        List<String> lines = new ArrayList<>();
        for (Flow f : brTun.flows(NeutronFlows.UCAST_TO_TUN)) {
            lines.add(f.toString() + " n=" + f.nPackets() + " duration=" + f.duration() + " idle=" + f.idleAge());
        }
        return lines;
    }

    /** The ha- MACs of the masters at the view's time of the routers {@code node} does not host, with their names. */
    private static Map<MacAddress, String> haMacsOfMasters(OperatorViews views, String node) {
        Map<MacAddress, String> macs = new TreeMap<>();
        for (CloudInventory.Router router : views.inventory().routers()) {
            if (router.nodes().contains(node)) {
                continue;
            }
            for (Cloud.RouterInstance instance : router.instances()) {
                // the master holds the VIP 169.254.0.<vrid> on its ha- port
                if (views.ipAddr(instance.node(), instance.namespace()).contains("169.254.0.")) {
                    macs.put(haMac(views, instance), router.name());
                }
            }
        }
        return macs;
    }
}
