package io.kagami.net.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.apps.KeystrokeEchoed;
import io.kagami.net.apps.SshClient;
import io.kagami.net.apps.SshConnectionEnded;
import io.kagami.net.apps.SshServer;
import io.kagami.net.apps.SshSessionAccepted;
import io.kagami.net.apps.TcpCloseReason;
import io.kagami.net.keepalived.KeepalivedInstance;
import io.kagami.net.keepalived.VrrpState;
import io.kagami.net.keepalived.VrrpTransition;
import io.kagami.net.topology.CloudSpec.Segment;
import io.kagami.net.topology.CloudSpec.Vm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The field stories of DOMAIN.md section 3, replayed on the seed deployment. */
@ExtendWith(SharedKernel.class)
class FailureStoriesTest {
    private static final long S = VirtualTime.SECOND;
    private static final long MASTER_DOWN = 6 * S + 804_687_000L;
    private static final long SKEW = 804_687_000L;
    private final Kernel kernel;

    FailureStoriesTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private RunResult run(Cloud cloud, long until) {
        return kernel.run(cloud.model(), RunOptions.defaults().withPartitions(2).withUntil(until));
    }

    private static Cloud.RouterInstance instance(Cloud cloud, String router, String node) {
        return cloud.routers().stream().filter(r -> r.segment().router().equals(router) && r.node().equals(node))
                .findFirst().orElseThrow();
    }

    /** (time, node) of every transition of router80's instances into {@code state}. */
    private static List<String> entered(Cloud cloud, RunResult r, String router, VrrpState state) {
        Map<String, String> nodeOf = new HashMap<>();
        cloud.routers().stream().filter(ri -> ri.segment().router().equals(router))
                .forEach(ri -> nodeOf.put(ri.device().ref().name() + "/keepalived", ri.node()));
        List<String> out = new ArrayList<>();
        for (Observation o : r.observations()) {
            if (o.value() instanceof VrrpTransition t && t.state() == state && nodeOf.containsKey(o.entity())) {
                out.add(VirtualTime.format(o.time()) + " " + nodeOf.get(o.entity()));
            }
        }
        return out;
    }

    /** How many of router80's instances are MASTER at time t. */
    private static int mastersAt(Cloud cloud, RunResult r, String router, long t) {
        Map<String, VrrpState> states = new HashMap<>();
        for (Observation o : r.observations()) {
            if (o.time() > t) {
                break;
            }
            if (o.value() instanceof VrrpTransition tr && o.entity().contains(instance(cloud, router, "network-7")
                    .routerId())) {
                states.put(o.entity(), tr.state());
            }
        }
        return (int) states.values().stream().filter(s -> s == VrrpState.MASTER).count();
    }

    @Test
    void gracefulStopOfKeepalivedHandsOverAfterSkewTime() {
        Cloud cloud = Cloud.build(CloudSpec.seed());
        // router80: network-8 has the higher ha- address and is master
        long stop = 20 * S;
        cloud.builder().inject(stop, instance(cloud, "router80", "network-8").keepalived(),
                KeepalivedInstance.Signal.SIGTERM);
        RunResult r = run(cloud, 40 * S);
        List<String> masters = entered(cloud, r, "router80", VrrpState.MASTER);
        String last = masters.get(masters.size() - 1);
        assertTrue(last.endsWith("network-7"), masters.toString());
        long at = VirtualTime.parse(last.substring(0, last.indexOf(' ')));
        // the priority-0 advert crosses the HA network (VXLAN, 100 us) and the backup waits Skew_Time
        assertTrue(at - stop >= SKEW + 100 * VirtualTime.MICROSECOND && at - stop < SKEW + 101 * VirtualTime.MICROSECOND,
                VirtualTime.format(at - stop));
    }

    @Test
    void haNetworkPartitionMakesTwoMastersUntilItHealsThenTheHigherAddressWins() {
        Cloud cloud = Cloud.build(CloudSpec.seed());
        cloud.partitionHaNetwork("service", "network-7", "network-8", 20 * S, 40 * S);
        RunResult r = run(cloud, 60 * S);
        assertEquals(1, mastersAt(cloud, r, "router80", 19 * S));
        assertEquals(2, mastersAt(cloud, r, "router80", 20 * S + MASTER_DOWN + S), "split brain");
        assertEquals(2, mastersAt(cloud, r, "router80", 39 * S));
        assertEquals(1, mastersAt(cloud, r, "router80", 45 * S), "healed");
        List<String> backups = entered(cloud, r, "router80", VrrpState.BACKUP);
        // network-7 (lower ha- address) yields again after the heal
        assertTrue(backups.get(backups.size() - 1).endsWith("network-7"), backups.toString());
        // the data plane of other networks was not cut: a single VM's sshd was never involved, but the
        // partition only dropped the HA network's VNI
        assertTrue(r.observations().stream().anyMatch(o -> o.value() instanceof io.kagami.net.host.HostNic.Dropped d
                && d.reason().startsWith("VNI ")));
    }

    @Test
    void aRebootedNodeWhoseL3AgentStartsBeforeItsOvsAgentBecomesASecondMaster() {
        Cloud cloud = Cloud.build(CloudSpec.seed());
        // network-7 is backup for router80; it reboots, the L3 agent runs 5 s after boot, OVS 30 s after
        cloud.rebootNode("network-7", 20 * S, 50 * S, 5 * S, 30 * S);
        RunResult r = run(cloud, 100 * S);
        assertEquals(1, mastersAt(cloud, r, "router80", 49 * S));
        long secondMaster = 55 * S + MASTER_DOWN;
        assertEquals(2, mastersAt(cloud, r, "router80", secondMaster + S), "the production bug");
        assertEquals(1, mastersAt(cloud, r, "router80", 85 * S), "once its ha- port is wired, adverts resolve it");
    }

    @Test
    void whenTheOvsAgentIsFirstARebootedNodeComesBackAsBackup() {
        Cloud cloud = Cloud.build(CloudSpec.seed());
        cloud.rebootNode("network-7", 20 * S, 50 * S, 30 * S, 5 * S);
        RunResult r = run(cloud, 100 * S);
        for (long t = 50 * S; t < 100 * S; t += S) {
            assertEquals(1, mastersAt(cloud, r, "router80", t), "at " + VirtualTime.format(t));
        }
    }

    /**
     * The seed plus, on segment 80, a VM without a floating IP, and an sshd on the client host;
     * {@code randomFully}: the L3 agent writes its SNAT rules with --random-fully (newer Neutron).
     */
    private static Cloud seedWithSnatVm(boolean randomFully) {
        CloudSpec seed = CloudSpec.seed();
        List<Segment> segments = new ArrayList<>(seed.segments());
        Segment s80 = segments.get(0);
        List<Vm> vms = new ArrayList<>(s80.vms());
        vms.add(new Vm("vm80-nofip", "compute-6", s80.projectSubnet().host(11), null));
        segments.set(0, new Segment(s80.name(), s80.project(), s80.externalNetwork(), s80.externalSubnet(),
                s80.projectNetwork(), s80.projectSubnet(), s80.router(), s80.routerGateway(), s80.vrid(), vms));
        Cloud cloud = Cloud.build(seed.withSegments(segments).withSnatRandomFully(randomFully));
        SshServer.Settings sshd = SshServer.Settings.defaults();
        cloud.addApp(cloud.client(), "sshd", ns -> new SshServer(ns, Cloud.CLIENT, sshd), ref -> SshServer.socket(ref, sshd));
        return cloud;
    }

    private static String sessionFrom(Cloud cloud, String vm, int port) {
        Cloud.Guest g = cloud.guests().stream().filter(x -> x.vm().name().equals(vm)).findFirst().orElseThrow();
        SshClient.Settings settings = SshClient.Settings.defaults().withSourcePort(port).withStartAt(10 * S);
        return cloud.addApp(g.device(), "ssh", ns -> new SshClient(ns, g.vm().fixedIp(), Cloud.CLIENT, settings),
                ref -> SshClient.socket(ref, settings)).name();
    }

    /** An SSH session from the client host to vm80's floating IP (inbound: DNAT). */
    private static String sessionToFloatingIp(Cloud cloud) {
        SshClient.Settings settings = SshClient.Settings.defaults().withSourcePort(46000).withStartAt(10 * S);
        Vm vm80 = cloud.spec().segments().get(0).vms().get(0);
        return cloud.addApp(cloud.client(), "ssh-fip", ns -> new SshClient(ns, Cloud.CLIENT, vm80.floatingIp(), settings),
                ref -> SshClient.socket(ref, settings)).name();
    }

    @Test
    void outboundTrafficLeavesWithTheFloatingIpOrTheRoutersGatewayAddress() {
        Cloud cloud = seedWithSnatVm(false);
        sessionFrom(cloud, "vm80", 45000);
        sessionFrom(cloud, "vm80-nofip", 45001);
        RunResult r = run(cloud, 20 * S);
        List<String> accepted = r.observations().stream().filter(o -> o.value() instanceof SshSessionAccepted)
                .map(o -> o.value().toString()).toList();
        assertEquals(2, accepted.size(), accepted.toString());
        assertTrue(accepted.stream().anyMatch(a -> a.contains("10.0.80.10:45000")), "float-snat: " + accepted);
        assertTrue(accepted.stream().anyMatch(a -> a.contains("10.0.80.2:45001")), "default SNAT: " + accepted);
    }

    private static boolean echoedAfter(RunResult r, String entity, long t) {
        return r.observations().stream().anyMatch(o -> o.entity().equals(entity) && o.value() instanceof KeystrokeEchoed
                && o.time() > t);
    }

    private static List<SshConnectionEnded> ends(RunResult r, String entity) {
        return r.observations().stream().filter(o -> o.entity().equals(entity))
                .filter(o -> o.value() instanceof SshConnectionEnded).map(o -> (SshConnectionEnded) o.value()).toList();
    }

    /**
     * Newer Neutron (--random-fully): the new master picks another source port for the picked-up
     * flow, the outside host does not know it and resets it. Floating-IP flows survive: 1:1 NAT.
     */
    @Test
    void withRandomFullyDefaultSnatFlowsAreResetAfterAFailoverAndFloatingIpFlowsSurvive() {
        Cloud cloud = seedWithSnatVm(true);
        String fip = sessionToFloatingIp(cloud);
        String snat = sessionFrom(cloud, "vm80-nofip", 45001);
        cloud.crashNode("network-8", 30 * S);
        RunResult r = run(cloud, 60 * S);
        assertTrue(echoedAfter(r, fip, 40 * S), "the floating-IP session resumed");
        assertEquals(List.of(), ends(r, fip));
        List<SshConnectionEnded> ended = ends(r, snat);
        assertEquals(1, ended.size(), "the default-SNAT session ended");
        assertEquals(TcpCloseReason.RESET, ended.get(0).reason());
    }

    /**
     * The seed's era (no --random-fully): SNAT keeps the VM's port when it is free, so when the VM
     * speaks first after the failover the new master picks the flow up (tcp_loose) onto the same
     * address and port, and the outside host never notices. The flow only looks lost for the outage.
     */
    @Test
    void withoutRandomFullyAVmFirstSnatFlowIsPickedUpOntoTheSamePort() {
        Cloud cloud = seedWithSnatVm(false);
        String snat = sessionFrom(cloud, "vm80-nofip", 45001);
        cloud.crashNode("network-8", 30 * S);
        RunResult r = run(cloud, 60 * S);
        assertTrue(echoedAfter(r, snat, 40 * S), "the SNAT session resumed");
        assertEquals(List.of(), ends(r, snat));
    }
}
