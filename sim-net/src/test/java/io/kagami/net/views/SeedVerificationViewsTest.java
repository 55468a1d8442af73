package io.kagami.net.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.RunOptions;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.netns.NamespaceSnapshot;
import io.kagami.net.neutron.AgentListView;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.topology.NeutronIds;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's verification steps 1-3 (DOMAIN.md section 1) as an operator would run them on the twin
 * 20 s into the seed deployment: the agent list, {@code ip netns} on both network nodes, and
 * {@code ip addr} in the master's and the backup's qrouter namespace.
 */
@ExtendWith(SharedKernel.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedVerificationViewsTest {
    private static final long S = VirtualTime.SECOND;
    /** Both routers' keepalived have priority 50: the higher ha- address (169.254.192.2) wins. */
    private static final String MASTER = "network-8";
    private static final String BACKUP = "network-7";

    private final Kernel kernel;
    private CloudInventory inventory;
    private OperatorViews views;

    SeedVerificationViewsTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @BeforeAll
    void runTheSeed() {
        Cloud cloud = Cloud.build(CloudSpec.seed());
        ViewHandle at20s = Views.at(cloud, 20 * S);
        inventory = at20s.inventory();
        views = at20s.in(kernel.run(cloud.model(), RunOptions.defaults().withUntil(25 * S)));
    }

    private Cloud.RouterInstance router80On(String node) {
        return inventory.routerOn(node, "router80");
    }

    @Test
    void theMasterIsTheNodeWithTheHigherHaAddress() {
        assertEquals("169.254.192.1", router80On(BACKUP).haAddress().toString());
        assertEquals("169.254.192.2", router80On(MASTER).haAddress().toString());
    }

    @Test
    void step1TheRouterIsActiveOnOneL3AgentAndStandbyOnTheOtherBothAlive() {
        String rule = "+--------------------------------------+------------+-----------+-------------------+-------+"
                + "-------+------------------+----------+";
        List<String> expected = List.of(
                rule,
                "| ID                                   | Agent Type | Host      | Availability Zone | Alive | State"
                        + " | Binary           | HA State |",
                rule,
                "| " + AgentListView.agentId("network-7") + " | L3 agent   | network-7 | nova              | :-)   | UP"
                        + "    | neutron-l3-agent | standby  |",
                "| " + AgentListView.agentId("network-8") + " | L3 agent   | network-8 | nova              | :-)   | UP"
                        + "    | neutron-l3-agent | active   |",
                rule);
        String byName = views.agentListForRouter("router80");
        assertEquals(expected, byName.lines().toList());
        assertTrue(byName.endsWith("+\n"), "a newline ends the table");
        assertEquals(byName, views.agentListForRouter(inventory.router("router80").id()), "by uuid as by name");
    }

    @Test
    void step2BothNetworkNodesListTheSameQrouterAndQdhcpNamespacesNewestFirst() {
        List<String> expected = List.of(
                "qdhcp-" + NeutronIds.uuid("network", "vxlan-net82") + " (id: 5)",
                "qrouter-" + NeutronIds.uuid("router", "router82") + " (id: 4)",
                "qdhcp-" + NeutronIds.uuid("network", "vxlan-net81") + " (id: 3)",
                "qrouter-" + NeutronIds.uuid("router", "router81") + " (id: 2)",
                "qdhcp-" + NeutronIds.uuid("network", "vxlan-net80") + " (id: 1)",
                "qrouter-" + NeutronIds.uuid("router", "router80") + " (id: 0)");
        for (String node : List.of("network-7", "network-8")) {
            String netns = views.ipNetns(node);
            assertEquals(expected, netns.lines().toList(), node);
            assertTrue(netns.endsWith(")\n"), node);
            netns.lines().forEach(line -> assertTrue(line.matches(
                    "(qrouter|qdhcp)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} \\(id: \\d+\\)"), line));
        }
        assertEquals("qrouter-" + inventory.router("router80").id(), router80On(MASTER).namespace());
        assertEquals("", views.ipNetns("compute-3"), "VMs are not network namespaces of their host");
        assertEquals("", views.ipNetns("controller-1"));
    }

    @Test
    void step3TheMastersQrouterHasHaQrAndQgAddresses() {
        Cloud.RouterInstance ri = router80On(MASTER);
        NamespaceSnapshot s = views.namespaceSnapshot(MASTER, ri.namespace());
        String ha = ri.ha();
        String qr = ri.qr();
        String qg = ri.qg();
        assertEquals(List.of(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000",
                "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
                "    inet 127.0.0.1/8 scope host lo",
                "       valid_lft forever preferred_lft forever",
                "2: " + ha + ": <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default"
                        + " qlen 1000",
                "    link/ether " + mac(s, ha) + " brd ff:ff:ff:ff:ff:ff",
                "    inet 169.254.192.2/18 brd 169.254.255.255 scope global " + ha,
                "       valid_lft forever preferred_lft forever",
                "    inet 169.254.0." + ri.vrid() + "/24 scope global " + ha,
                "       valid_lft forever preferred_lft forever",
                "3: " + qr + ": <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default"
                        + " qlen 1000",
                "    link/ether " + mac(s, qr) + " brd ff:ff:ff:ff:ff:ff",
                "    inet 192.168.80.1/24 scope global " + qr,
                "       valid_lft forever preferred_lft forever",
                "4: " + qg + ": <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN group default"
                        + " qlen 1000",
                "    link/ether " + mac(s, qg) + " brd ff:ff:ff:ff:ff:ff",
                "    inet 10.0.80.2/24 scope global " + qg,
                "       valid_lft forever preferred_lft forever",
                "    inet 10.0.80.10/32 scope global " + qg,
                "       valid_lft forever preferred_lft forever"),
                views.ipAddr(MASTER, ri.namespace()).lines().toList());
        assertEquals(1, ri.vrid(), "router80 is the project's first HA router");
        assertTrue(ha.matches("ha-[0-9a-f]{8}-[0-9a-f]{2}") && qr.matches("qr-[0-9a-f]{8}-[0-9a-f]{2}")
                && qg.matches("qg-[0-9a-f]{8}-[0-9a-f]{2}"), ha + " " + qr + " " + qg);
        assertTrue(views.ipRoute(MASTER, ri.namespace()).startsWith("default via 10.0.80.1 dev " + qg + " \n"));
    }

    @Test
    void step3OnTheBackupOnlyHaHasAnAddressAndQrQgKeepTheirMacs() {
        Cloud.RouterInstance ri = router80On(BACKUP);
        NamespaceSnapshot s = views.namespaceSnapshot(BACKUP, ri.namespace());
        NamespaceSnapshot master = views.namespaceSnapshot(MASTER, router80On(MASTER).namespace());
        String ha = ri.ha();
        assertEquals(List.of(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000",
                "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
                "    inet 127.0.0.1/8 scope host lo",
                "       valid_lft forever preferred_lft forever",
                "2: " + ha + ": <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default"
                        + " qlen 1000",
                "    link/ether " + mac(s, ha) + " brd ff:ff:ff:ff:ff:ff",
                "    inet 169.254.192.1/18 brd 169.254.255.255 scope global " + ha,
                "       valid_lft forever preferred_lft forever",
                "3: " + ri.qr() + ": <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group"
                        + " default qlen 1000",
                "    link/ether " + mac(master, ri.qr()) + " brd ff:ff:ff:ff:ff:ff",
                "4: " + ri.qg() + ": <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN group"
                        + " default qlen 1000",
                "    link/ether " + mac(master, ri.qg()) + " brd ff:ff:ff:ff:ff:ff"),
                views.ipAddr(BACKUP, ri.namespace()).lines().toList());
        assertEquals("169.254.192.0/18 dev " + ha + " proto kernel scope link src 169.254.192.1 \n",
                views.ipRoute(BACKUP, ri.namespace()));
    }

    @Test
    void theDhcpNamespaceHasItsTapOnTheProjectNetwork() {
        String ns = "qdhcp-" + NeutronIds.uuid("network", "vxlan-net80");
        List<String> inet = views.ipAddr("network-7", ns).lines().filter(l -> l.startsWith("    inet ")).toList();
        assertEquals(2, inet.size(), inet.toString());
        assertTrue(inet.get(1).matches("    inet 192\\.168\\.80\\.\\d+/24 brd 192\\.168\\.80\\.255 scope global"
                + " tap[0-9a-f]{8}-[0-9a-f]{2}"), inet.get(1));
    }

    private static String mac(NamespaceSnapshot s, String device) {
        return s.links().stream().filter(l -> l.name().equals(device)).findFirst().orElseThrow().mac().toString();
    }
}
