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
import io.kagami.net.apps.SshConnected;
import io.kagami.net.keepalived.VrrpState;
import io.kagami.net.keepalived.VrrpTransition;
import io.kagami.net.topology.CloudSpec.Segment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The seed deployment as packets: election, SSH through floating IPs (DOMAIN.md sections 1 and 5). */
@ExtendWith(SharedKernel.class)
class SeedDeploymentTest {
    private static final long S = VirtualTime.SECOND;
    private final Kernel kernel;

    SeedDeploymentTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The seed with an SSH client outside connecting to every segment's floating IP at 10 s. */
    private static Cloud seedWithSessions() {
        Cloud cloud = Cloud.build(CloudSpec.seed());
        int port = 40000;
        for (Segment seg : cloud.spec().segments()) {
            SshClient.Settings settings = SshClient.Settings.defaults().withSourcePort(port++).withStartAt(10 * S);
            cloud.addApp(cloud.client(), "ssh-" + seg.name(),
                    ns -> new SshClient(ns, Cloud.CLIENT, seg.vms().get(0).floatingIp(), settings),
                    ref -> SshClient.socket(ref, settings));
        }
        return cloud;
    }

    @Test
    void everyRouterHasOneMasterAndSshReachesEveryVmThroughItsFloatingIp() {
        Cloud cloud = seedWithSessions();
        RunResult r = kernel.run(cloud.model(), RunOptions.defaults().withPartitions(2).withUntil(30 * S));
        Map<String, VrrpState> last = new HashMap<>();
        for (Observation o : r.observations()) {
            if (o.value() instanceof VrrpTransition t) {
                last.put(o.entity(), t.state());
            }
        }
        for (Cloud.RouterInstance ri : cloud.routers()) {
            assertTrue(last.containsKey(ri.device().ref().name() + "/keepalived"), ri.toString());
        }
        for (Segment seg : cloud.spec().segments()) {
            long masters = cloud.routers().stream().filter(ri -> ri.segment() == seg)
                    .filter(ri -> last.get(ri.device().ref().name() + "/keepalived") == VrrpState.MASTER).count();
            assertEquals(1, masters, "masters of " + seg.router());
        }
        List<Observation> connected = r.observations().stream().filter(o -> o.value() instanceof SshConnected).toList();
        assertEquals(3, connected.size(), r.observations().stream().filter(o -> o.entity().startsWith("outside/client"))
                .map(Observation::toString).limit(40).toList().toString());
        List<KeystrokeEchoed> echoes = r.observations().stream().filter(o -> o.value() instanceof KeystrokeEchoed)
                .map(o -> (KeystrokeEchoed) o.value()).toList();
        assertEquals(3 * 20, echoes.size(), "a keystroke a second from 10 s to 29 s on each session");
        // client -> external switch -> network node (50 us), network node -> compute over VXLAN (100 us),
        // and back, plus the NICs' serialisation at 10 Gbit/s
        long rtt = echoes.get(0).rtt();
        assertTrue(rtt >= 300 * VirtualTime.MICROSECOND && rtt < 301 * VirtualTime.MICROSECOND,
                VirtualTime.format(rtt));
    }

    @Test
    void crashOfTheMasterNodeMovesEverySessionToTheOtherNode() {
        Cloud cloud = seedWithSessions();
        long crash = 40 * S;
        cloud.crashNode("network-8", crash);
        RunResult r = kernel.run(cloud.model(), RunOptions.defaults().withPartitions(2).withUntil(70 * S));
        long masterDown = 6 * S + 804_687_000L;
        for (Cloud.RouterInstance ri : cloud.routers()) {
            if (!ri.node().equals("network-7")) {
                continue;
            }
            List<Long> masters = r.observations().stream().filter(o -> o.entity().equals(ri.device().ref().name()
                    + "/keepalived") && o.value() instanceof VrrpTransition t && t.state() == VrrpState.MASTER)
                    .map(Observation::time).toList();
            long takeover = masters.get(masters.size() - 1);
            if (takeover > crash) {
                long after = takeover - crash;
                assertTrue(after >= masterDown - 2 * S && after <= masterDown + VirtualTime.MILLISECOND,
                        ri.segment().router() + " took over " + VirtualTime.format(after) + " after the crash");
            }
        }
        // every session survives (floating IPs: 1:1 NAT, conntrack picked up on the new master)
        for (Segment seg : cloud.spec().segments()) {
            String client = "outside/client/ssh-" + seg.name();
            assertTrue(r.observations().stream().anyMatch(o -> o.entity().equals(client)
                    && o.value() instanceof KeystrokeEchoed && o.time() > crash + masterDown),
                    "session to " + seg.router() + " resumed");
            assertTrue(r.observations().stream().noneMatch(o -> o.entity().equals(client)
                    && o.value() instanceof io.kagami.net.apps.SshConnectionEnded), "session to " + seg.router()
                    + " not broken");
        }
    }
}
