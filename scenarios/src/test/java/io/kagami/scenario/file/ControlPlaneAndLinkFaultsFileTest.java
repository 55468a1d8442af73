package io.kagami.scenario.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kagami.core.VirtualTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The file format of neutron_server_outage, rpc_delay, link_loss, link_latency and
 * topology.no_floating_ip: fields, defaults, messages, sweeps.
 */
class ControlPlaneAndLinkFaultsFileTest {
    private static final String HEAD = "name: x\nduration: 60s\n";

    private static Scenario parse(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "scenario.yaml");
    }

    private static String error(String yaml) {
        return assertThrows(ScenarioException.class, () -> parse(yaml)).getMessage();
    }

    /** The message without its "file:line:column: " prefix. */
    private static String problem(String yaml) {
        return error(yaml).replaceFirst("^scenario\\.yaml:[0-9]+:[0-9]+: ", "");
    }

    private static String faults(String... lines) {
        return HEAD + "faults:\n" + String.join("\n", lines) + "\n";
    }

    @Test
    void theNewKindsTheirFieldsAndDefaults() throws Exception {
        Scenario s = ScenarioDefaults.complete(parse(faults(
                "  - {at: 10s, kind: neutron_server_outage, until: 20s}",
                "  - {at: 10s, kind: rpc_delay, delay: 2s}",
                "  - {at: 10s, kind: link_loss}",
                "  - {at: 10s, kind: link_latency, node: compute-3, delay: 20ms, until: 30s}")));
        Scenario.Fault outage = s.faults().get(0);
        assertEquals(Dur.parse("20s"), outage.until());
        assertNull(outage.node(), "no node: it hits neutron-server");
        Scenario.Fault rpc = s.faults().get(1);
        assertEquals(2 * VirtualTime.SECOND, rpc.delay().nanos());
        assertNull(rpc.until(), "until: never");
        Scenario.Fault loss = s.faults().get(2);
        assertEquals("master", loss.node());
        assertEquals(1.0, loss.loss());
        assertNull(loss.link(), "always the tunnel NIC");
        Scenario.Fault latency = s.faults().get(3);
        assertEquals(20 * VirtualTime.MILLISECOND, latency.delay().nanos());
        assertEquals(List.of("delay"), FaultKind.RPC_DELAY.required());
        assertEquals(List.of("delay"), FaultKind.LINK_LATENCY.required());
        assertEquals(List.of(), FaultKind.NEUTRON_SERVER_OUTAGE.required());
        assertEquals(List.of(), FaultKind.LINK_LOSS.required());
    }

    @Test
    void aDelayIsRequiredWhereItMeansSomething() {
        assertEquals("scenario.yaml:4:5: faults[0].delay: missing: rpc_delay needs it, e.g. delay: 5s (how much longer"
                + " each agent RPC takes)", error(faults("  - at: 10s", "    kind: rpc_delay")));
        assertEquals("scenario.yaml:4:5: faults[0].delay: missing: link_latency needs it, e.g. delay: 50ms (how much"
                + " longer the tunnel NIC holds each frame it sends)", error(faults("  - at: 10s",
                "    kind: link_latency")));
        assertEquals("faults[0].delay: must be more than 0s", problem(faults("  - at: 10s",
                "    kind: link_latency", "    delay: 0s")));
    }

    @Test
    void fieldsThatDoNotApplyAreNamedWithTheKindsFields() {
        assertEquals("scenario.yaml:6:5: faults[0].node: does not apply to neutron_server_outage, which acts on"
                + " neutron-server and takes no target (its fields: at, kind, until)", error(faults("  - at: 10s", "    kind: neutron_server_outage",
                "    node: controller-1")));
        assertEquals("faults[0].loss: does not apply to rpc_delay (its fields: at, kind, delay,"
                + " until)", problem(faults("  - at: 10s", "    kind: rpc_delay", "    loss: 0.5", "    delay: 1s")));
        assertEquals("faults[0].between: does not apply to link_loss, which acts on a node (node: a name, master) (its"
                + " fields: at, kind, node,"
                + " loss, until)", problem(faults("  - at: 10s", "    kind: link_loss",
                "    between: [network-7, network-8]")));
        assertEquals("faults[0].link: does not apply to link_latency (its fields: at, kind, node,"
                + " delay, until)", problem(faults("  - at: 10s", "    kind: link_latency", "    link: external",
                "    delay: 1s")));
        assertEquals("faults[0].delay: does not apply to link_loss (its fields: at, kind, node,"
                + " loss, until)", problem(faults("  - at: 10s", "    kind: link_loss", "    delay: 1s")));
    }

    @Test
    void targetsLossAndTimesAreChecked() {
        assertEquals("faults[0].node: controller-1 is a controller node; link_loss applies to"
                + " compute and network nodes (compute-3..compute-6, network-7, network-8), master",
                problem(faults("  - at: 10s", "    kind: link_loss", "    node: controller-1")));
        assertEquals("faults[0].node: 'all' does not apply to link_latency (allowed: compute and"
                + " network nodes (compute-3..compute-6, network-7, network-8), master)",
                problem(faults("  - at: 10s", "    kind: link_latency", "    node: all", "    delay: 1s")));
        assertEquals("faults[0].loss: must be a fraction from 0 to 1 (0.05 is 5%), got 1.5",
                problem(faults("  - at: 10s", "    kind: link_loss", "    loss: 1.5")));
        assertEquals("faults[0].until: 5s is not after at (10s)",
                problem(faults("  - at: 10s", "    kind: neutron_server_outage", "    until: 5s")));
    }

    @Test
    void aSegmentWithoutAFloatingIpCannotBeProbedInbound() throws Exception {
        String topology = "topology:\n  no_floating_ip: [80, \"82\"]\n";
        Scenario ok = parse(HEAD + topology + "probes:\n  - {type: ssh, direction: outbound}\n"
                + "  - {type: ping, segments: [81]}\n");
        assertEquals(List.of("80", "82"), ok.topology().noFloatingIp());
        assertEquals("scenario.yaml:6:32: probes[0].segments[1]: segment 82's VM has no floating IP"
                + " (topology.no_floating_ip), so an inbound probe from outside cannot reach it; use direction:"
                + " outbound (it leaves with the router's gateway address), or probe another segment",
                error(HEAD + topology + "probes:\n  - {type: ssh, segments: [81, 82]}\n"));
        assertEquals("probes[0]: an inbound probe of every segment, but segment 80's VM has no"
                + " floating IP (topology.no_floating_ip), so an inbound probe from outside cannot reach it; use"
                + " direction: outbound (it leaves with the router's gateway address), or list in segments: those"
                + " with one (81)", problem(HEAD + topology + "probes:\n  - type: ping\n"));
        assertEquals("probes[0].direction: an inbound probe of every segment, but segment 80's VM"
                + " has no floating IP (topology.no_floating_ip), so an inbound probe from outside cannot reach it;"
                + " use direction: outbound (it leaves with the router's gateway address), or list in segments:"
                + " those with one (81)", problem(HEAD + topology + "probes:\n  - type: ping\n    direction: inbound\n"));
    }

    @Test
    void noFloatingIpNamesSegmentsOfTheTopology() {
        assertEquals("scenario.yaml:4:24: topology.no_floating_ip[1]: unknown segment '83'; did you mean '80'? (segments of this"
                + " topology: 80..82)", error(HEAD + "topology:\n  no_floating_ip: [80, 83]\n"));
        assertEquals("topology.no_floating_ip[1]: segment 80 is listed twice",
                problem(HEAD + "topology:\n  no_floating_ip: [80, 80]\n"));
        assertEquals("sweep.topology.segments[0]: with 1: topology.no_floating_ip[0]: unknown"
                + " segment '82'; did you mean '80'? (segments of this topology: 80)",
                problem(HEAD + "topology:\n  no_floating_ip: [82]\nsweep:\n  topology.segments: [1, 3]\n"));
    }

    @Test
    void delayIsSweepable() throws Exception {
        Scenario s = parse(faults("  - {at: 10s, kind: link_latency, delay: 10ms}")
                + "sweep:\n  faults[0].delay: [10ms, 50ms]\n  faults[0].until: [20s, 30s]\n");
        assertEquals(Sweep.Type.DURATION, Sweep.typeOf("faults[0].delay").orElseThrow());
        assertEquals(4, Sweep.runs(s));
        Scenario last = Sweep.apply(s, Map.of("faults[0].delay", "50ms", "faults[0].until", "30s"));
        assertEquals(Dur.parse("50ms"), last.faults().get(0).delay());
        assertEquals(Dur.parse("30s"), last.faults().get(0).until());
        assertEquals("sweep.faults[0].delay[0]: with 0s: faults[0].delay: must be more than 0s",
                problem(faults("  - {at: 10s, kind: rpc_delay, delay: 1s}") + "sweep:\n  faults[0].delay: [0s, 1s]\n"));
    }
}
