package io.kagami.scenario.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.apps.KeystrokeEchoed;
import io.kagami.net.apps.SshConnectionEnded;
import io.kagami.net.apps.SshSessionAccepted;
import io.kagami.net.apps.TcpCloseReason;
import io.kagami.net.neutron.NeutronServer;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioLoader;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The faults of the control plane (neutron-server, its message bus) and of a node's tunnel NIC
 * (loss, latency), and a VM without a floating IP, written in scenario files and run on the seed
 * deployment. The reference is the master crash of {@link ScenarioRunnerTest}: at 30 s network-8,
 * master of router80 and router82, powers off.
 */
@ExtendWith(SharedKernel.class)
class ControlPlaneAndLinkFaultsTest {
    private static final long S = VirtualTime.SECOND;
    private static final long MS = VirtualTime.MILLISECOND;
    private static final long MASTER_DOWN = 6 * S + 804_687_000L;
    private final Kernel kernel;

    ControlPlaneAndLinkFaultsTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private static final String HEAD = """
            name: drill
            duration: 60s
            probes:
              - type: ssh
            faults:
            """;

    private static final String CRASH = """
              - at: 30s
                kind: node_crash
                node: master
            """;

    private static Scenario parse(String yaml) throws Exception {
        return ScenarioLoader.parse(yaml, "drill.yaml");
    }

    private ScenarioResult run(String yaml) throws Exception {
        return ScenarioRunner.run(kernel, parse(yaml), 1, Map.of());
    }

    /** The run's observations, and the entity of each segment's first probe. */
    private record Observed(RunResult result, Map<String, String> probeOf) {}

    private Observed observe(String yaml) throws Exception {
        ScenarioRunner.Prepared p = ScenarioRunner.prepare(kernel, parse(yaml), 1);
        RunResult r = kernel.run(p.cloud().model(), p.options().withUntil(p.scenario().duration().nanos()));
        Map<String, String> probes = new java.util.HashMap<>();
        p.probes().forEach(h -> probes.putIfAbsent(h.segment().name(), h.entity()));
        return new Observed(r, probes);
    }

    private static SegmentResult segment(ScenarioResult r, String name) {
        return r.segments().stream().filter(s -> s.segment().equals(name)).findFirst().orElseThrow();
    }

    /** keepalived does not need neutron-server: the outage holds only the report of the new master. */
    @Test
    void aNeutronServerOutageDuringACrashDelaysTheAgentReportUntilItEndsAndNothingElse() throws Exception {
        ScenarioResult crash = run(HEAD + CRASH);
        ScenarioResult both = run(HEAD + CRASH + """
                  - at: 30s
                    kind: neutron_server_outage
                    until: 50s
                """);
        for (String g : List.of("80", "82")) {
            SegmentResult before = segment(crash, g);
            SegmentResult s = segment(both, g);
            assertEquals("network-8", s.masterBefore());
            assertTrue(before.agentReportNs() < 20 * S, "without the outage it is reported at once: " + before);
            assertTrue(s.agentReportNs() >= 50 * S - 30 * S, "held until the server comes back: " + s);
            assertEquals(20 * S, s.agentReportNs(), "processed at the recovery itself");
            assertEquals(before.takeoverNs(), s.takeoverNs(), "the takeover does not need neutron-server");
            assertEquals(before.outageNs(), s.outageNs(), "nor does the data plane");
            assertEquals(0, s.flowsBroken());
        }
        assertNull(segment(both, "81").agentReportNs(), "router81 did not move");
    }

    @Test
    void aServerThatNeverComesBackNeverRecordsTheNewMaster() throws Exception {
        Observed o = observe(HEAD.replace("duration: 60s", "duration: 200s") + CRASH + """
                  - at: 30s
                    kind: neutron_server_outage
                """);
        assertTrue(o.result().observations().stream().noneMatch(x -> x.time() >= 30 * S
                && x.value() instanceof NeutronServer.HaStateStored), "nothing processed after 30 s");
    }

    @Test
    void anRpcDelayAddsItsDelayToTheAgentReport() throws Exception {
        ScenarioResult crash = run(HEAD + CRASH);
        ScenarioResult delayed = run(HEAD + CRASH + """
                  - at: 30s
                    kind: rpc_delay
                    delay: 3s
                    until: 55s
                """);
        for (String g : List.of("80", "82")) {
            SegmentResult before = segment(crash, g);
            SegmentResult s = segment(delayed, g);
            assertNotNull(before.agentReportNs());
            assertEquals(before.agentReportNs() + 3 * S, s.agentReportNs(), g);
            assertEquals(before.takeoverNs(), s.takeoverNs(), g);
        }
    }

    private static List<Observation> echoes(Observed o, String segment) {
        String entity = o.probeOf().get(segment);
        return o.result().observations().stream().filter(x -> x.entity().equals(entity)
                && x.value() instanceof KeystrokeEchoed).toList();
    }

    /** The round trip of the first keystroke typed at or after {@code t}. */
    private static long rttOfKeystrokeSentAt(List<Observation> echoes, long t) {
        return echoes.stream().map(x -> (KeystrokeEchoed) x.value()).filter(e -> e.sentAt() >= t).findFirst()
                .orElseThrow(() -> new AssertionError("no echo of a keystroke after " + VirtualTime.format(t)))
                .rtt();
    }

    /**
     * 50 ms more on every frame network-8 sends: the SSH sessions through it see their round trip
     * grow by 50 ms (the way in crosses its tunnel NIC, the way back does not), and its adverts reach
     * the backup 50 ms later, so after its crash the backup takes over 50 ms later too.
     */
    @Test
    void linkLatencyOnTheMastersNodeSlowsItsSessionsAndItsAdverts() throws Exception {
        String latency = """
                  - at: 20s
                    kind: link_latency
                    node: master
                    delay: 50ms
                """;
        Observed o = observe(HEAD + latency);
        for (String g : List.of("80", "82")) {
            List<Observation> echoes = echoes(o, g);
            long before = rttOfKeystrokeSentAt(echoes, 15 * S);
            long during = rttOfKeystrokeSentAt(echoes, 25 * S);
            assertEquals(before + 50 * MS, during, 1_000, g + ": the round trip grows by the delay");
        }
        List<Observation> echoes81 = echoes(o, "81");
        assertEquals(rttOfKeystrokeSentAt(echoes81, 15 * S), rttOfKeystrokeSentAt(echoes81, 25 * S), 1_000,
                "router81's master is network-7: its sessions do not cross network-8");

        ScenarioResult crash = run(HEAD + CRASH);
        ScenarioResult slow = run(HEAD + latency + CRASH);
        for (String g : List.of("80", "82")) {
            // measured from the crash, the latest fault aimed at the segment before its takeover: 50 ms later
            assertEquals(segment(crash, g).takeoverNs() + 50 * MS, segment(slow, g).takeoverNs(), g);
        }
    }

    /**
     * network-8's tunnel NIC loses everything it sends: the backups hear no more adverts and take
     * over master_down after the last one, as after a crash; network-8 still runs and still hears
     * theirs, and with its higher ha- address stays master: two masters to the end.
     */
    @Test
    void totalLossOnTheMastersTunnelNicIsASplitBrain() throws Exception {
        ScenarioResult crash = run(HEAD + CRASH);
        ScenarioResult loss = run(HEAD + """
                  - at: 30s
                    kind: link_loss
                    node: master
                    loss: 1
                """);
        for (String g : List.of("80", "82")) {
            SegmentResult s = segment(loss, g);
            assertEquals("network-8", s.masterBefore());
            assertEquals(segment(crash, g).takeoverNs(), s.takeoverNs(), "the backup takes over as after a crash");
            assertTrue(s.takeoverNs() >= MASTER_DOWN - 2 * S && s.takeoverNs() <= MASTER_DOWN, s.toString());
            assertNull(s.masterAfter(), "two masters at the end");
            assertEquals(60 * S - (30 * S + s.takeoverNs()), s.splitBrainNs(), "from the takeover to the end");
        }
        assertEquals(0, segment(loss, "81").splitBrainNs(), "network-7 is router81's master and still heard");
        assertEquals("network-7", segment(loss, "81").masterAfter());
    }

    @Test
    void lossThatEndsEndsTheSplitBrain() throws Exception {
        ScenarioResult r = run(HEAD + """
                  - at: 30s
                    kind: link_loss
                    node: network-8
                    until: 45s
                """);
        SegmentResult s = segment(r, "80");
        assertTrue(s.splitBrainNs() > 0 && s.splitBrainNs() < 15 * S, s.toString());
        assertNotNull(s.masterAfter(), "one master again: " + s);
    }

    /**
     * vm80 has no floating IP: its outbound session leaves with router80's gateway address
     * (default SNAT). With --random-fully the new master's SNAT draws another port for it and the
     * client resets it; an inbound session to vm82's floating IP, through the same failover, lives.
     */
    @Test
    void aVmWithoutAFloatingIpLeavesWithTheGatewayAddressAndLosesItsSessionInAFailover() throws Exception {
        String yaml = """
                name: snat-vm
                duration: 60s
                topology:
                  snat_random_fully: true
                  no_floating_ip: [80]
                probes:
                  - type: ssh
                    direction: outbound
                    segments: [80]
                  - type: ssh
                    direction: inbound
                    segments: [82]
                faults:
                  - at: 30s
                    kind: node_crash
                    node: master
                """;
        Observed o = observe(yaml);
        List<SshSessionAccepted> accepted = o.result().observations().stream()
                .filter(x -> x.entity().equals("outside/client/sshd") && x.value() instanceof SshSessionAccepted)
                .map(x -> (SshSessionAccepted) x.value()).toList();
        assertEquals(Ipv4Address.of(10, 0, 80, 2), accepted.get(0).flow().remoteAddress(),
                "accepted from router80's gateway address: " + accepted);
        List<SshConnectionEnded> ended = o.result().observations().stream()
                .filter(x -> x.entity().equals(o.probeOf().get("80")) && x.value() instanceof SshConnectionEnded)
                .map(x -> (SshConnectionEnded) x.value()).toList();
        assertEquals(1, ended.size(), ended.toString());
        assertEquals(TcpCloseReason.RESET, ended.get(0).reason());

        ScenarioResult r = run(yaml);
        assertEquals("network-8", segment(r, "80").masterBefore());
        assertEquals(1, segment(r, "80").flowsBroken(), "the default-SNAT session broke");
        assertEquals("network-8", segment(r, "82").masterBefore());
        assertEquals(0, segment(r, "82").flowsBroken(), "the floating-IP session survived the same failover");
    }
}
