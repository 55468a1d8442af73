package io.kagami.scenario.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.VirtualTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenario files as a user writes them: what loads, and the one line each mistake gets. */
class ScenarioLoaderTest {
    private static final String HEAD = "name: drill\nduration: 60s\n";

    private static String error(String text) {
        return error(text, "scenario.yaml");
    }

    private static String error(String text, String source) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(text, source));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    // ---------------------------------------------------------------- the bad inputs, one by one

    @Test
    void malformedYamlGetsTheParsersLineAndColumn() {
        assertEquals("scenario.yaml:3:6: malformed YAML: mapping values are not allowed here",
                error(HEAD + "  bad: indent\n"));
        assertEquals("scenario.yaml:3:1: malformed YAML: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence at 2:11)", error("name: x\nduration: [60s\n"));
    }

    @Test
    void malformedJsonGetsTheParsersLineAndColumn() {
        assertEquals("scenario.json:2:1: malformed JSON: Unexpected character ('}' (code 125)): was expecting"
                + " double-quote to start field name", error("{\"name\": \"x\", \"duration\": \"60s\",\n}", "scenario.json"));
        // comments are not JSON
        assertTrue(error("{\"name\": \"x\", // c\n\"duration\": \"60s\"}", "scenario.json")
                .startsWith("scenario.json:1:15: malformed JSON: Unexpected character ('/'"));
    }

    @Test
    void anUnknownFieldGetsTheClosestValidName() {
        assertEquals("scenario.yaml:5:5: topology.keepalived.advertint: unknown field; did you mean 'advert_int'?"
                + " (fields of topology.keepalived: version, advert_int, priority, preempt, garp_master_repeat,"
                + " garp_master_delay)", error(HEAD + "topology:\n  keepalived:\n    advertint: 2s\n"));
        // a field one level too high: the place where it belongs
        assertEquals("scenario.yaml:4:3: topology.advert_int: unknown field; did you mean"
                + " 'topology.keepalived.advert_int'? (fields of topology: base, file, segments, network_nodes, compute_nodes,"
                + " routers_per_project, keepalived, routers, snat_random_fully, timing, no_floating_ip,"
                + " node_names, external_networks)",
                error(HEAD + "topology:\n  advert_int: 2s\n"));
        assertTrue(error(HEAD + "advert_int: 2s\n")
                .startsWith("scenario.yaml:3:1: advert_int: unknown field; did you mean 'topology.keepalived.advert_int'?"));
        assertTrue(error(HEAD + "faults:\n  - at: 10s\n    kind: node_crash\n    nod: network-7\n")
                .startsWith("scenario.yaml:6:5: faults[0].nod: unknown field; did you mean 'node'? (fields of faults[i]:"));
        assertTrue(error(HEAD + "topology:\n  ntework_nodes: 3\n")
                .startsWith("scenario.yaml:4:3: topology.ntework_nodes: unknown field; did you mean 'network_nodes'?"));
        // nothing close: no guess, the list of what is allowed
        assertEquals("scenario.yaml:3:1: colour: unknown field (fields of a scenario: name, description, seed,"
                + " duration, topology, startup, probes, faults, assertions, sweep)", error(HEAD + "colour: blue\n"));
    }

    @Test
    void anUnknownNode() {
        assertEquals("scenario.yaml:6:5: faults[0].node: unknown node 'network-9'; did you mean 'network-7'?"
                + " (nodes of this topology: controller-1, controller-2, compute-3..compute-6, network-7, network-8;"
                + " or master)", error(HEAD + "faults:\n  - at: 10s\n    kind: node_crash\n    node: network-9\n"));
        // the same name is known in a bigger topology
        assertEquals(3, ScenarioLoaderTest.load(HEAD + "topology: {network_nodes: 3}\n"
                + "faults:\n  - {at: 10s, kind: node_crash, node: network-9}\n").topology().networkNodes());
        assertTrue(error(HEAD + "faults:\n  - {at: 10s, kind: ha_partition, between: [network-7, network-12]}\n")
                .contains("faults[0].between[1]: unknown node 'network-12'"));
    }

    @Test
    void anUnknownRouter() {
        assertEquals("scenario.yaml:6:15: faults[0].routers[0]: unknown router 'router83'; did you mean 'router80'?"
                + " (routers of this topology: router80..router82)",
                error(HEAD + "faults:\n  - at: 10s\n    kind: keepalived_sigkill\n    routers: [router83]\n"));
        assertEquals("scenario.yaml:5:5: topology.routers.router90: unknown router 'router90'; did you mean"
                + " 'router80'? (routers of this topology: router80..router82)",
                error(HEAD + "topology:\n  routers:\n    router90:\n      keepalived: {priority: 100}\n"));
    }

    @Test
    void advertIntZero() {
        assertEquals("scenario.yaml:5:5: topology.keepalived.advert_int: must be more than 0s (VRRPv2 advertises"
                + " in whole seconds, 1s..255s), got 0s", error(HEAD + "topology:\n  keepalived:\n    advert_int: 0s\n"));
        assertTrue(error(HEAD + "topology:\n  keepalived: {version: 3, advert_int: 0ms}\n")
                .contains("topology.keepalived.advert_int: must be more than 0s (VRRPv3 advertises in whole"
                        + " centiseconds, 10ms..40.95s), got 0s"));
    }

    @Test
    void aFaultAfterTheEnd() {
        assertEquals("scenario.yaml:8:5: faults[2].at: 70s is after the end of the run (duration 60s)",
                error(HEAD + "faults:\n  - {at: 10s, kind: node_crash}\n  - {at: 20s, kind: node_crash}\n"
                        + "  - kind: node_crash\n    node: network-7\n    at: 70s\n"));
        assertTrue(error(HEAD + "faults:\n  - {at: 60s, kind: node_crash}\n")
                .contains("faults[0].at: 60s is the end of the run (duration 60s)"));
    }

    @Test
    void aSweepWithNoValues() {
        assertEquals("scenario.yaml:4:3: sweep.keepalived.advert_int: no values: list the values to run with,"
                + " e.g. [1s, 2s]", error(HEAD + "sweep:\n  keepalived.advert_int: []\n"));
        // written with nothing after the colon: the same
        assertEquals("scenario.yaml:4:3: sweep.keepalived.advert_int: no values: list the values to run with,"
                + " e.g. [1s, 2s]", error(HEAD + "sweep:\n  keepalived.advert_int:\n  seed: [1]\n"));
        assertEquals("scenario.json:1:44: sweep.seed: no values: list the values to run with, e.g. [1, 2]",
                error("{\"name\": \"x\", \"duration\": \"60s\", \"sweep\": {\"seed\": []}}", "scenario.json"));
    }

    @Test
    void aDurationWithoutAUnit() {
        assertEquals("scenario.yaml:5:5: topology.keepalived.advert_int: 2 has no unit; use a unit, e.g. 2s"
                + " (ns, us, ms, s, m, h)", error(HEAD + "topology:\n  keepalived:\n    advert_int: 2\n"));
        assertEquals("scenario.json:1:15: duration: 60 has no unit; use a unit, e.g. 60s (ns, us, ms, s, m, h)",
                error("{\"name\": \"x\", \"duration\": 60}", "scenario.json"));
        assertEquals("scenario.yaml:2:1: duration: '60 s' is not a duration: use a number with a unit, one of ns,"
                + " us, ms, s, m, h (for example 2s, 150ms, 10us)", error("name: x\nduration: 60 s\n"));
        assertEquals("scenario.yaml:4:27: sweep.keepalived.advert_int[0]: 1 has no unit; use a unit, e.g. 1s",
                error(HEAD + "sweep:\n  keepalived.advert_int: [1, 2]\n"));
    }

    @Test
    void aWrongKind() {
        assertEquals("scenario.yaml:7:5: faults[1].kind: unknown value 'node_crush'; did you mean 'node_crash'?"
                + " (allowed: node_crash, node_reboot, keepalived_sigkill, keepalived_sigterm, keepalived_restart,"
                + " ha_partition, link_down, link_up, link_flap, vxlan_path_loss, l3_agent_restart, neutron_server_outage,"
                + " rpc_delay, link_loss, link_latency)",
                error(HEAD + "faults:\n  - at: 10s\n    kind: node_crash\n  - at: 20s\n    kind: node_crush\n"));
        assertTrue(error(HEAD + "probes:\n  - type: pnig\n")
                .endsWith("probes[0].type: unknown value 'pnig'; did you mean 'ping'? (allowed: ping, ssh)"));
    }

    // ---------------------------------------------------------------- everything else a file can get wrong

    static Stream<Arguments> badFiles() {
        String fault = HEAD + "faults:\n  - ";
        return Stream.of(
            // types: no coercion between strings, numbers and booleans
            Arguments.of(HEAD + "topology:\n  segments: '3'\n", "4:3: topology.segments: expected a whole number, got the string '3'"),
            Arguments.of(HEAD + "topology:\n  segments: 3.5\n", "4:3: topology.segments: expected a whole number, got the number 3.5"),
            Arguments.of(HEAD + "topology:\n  snat_random_fully: yes\n", "topology.snat_random_fully: expected true or false, got the string 'yes'"),
            Arguments.of(HEAD + "topology:\n  snat_random_fully: 1\n", "topology.snat_random_fully: expected true or false, got the number 1"),
            Arguments.of("name: 5\nduration: 60s\n", "1:1: name: expected a string, got the number 5"),
            Arguments.of(HEAD + "topology: [1]\n", "3:1: topology: expected a mapping of fields (base, file, segments,"),
            Arguments.of(HEAD + "topology:\n  segments: 99999999999\n", "topology.segments: the number 99999999999 is too large"),
            Arguments.of(HEAD + "faults:\n  - {at: 10s, kind: keepalived_sigkill, routers: router80}\n", "faults[0].routers: expected a list, got the string 'router80'"),
            Arguments.of(HEAD + "name: again\n", "3:5: the field 'name' is given twice"),
            Arguments.of(HEAD + "---\nname: second\n", "more after the end of the scenario: a file holds one scenario"),
            Arguments.of("", "scenario.yaml:1:1: the file is empty"),
            Arguments.of("- a\n", "1:1: a scenario file is a mapping of fields (name:, duration:, ...), got a list"),
            // required fields and ranges
            Arguments.of("duration: 60s\n", "scenario.yaml:1:1: name: missing: every scenario needs a name"),
            Arguments.of("name: a b\nduration: 60s\n", "1:1: name: 'a b': use letters, digits"),
            Arguments.of("name: x\n", "duration: missing: how long the run lasts"),
            Arguments.of("name: x\nduration: 0s\n", "2:1: duration: must be more than 0s"),
            Arguments.of(HEAD + "seed: -1\n", "3:1: seed: must be 0 or more, got -1"),
            Arguments.of(HEAD + "topology: {base: sead}\n", "topology.base: unknown value 'sead'; did you mean 'seed'? (allowed: seed)"),
            Arguments.of(HEAD + "topology: {segments: 0}\n", "topology.segments: must be at least 1, got 0"),
            Arguments.of(HEAD + "topology: {network_nodes: 1}\n", "topology.network_nodes: must be at least 2"),
            Arguments.of(HEAD + "topology: {compute_nodes: 0}\n", "topology.compute_nodes: must be at least 1"),
            Arguments.of(HEAD + "topology: {routers_per_project: 255}\n", "topology.routers_per_project: must be 1..254"),
            Arguments.of(HEAD + "topology: {segments: 100, external_networks: 65}\n", "topology.external_networks: must be 1..64 (segments share them) or 100"),
            Arguments.of(HEAD + "topology: {segments: 5000}\n", "topology: this cloud cannot be built: network-7 would need 10020 local VLANs, more than the 4094"),
            Arguments.of(HEAD + "topology: {compute_nodes: 250, network_nodes: 3}\n", "topology.compute_nodes: at most 252 compute and network nodes"),
            Arguments.of(HEAD + "topology: {segments: 30000}\n", "topology: this cloud cannot be built: IPv4 address part"),
            Arguments.of(HEAD + "topology: {keepalived: {version: 4}}\n", "topology.keepalived.version: unknown value 4 (allowed: 2, 3)"),
            Arguments.of(HEAD + "topology: {keepalived: {advert_int: 1500ms}}\n", "topology.keepalived.advert_int: VRRPv2 advertises in whole seconds, 1s..255s: got 1.5s (keepalived.version: 3 allows centiseconds)"),
            Arguments.of(HEAD + "topology: {keepalived: {version: 3, advert_int: 5ms}}\n", "topology.keepalived.advert_int: VRRPv3 advertises in whole centiseconds, 10ms..40.95s: got 5ms"),
            Arguments.of(HEAD + "topology: {keepalived: {priority: 256}}\n", "topology.keepalived.priority: must be 1..255, got 256"),
            Arguments.of(HEAD + "topology: {keepalived: {garp_master_repeat: 0}}\n", "topology.keepalived.garp_master_repeat: must be at least 1"),
            Arguments.of(HEAD + "topology:\n  keepalived: {version: 3, advert_int: 500ms}\n  routers:\n    router81:\n      keepalived: {version: 2}\n",
                    "7:20: topology.routers.router81.keepalived.version: VRRPv2 advertises in whole seconds, 1s..255s: got 500ms"),
            Arguments.of(HEAD + "topology:\n  routers:\n    router81:\n", "topology.routers.router81: empty: give the router's own settings under keepalived:"),
            Arguments.of(HEAD + "topology: {timing: {underlay_latency: 0s}}\n", "topology.timing.underlay_latency: must be more than 0s"),
            Arguments.of(HEAD + "topology: {timing: {l3_agent_workers: 0}}\n", "topology.timing.l3_agent_workers: must be at least 1, got 0"),
            // probes
            Arguments.of(HEAD + "probes:\n  - {direction: inbound}\n", "probes[0].type: missing: ping or ssh"),
            Arguments.of(HEAD + "probes:\n  - {type: ssh, direction: in}\n", "probes[0].direction: unknown value 'in' (allowed: inbound, outbound)"),
            Arguments.of(HEAD + "probes:\n  - {type: ssh, segments: [80, router81]}\n", "probes[0].segments[1]: unknown segment 'router81'; did you mean '81'? (segments are named by their number)"),
            Arguments.of(HEAD + "probes:\n  - {type: ssh, segments: [80, 80]}\n", "probes[0].segments[1]: segment 80 is listed twice"),
            Arguments.of(HEAD + "probes:\n  - {type: ssh, segments: []}\n", "probes[0].segments: an empty list: leave segments out to probe every segment"),
            Arguments.of(HEAD + "probes:\n  - {type: ssh, segments: [80.5]}\n", "probes[0].segments[0]: expected a segment name such as 80, got the number 80.5"),
            Arguments.of("name: x\nduration: 5s\nprobes:\n  - {type: ssh}\n", "probes[0].start: 10s (the default) is not before the end of the run (duration 5s)"),
            Arguments.of(HEAD + "probes:\n  - {type: ssh, interval: 0s}\n", "probes[0].interval: must be more than 0s"),
            Arguments.of(HEAD + "probes: [~]\n", "probes[0]: an empty entry"),
            // faults
            Arguments.of(fault + "{kind: node_crash}\n", "faults[0].at: missing: when the fault happens, e.g. at: 30s"),
            Arguments.of(fault + "{at: 10s}\n", "faults[0].kind: missing: one of node_crash, node_reboot,"),
            Arguments.of(fault + "{at: 10s, kind: node_crash, period: 2s}\n", "faults[0].period: does not apply to node_crash (its fields: at, kind, node)"),
            Arguments.of(fault + "{at: 10s, kind: node_crash, node: all}\n", "faults[0].node: 'all' does not apply to node_crash (allowed: compute and network nodes (compute-3..compute-6, network-7, network-8), master)"),
            Arguments.of(fault + "{at: 10s, kind: node_crash, node: controller-1}\n", "faults[0].node: controller-1 is a controller node; node_crash applies to compute and network nodes (compute-3..compute-6, network-7, network-8), master"),
            Arguments.of(fault + "{at: 10s, kind: keepalived_sigterm, node: compute-3}\n", "faults[0].node: compute-3 is a compute node; keepalived_sigterm applies to network nodes (network-7, network-8), master, all"),
            Arguments.of(fault + "{at: 10s, kind: ha_partition}\n", "faults[0].between: missing: ha_partition needs it, e.g. between: [network-7, network-8]"),
            Arguments.of(fault + "{at: 10s, kind: ha_partition, between: [network-7]}\n", "faults[0].between: give two nodes, e.g. [network-7, network-8], got 1"),
            Arguments.of(fault + "{at: 10s, kind: ha_partition, between: [network-7, network-7]}\n", "faults[0].between[1]: the same node twice"),
            Arguments.of(fault + "{at: 10s, kind: ha_partition, between: [network-7, compute-3]}\n", "faults[0].between[1]: compute-3 is a compute node; ha_partition applies to network nodes"),
            Arguments.of(fault + "{at: 10s, kind: ha_partition, between: [network-7, network-8], until: 10s}\n", "faults[0].until: 10s is not after at (10s)"),
            Arguments.of(fault + "{at: 10s, kind: vxlan_path_loss, between: [network-7, compute-3], loss: 1.5}\n", "faults[0].loss: must be a fraction from 0 to 1 (0.05 is 5%), got 1.5"),
            Arguments.of(fault + "{at: 10s, kind: link_down, link: wan}\n", "faults[0].link: unknown value 'wan' (allowed: tunnel, external)"),
            Arguments.of(fault + "{at: 10s, kind: link_down, node: compute-3, link: external}\n", "faults[0].node: compute-3 has no external uplink: only network nodes have one"),
            Arguments.of(fault + "{at: 10s, kind: link_flap, period: 0s}\n", "faults[0].period: must be more than 0s"),
            Arguments.of(fault + "{at: 10s, kind: l3_agent_restart, down_for: 0s}\n", "faults[0].down_for: must be more than 0s"),
            Arguments.of(fault + "{at: 10s, kind: keepalived_sigkill, routers: []}\n", "faults[0].routers: an empty list: leave routers out for every router on the node"),
            Arguments.of(fault + "{at: 10s, kind: keepalived_sigkill, routers: [router80, router80]}\n", "faults[0].routers[1]: router80 is listed twice"),
            // assertions
            Arguments.of(HEAD + "assertions: ['p90 takeover < 4s']\n", "3:14: assertions[0]: unknown statistic 'p90'; did you mean 'p50'?"),
            Arguments.of(HEAD + "assertions: ['takeover < 4']\n", "assertions[0]: takeover is a time: 4 has no unit; use a unit, e.g. 4s"),
            Arguments.of(HEAD + "assertions: ['max outage < 10s']\n", "assertions[0]: outage is measured by probes, and the scenario has none"),
            Arguments.of(HEAD + "probes: [{type: ping}]\nassertions: ['each flows_broken == 0']\n", "assertions[0]: flows_broken counts SSH sessions, and the scenario has no ssh probe"),
            // sweeps
            Arguments.of(HEAD + "sweep:\n  topology.keepalived.advert_int: [1s]\n", "sweep.topology.keepalived.advert_int: unknown parameter; did you mean 'keepalived.advert_int'?"),
            Arguments.of(HEAD + "sweep:\n  keepalived.advertint: [1s]\n", "sweep.keepalived.advertint: unknown parameter; did you mean 'keepalived.advert_int'?"),
            Arguments.of(HEAD + "sweep:\n  faults[0].at: [1s]\n", "sweep.faults[0].at: there is no fault 0 (the scenario has 0 faults)"),
            Arguments.of(HEAD + "sweep:\n  keepalived.version: [2, '3']\n", "sweep.keepalived.version[1]: expected a whole number, got the string '3'"),
            Arguments.of(HEAD + "sweep:\n  keepalived.preempt: [true, true]\n", "sweep.keepalived.preempt[1]: true is listed twice"),
            Arguments.of(HEAD + "sweep:\n  keepalived.advert_int: [1s, 500ms]\n", "sweep.keepalived.advert_int[1]: with 500ms: topology.keepalived.advert_int: VRRPv2 advertises in whole seconds"),
            Arguments.of(HEAD + "faults: [{at: 30s, kind: node_crash}]\nsweep:\n  faults[0].at: [30s, 90s]\n", "sweep.faults[0].at[1]: with 90s: faults[0].at: 90s is after the end of the run (duration 60s)"),
            Arguments.of(HEAD + "topology: {keepalived: {version: 3, advert_int: 500ms}}\nsweep:\n  keepalived.version: [3, 2]\n",
                    "sweep.keepalived.version[1]: with 2: topology.keepalived.advert_int: VRRPv2 advertises in whole seconds"),
            Arguments.of(HEAD + "topology: {keepalived: {version: 3}}\nsweep:\n  keepalived.version: [3, 2]\n  keepalived.advert_int: [1s, 500ms]\n",
                    "sweep: the run with keepalived.version=2, keepalived.advert_int=500ms is not valid: topology.keepalived.advert_int: VRRPv2"),
            Arguments.of(HEAD + "sweep:\n  seed: [" + String.join(", ", java.util.stream.IntStream.range(0, 400)
                    .mapToObj(Integer::toString).toList()) + "]\n  topology.segments: [" + String.join(", ", java.util.stream
                    .IntStream.range(1, 300).mapToObj(Integer::toString).toList()) + "]\n", "sweep: 119600 runs; at most 100000 in one sweep"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void everyMistakeGetsOneLineWithThePlaceAndTheField(String text, String expected) {
        String message = error(text);
        assertTrue(message.startsWith("scenario.yaml:"), message);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    // ---------------------------------------------------------------- good files

    static final String YAML = """
            name: pair
            description: "two faults"
            seed: 7
            duration: 2m
            topology:
              segments: 4
              network_nodes: 3
              keepalived: {version: 3, advert_int: 500ms, preempt: true}
              routers:
                router81:
                  keepalived: {priority: 100}
              timing: {underlay_latency: 150us, underlay_bandwidth_gbps: 25}
            probes:
              - type: ssh
                segments: [80, "83"]
              - {type: ping, direction: outbound, start: 5s, interval: 100ms}
            faults:
              - {at: 30s, kind: node_crash, node: master}
              - {at: 60s, kind: vxlan_path_loss, between: [network-9, compute-3], loss: 0.5, until: 90s}
            assertions: ["p99 takeover < 2s", "split_brain == 0"]
            sweep:
              keepalived.advert_int: [100ms, 500ms]
              seed: [1, 2, 3]
            """;

    static final String JSON = """
            {
              "name": "pair", "description": "two faults", "seed": 7, "duration": "2m",
              "topology": {
                "segments": 4, "network_nodes": 3,
                "keepalived": {"version": 3, "advert_int": "500ms", "preempt": true},
                "routers": {"router81": {"keepalived": {"priority": 100}}},
                "timing": {"underlay_latency": "150us", "underlay_bandwidth_gbps": 25}
              },
              "probes": [
                {"type": "ssh", "segments": ["80", 83]},
                {"type": "ping", "direction": "outbound", "start": "5s", "interval": "100ms"}
              ],
              "faults": [
                {"at": "30s", "kind": "node_crash", "node": "master"},
                {"at": "60s", "kind": "vxlan_path_loss", "between": ["network-9", "compute-3"], "loss": 0.5, "until": "90s"}
              ],
              "assertions": ["p99 takeover < 2s", "split_brain == 0"],
              "sweep": {"keepalived.advert_int": ["100ms", "500ms"], "seed": [1, 2, 3]}
            }
            """;

    static Scenario load(String yaml) {
        try {
            return ScenarioLoader.parse(yaml, "scenario.yaml");
        } catch (ScenarioException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void yamlAndJsonLoadToEqualScenarios() throws Exception {
        Scenario fromYaml = ScenarioLoader.parse(YAML, "pair.yaml");
        Scenario fromJson = ScenarioLoader.parse(JSON, "pair.json");
        assertEquals(fromYaml, fromJson);
        Scenario.Topology t = fromYaml.topology();
        assertEquals(500 * VirtualTime.MILLISECOND, t.keepalived().advertInt().nanos());
        assertEquals(100, t.routers().get("router81").keepalived().priority());
        assertEquals(25.0, t.timing().underlayBandwidthGbps());
        assertEquals(List.of("80", "83"), fromYaml.probes().get(0).segments());
        assertEquals(2 * VirtualTime.MINUTE, fromYaml.duration().nanos());
        assertEquals(List.of("keepalived.advert_int", "seed"), List.copyOf(fromYaml.sweep().keySet()));
        // and back: written as JSON, read again, the same
        assertEquals(fromYaml, ScenarioLoader.parse(ScenarioLoader.toJson(fromYaml), "again.json"));
    }

    @Test
    void filesAreReadByExtension(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("a.yml"), YAML);
        Path json = Files.writeString(dir.resolve("a.json"), JSON);
        assertEquals(ScenarioLoader.load(yaml), ScenarioLoader.load(json));
        Path txt = Files.writeString(dir.resolve("a.txt"), YAML);
        assertEquals(txt + ": unknown kind of file: scenario files end in .yaml, .yml or .json",
                assertThrows(ScenarioException.class, () -> ScenarioLoader.load(txt)).getMessage());
        Path missing = dir.resolve("missing.yaml");
        assertEquals(missing + ": no such file",
                assertThrows(ScenarioException.class, () -> ScenarioLoader.load(missing)).getMessage());
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xe9});
        assertEquals(latin1 + ": not UTF-8 text",
                assertThrows(ScenarioException.class, () -> ScenarioLoader.load(latin1)).getMessage());
        // YAML content in a .json file is read as JSON, and refused as such
        Path wrong = Files.writeString(dir.resolve("b.json"), YAML);
        assertTrue(assertThrows(ScenarioException.class, () -> ScenarioLoader.load(wrong)).getMessage()
                .startsWith(wrong + ":1:1: malformed JSON: "));
    }

    @Test
    void emptyValuesAreLeftOutFieldsAndMinimalFilesTakeEveryDefault() throws Exception {
        Scenario s = ScenarioLoader.parse(HEAD + "topology:\nprobes:\nfaults:\n", "scenario.yaml");
        assertEquals(new Scenario("drill", null, null, Dur.parse("60s"), null, null, null, null, null, null), s);
        Scenario c = ScenarioDefaults.complete(ScenarioLoader.parse(HEAD + "probes: [{type: ssh}]\n"
                + "faults:\n  - {at: 30s, kind: node_reboot}\n  - {at: 40s, kind: l3_agent_restart}\n", "scenario.yaml"));
        assertEquals(1L, c.seed());
        assertEquals(3, c.topology().segments());
        assertEquals(2, c.topology().networkNodes());
        assertEquals(4, c.topology().computeNodes());
        assertEquals(2, c.topology().keepalived().version());
        assertEquals(Dur.parse("2s"), c.topology().keepalived().advertInt());
        assertEquals(50, c.topology().keepalived().priority());
        assertFalse(c.topology().keepalived().preempt());
        assertEquals(Dur.parse("60s"), c.topology().keepalived().garpMasterDelay());
        assertEquals(Dur.parse("100us"), c.topology().timing().underlayLatency());
        assertEquals(10.0, c.topology().timing().underlayBandwidthGbps());
        assertEquals(new Scenario.Probe("ssh", "inbound", List.of("80", "81", "82"), Dur.parse("10s"), Dur.parse("1s")),
                c.probes().get(0));
        Scenario.Fault reboot = c.faults().get(0);
        assertEquals("master", reboot.node());
        assertEquals(Dur.parse("30s"), reboot.bootAfter());
        assertEquals(Dur.parse("5s"), reboot.l3AgentDelay());
        assertEquals(Dur.parse("15s"), reboot.ovsAgentDelay());
        assertEquals(null, reboot.downFor(), "fields of other kinds stay absent");
        assertEquals(Dur.parse("10s"), c.faults().get(1).downFor());
        assertEquals(List.of(), c.assertions());
        assertEquals(Map.of(), c.sweep());
        ScenarioValidator.validate(c, "completed"); // a completed scenario is still valid
    }

    @Test
    void perRouterSettingsOverTheGlobalOnes() throws Exception {
        Scenario c = ScenarioDefaults.complete(ScenarioLoader.parse(HEAD + "topology:\n  keepalived: {version: 3,"
                + " advert_int: 500ms}\n  routers:\n    router81:\n      keepalived: {priority: 100}\n", "s.yaml"));
        Scenario.Keepalived r81 = c.topology().routers().get("router81").keepalived();
        assertEquals(new Scenario.Keepalived(3, Dur.parse("500ms"), 100, false, 5, Dur.parse("60s")), r81);
        assertEquals(3, ScenarioDefaults.settingsOf(r81).version());
        assertEquals(500 * VirtualTime.MILLISECOND, ScenarioDefaults.settingsOf(r81).advertInterval());
        assertTrue(ScenarioDefaults.settingsOf(r81).nopreempt());
    }

    @Test
    void theValidatorWithoutAFileNamesTheFieldPath() {
        Scenario s = new Scenario("x", null, null, Dur.parse("60s"), null, null, null,
                List.of(new Scenario.Fault(Dur.parse("70s"), "node_crash", null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null)), null, null);
        assertEquals("built-in: faults[0].at: 70s is after the end of the run (duration 60s)",
                assertThrows(ScenarioException.class, () -> ScenarioValidator.validate(s, "built-in")).getMessage());
    }

    @Test
    void builtinScenariosComeFromTheClasspath() throws Exception {
        assertTrue(ScenarioLoader.loadBuiltin("no-such-scenario").isEmpty());
        assertTrue(ScenarioLoader.loadBuiltin("../scenario.schema").isEmpty(), "names are names, not paths");
        Scenario s = ScenarioLoader.loadBuiltin("file-loader-test").orElseThrow();
        assertEquals("file-loader-test", s.name());
    }

    @Test
    void sweepsMakeTheGridInFileOrder() throws Exception {
        Scenario s = ScenarioLoader.parse(YAML, "pair.yaml");
        assertEquals(6, Sweep.runs(s));
        List<Map<String, Object>> points = Sweep.points(s);
        assertEquals(6, points.size());
        assertEquals(Map.of("keepalived.advert_int", "100ms", "seed", 1), points.get(0));
        assertEquals(Map.of("keepalived.advert_int", "100ms", "seed", 2), points.get(1));
        assertEquals(Map.of("keepalived.advert_int", "500ms", "seed", 1), points.get(3));
        Scenario run = Sweep.apply(s, points.get(5));
        assertEquals(3L, run.seed());
        assertEquals(Dur.parse("500ms"), run.topology().keepalived().advertInt());
        assertEquals(3, run.topology().keepalived().version(), "the rest stays");
        assertEquals(null, run.sweep());
        Scenario moved = Sweep.apply(s, Map.of("faults[1].kind", "ha_partition", "faults[1].loss", 0.25,
                "topology.segments", 5, "timing.rpc_latency", "2ms", "keepalived.preempt", false));
        assertEquals("ha_partition", moved.faults().get(1).kind());
        assertEquals(0.25, moved.faults().get(1).loss());
        assertEquals(5, moved.topology().segments());
        assertEquals(Dur.parse("2ms"), moved.topology().timing().rpcLatency());
        assertEquals(Dur.parse("150us"), moved.topology().timing().underlayLatency());
        assertFalse(moved.topology().keepalived().preempt());
        assertEquals(1, Sweep.points(load(HEAD)).size());
        assertEquals(1, Sweep.runs(load(HEAD)));
    }

    @Test
    void faultKindsSayWhatTheyTake() {
        assertEquals(List.of("at", "kind", "node", "boot_after", "l3_agent_delay", "ovs_agent_delay"),
                FaultKind.NODE_REBOOT.allFields());
        assertEquals(List.of("between"), FaultKind.HA_PARTITION.required());
        assertTrue(FaultKind.L3_AGENT_RESTART.allowsAll());
        assertFalse(FaultKind.NODE_CRASH.allowsAll());
        assertEquals(FaultKind.LINK_FLAP, FaultKind.of("link_flap").orElseThrow());
    }

    static String readDoc() throws IOException {
        return Files.readString(Path.of("..", "docs", "scenarios.md"));
    }
}
