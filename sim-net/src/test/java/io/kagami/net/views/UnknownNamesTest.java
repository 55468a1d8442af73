package io.kagami.net.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.topology.NeutronIds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an operator gets for a name that does not exist, or for a view that was not asked for. */
@ExtendWith(SharedKernel.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnknownNamesTest {
    private static final long MS = VirtualTime.MILLISECOND;
    private final Kernel kernel;
    private Cloud cloud;
    private RunResult run;
    private OperatorViews views;
    private ViewHandle afterTheEnd;

    UnknownNamesTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @BeforeAll
    void runBriefly() {
        cloud = Cloud.build(CloudSpec.seed());
        ViewHandle h = ViewRequest.at(500 * MS).onNodes("network-7").inject(cloud);
        afterTheEnd = Views.at(cloud, 2000 * MS);
        run = kernel.run(cloud.model(), RunOptions.defaults().withUntil(1000 * MS));
        views = h.in(run);
    }

    private static String message(Class<? extends RuntimeException> type, Runnable call) {
        return assertThrows(type, call::run).getMessage();
    }

    @Test
    void anUnknownNodeListsTheNodes() {
        String m = message(IllegalArgumentException.class, () -> views.ipNetns("network-9"));
        assertEquals("unknown node 'network-9': nodes are controller-1, controller-2, compute-3, compute-4, compute-5,"
                + " compute-6, network-7, network-8", m);
        assertTrue(message(IllegalArgumentException.class, () -> views.ovsVsctlShow("network-9"))
                .startsWith("unknown node 'network-9': "));
        assertTrue(message(IllegalArgumentException.class, () -> views.keepalivedLog("network-9", "router80"))
                .startsWith("unknown node 'network-9': "));
    }

    @Test
    void anUnknownNamespaceListsTheNodesNamespaces() {
        String m = message(IllegalArgumentException.class, () -> views.ipAddr("network-7", "qrouter-nope"));
        assertTrue(m.startsWith("unknown namespace 'qrouter-nope': network-7's namespaces are qrouter-"
                + NeutronIds.uuid("router", "router80") + ", qdhcp-" + NeutronIds.uuid("network", "vxlan-net80")
                + ", qrouter-"), m);
        assertEquals("unknown namespace 'qrouter-nope': compute-3 has no network namespaces",
                message(IllegalArgumentException.class, () -> views.ipAddr("compute-3", "qrouter-nope")));
    }

    @Test
    void anUnknownBridgeListsTheNodesBridges() {
        assertEquals("unknown bridge 'br-foo': network-7's bridges are br-ex, br-ex2, br-ex3, br-int, br-tun",
                message(IllegalArgumentException.class, () -> views.dumpFlows("network-7", "br-foo")));
        assertEquals("unknown bridge 'br-ex': compute-3's bridges are br-int, br-tun",
                message(IllegalArgumentException.class, () -> views.dumpFlows("compute-3", "br-ex")));
        String m = message(IllegalArgumentException.class, () -> views.ovsVsctlShow("controller-1"));
        assertTrue(m.startsWith("node 'controller-1' runs no Open vSwitch (it is a controller node): nodes with"
                + " bridges are "), m);
    }

    @Test
    void anUnknownRouterListsTheRoutersWithTheirIds() {
        String m = message(IllegalArgumentException.class, () -> views.agentListForRouter("router99"));
        assertEquals("unknown router 'router99': routers are router80 (" + NeutronIds.uuid("router", "router80")
                + "), router81 (" + NeutronIds.uuid("router", "router81") + "), router82 ("
                + NeutronIds.uuid("router", "router82") + ")", m);
        assertTrue(message(IllegalArgumentException.class, () -> views.keepalivedLog("network-7", "router99"))
                .startsWith("unknown router 'router99': routers are router80 ("));
        assertEquals("router 'router80' is not on node 'compute-3': it is hosted on network-7, network-8",
                message(IllegalArgumentException.class, () -> views.keepalivedLog("compute-3", "router80")));
    }

    @Test
    void aNodeOutsideTheRequestOrATimeTheRunNeverReachedIsAnIllegalState() {
        String m = message(IllegalStateException.class, () -> views.ovsVsctlShow("network-8"));
        assertTrue(m.startsWith("node 'network-8' was not in the view request (views at 0.5s of network-7)"), m);
        String ns = "qrouter-" + NeutronIds.uuid("router", "router80");
        String late = message(IllegalStateException.class, () -> afterTheEnd.in(run).ipAddr("network-7", ns));
        assertEquals("no snapshot of network-7/" + ns + " at 2s: the run ended at 1s, not after the view's time", late);
    }

    @Test
    void aBadRequestIsRefusedBeforeTheRun() {
        assertTrue(message(IllegalArgumentException.class, () -> ViewRequest.at(-1)).contains(">= 0"));
        Cloud other = Cloud.build(CloudSpec.seed());
        assertTrue(message(IllegalArgumentException.class, () -> ViewRequest.at(0).onNodes("network-9").inject(other))
                .startsWith("unknown node 'network-9': "));
        assertTrue(message(IllegalArgumentException.class, () -> ViewRequest.at(0).onNodes("controller-1")
                .inject(other)).startsWith("node 'controller-1' runs no Open vSwitch"));
    }

    @Test
    void theViewsWithinTheRequestStillRender() {
        assertTrue(views.ovsVsctlShow("network-7").contains("    Bridge br-tun\n"));
        assertTrue(views.keepalivedLog("network-8", "router80").contains("(VR_1) Entering BACKUP STATE (init)"),
                "keepalived's log needs no snapshot");
    }
}
