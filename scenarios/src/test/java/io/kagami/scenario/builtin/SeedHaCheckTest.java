package io.kagami.scenario.builtin;

import static io.kagami.scenario.builtin.Formulas.ADVERT_INT;
import static io.kagami.scenario.builtin.Formulas.PRIORITY;
import static io.kagami.scenario.builtin.Formulas.S;
import static io.kagami.scenario.builtin.Formulas.masterDown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.VrrpAdvertisement;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.topology.NeutronIds;
import io.kagami.net.views.CloudInventory;
import io.kagami.net.views.OperatorViews;
import io.kagami.net.views.ViewHandle;
import io.kagami.net.views.Views;
import io.kagami.net.wire.CapturedFrame;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * seed-ha-check: the seed's verification steps 1-4 (DOMAIN.md section 1). The scenario's assertions
 * say what the grammar can (no probe lost, no session broken, no split brain); "active on one agent
 * and standby on the other", the namespaces, the addresses and the adverts on ha- are read here
 * with the operator views and a capture of the ha- wires, on the cloud the scenario builds (it has
 * no topology: the seed deployment, {@code CloudSpec.seed()}).
 */
@ExtendWith(SharedKernel.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedHaCheckTest {
    private static final List<String> NETWORK_NODES = List.of("network-7", "network-8");
    /** The views are taken at 20 s; the capture holds what the ha- wires carried from 10 s to 20 s. */
    private static final long VIEW_AT = 20 * S;
    private static final long CAPTURE_FROM = 10 * S;

    private final Kernel kernel;
    private Scenario scenario;
    private ScenarioResult result;
    private CloudInventory inventory;
    private OperatorViews views;
    private RunResult run;
    private Map<String, Cloud.RouterInstance> haCaptures;

    SeedHaCheckTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @BeforeAll
    void runTheScenarioAndLook() throws Exception {
        scenario = Formulas.builtin("seed-ha-check");
        result = Formulas.run(kernel, scenario);

        Cloud cloud = Cloud.build(CloudSpec.seed());
        haCaptures = new HashMap<>();
        for (Cloud.RouterInstance r : cloud.routers()) {
            haCaptures.put(cloud.fabric().capture(r.device(), r.ha()), r);
        }
        ViewHandle at20s = Views.at(cloud, VIEW_AT);
        inventory = at20s.inventory();
        run = kernel.run(cloud.model(), RunOptions.defaults().withUntil(VIEW_AT + S));
        views = at20s.in(run);
    }

    @Test
    void theScenarioRunsOnTheSeedAndItsAssertionsHold() {
        assertNull(scenario.topology(), "the seed deployment, as CloudSpec.seed() builds it");
        Formulas.assertPassed(result);
        assertEquals(List.of("router80", "router81", "router82"),
                result.segments().stream().map(SegmentResult::router).toList());
        for (SegmentResult s : result.segments()) {
            assertFalse(s.affected(), s.toString());
            assertTrue(NETWORK_NODES.contains(s.masterBefore()), "one master: " + s);
            assertEquals(s.masterBefore(), s.masterAfter(), "the same master to the end: " + s);
            assertEquals(0, s.probesLost(), s.toString());
            assertEquals(0, s.splitBrainNs(), s.toString());
            // ping and ssh from 10 s, one probe a second each, to the end at 40 s
            long probing = scenario.duration().nanos() - 10 * S;
            assertEquals(2 * probing / S, s.probesSent(), s.toString());
        }
    }

    @Test
    void theMasterIsTheNodeWithTheHigherHaAddressAsInTheScenario() {
        // priority 50 everywhere and nopreempt: the election is won by the higher primary IP (DOMAIN.md section 2)
        for (SegmentResult s : result.segments()) {
            Cloud.RouterInstance higher = inventory.router(s.router()).instances().stream()
                    .max((a, b) -> a.haAddress().compareTo(b.haAddress())).orElseThrow();
            assertEquals(higher.node(), s.masterBefore(), s.router());
        }
    }

    @Test
    void step1TheRouterIsActiveOnOneL3AgentAndStandbyOnTheOther() {
        for (SegmentResult s : result.segments()) {
            List<String> agents = views.agentListForRouter(s.router()).lines().filter(l -> l.contains("| L3 agent"))
                    .toList();
            assertEquals(2, agents.size(), agents.toString());
            List<String> active = agents.stream().filter(l -> l.matches(".*\\|\\s*active\\s*\\|$")).toList();
            List<String> standby = agents.stream().filter(l -> l.matches(".*\\|\\s*standby\\s*\\|$")).toList();
            assertEquals(1, active.size(), agents.toString());
            assertEquals(1, standby.size(), agents.toString());
            assertTrue(active.get(0).contains("| " + s.masterBefore() + " "), "active where the scenario saw the"
                    + " master: " + active);
            agents.forEach(l -> assertTrue(l.contains("| :-)   | UP "), "alive and up: " + l));
        }
    }

    @Test
    void step2BothNetworkNodesHaveTheSameQrouterAndQdhcpNamespaces() {
        Set<String> expected = new TreeSet<>();
        for (CloudSpec.Segment seg : inventory.cloud().spec().segments()) {
            expected.add("qrouter-" + inventory.router(seg.router()).id());
            expected.add("qdhcp-" + NeutronIds.uuid("network", seg.projectNetwork()));
        }
        for (String node : NETWORK_NODES) {
            Set<String> names = views.ipNetns(node).lines().map(l -> l.replaceAll(" \\(id: \\d+\\)$", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, names, node);
        }
    }

    @Test
    void step3OnTheMasterHaQrAndQgHaveAddressesOnTheBackupOnlyHa() {
        for (CloudSpec.Segment seg : inventory.cloud().spec().segments()) {
            String master = result.segments().stream().filter(s -> s.router().equals(seg.router())).findFirst()
                    .orElseThrow().masterBefore();
            for (Cloud.RouterInstance ri : inventory.router(seg.router()).instances()) {
                List<String> inet = views.ipAddr(ri.node(), ri.namespace()).lines()
                        .filter(l -> l.startsWith("    inet ")).map(String::strip).toList();
                String ha = "inet " + ri.haAddress() + "/18 brd 169.254.255.255 scope global " + ri.ha();
                String[] octets = ri.haAddress().toString().split("\\.");
                assertTrue(octets[0].equals("169") && octets[1].equals("254") && Integer.parseInt(octets[2]) >= 192,
                        "a unique address in 169.254.192.0/18: " + ri.haAddress());
                if (ri.node().equals(master)) {
                    assertEquals(List.of("inet 127.0.0.1/8 scope host lo", ha,
                            "inet 169.254.0." + ri.vrid() + "/24 scope global " + ri.ha(),
                            "inet " + seg.projectSubnet().gateway() + "/24 scope global " + ri.qr(),
                            "inet " + seg.routerGateway() + "/24 scope global " + ri.qg(),
                            "inet " + seg.vms().get(0).floatingIp() + "/32 scope global " + ri.qg()), inet,
                            seg.router() + " on its master " + ri.node());
                } else {
                    assertEquals(List.of("inet 127.0.0.1/8 scope host lo", ha), inet,
                            seg.router() + " on its backup " + ri.node());
                }
            }
        }
    }

    @Test
    void step4AdvertsLeaveTheMastersHaInterfaceEveryAdvertIntAndNoneTheBackups() {
        Map<Cloud.RouterInstance, List<Long>> sent = new HashMap<>();
        for (Observation o : run.observations()) {
            if (o.time() < CAPTURE_FROM || o.time() >= VIEW_AT || !(o.value() instanceof CapturedFrame c)) {
                continue;
            }
            Cloud.RouterInstance r = haCaptures.get(c.capture());
            if (r == null || !o.entity().equals(r.device().ref().name())) {
                continue; // not a frame the router's namespace itself put on its ha- wire
            }
            if (c.frame().payload() instanceof Ipv4Packet ip && ip.payload() instanceof VrrpAdvertisement a) {
                assertEquals(r.haAddress(), ip.src(), "adverts come from the ha- address");
                assertEquals(VrrpAdvertisement.MULTICAST_GROUP, ip.dst());
                assertEquals(VrrpAdvertisement.IP_TTL, ip.ttl());
                assertEquals(List.of(2, r.vrid(), PRIORITY, (int) (ADVERT_INT / S)),
                        List.of(a.version(), a.vrid(), a.priority(), a.advertInterval()));
                sent.computeIfAbsent(r, k -> new ArrayList<>()).add(o.time());
            }
        }
        // masters elected at master_down, then an advert every advert_int
        long md = masterDown(ADVERT_INT, PRIORITY);
        List<Long> expected = new ArrayList<>();
        for (long t = md; t < VIEW_AT; t += ADVERT_INT) {
            if (t >= CAPTURE_FROM) {
                expected.add(t);
            }
        }
        assertEquals(5, expected.size(), "10.8s, 12.8s, ..., 18.8s");
        for (SegmentResult s : result.segments()) {
            for (Cloud.RouterInstance ri : inventory.router(s.router()).instances()) {
                List<Long> times = sent.getOrDefault(ri, List.of());
                if (ri.node().equals(s.masterBefore())) {
                    assertEquals(expected, times, s.router() + " on its master " + ri.node());
                } else {
                    assertEquals(List.of(), times, s.router() + ": no advert from the backup " + ri.node());
                }
            }
        }
    }
}
