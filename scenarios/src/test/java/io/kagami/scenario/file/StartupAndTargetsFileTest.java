package io.kagami.scenario.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The file format of startup: and of the fault targets routers:/segments:: fields, defaults, messages. */
class StartupAndTargetsFileTest {
    private static final String HEAD = "name: x\nduration: 60s\n";

    private static Scenario parse(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "scenario.yaml");
    }

    private static String error(String yaml) {
        return assertThrows(ScenarioException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void startupDefaultsToEverythingAtZero() throws Exception {
        Scenario.Startup none = ScenarioDefaults.complete(parse(HEAD)).startup();
        assertEquals(new Scenario.Startup(Map.of(), Dur.of(0), Dur.of(0), Dur.of(0), Dur.of(0)), none);
        Scenario.Startup s = ScenarioDefaults.complete(parse(HEAD + "startup:\n  nodes: {network-8: 3s, compute-3: 1s}\n"
                + "  stagger: 50ms\n  l3_agent: 2s\n")).startup();
        assertEquals(Map.of("network-8", Dur.parse("3s"), "compute-3", Dur.parse("1s")), s.nodes());
        assertEquals(List.of(Dur.of(0), Dur.parse("2s"), Dur.of(0), Dur.parse("50ms")),
                List.of(s.ovsAgent(), s.l3Agent(), s.keepalived(), s.stagger()));
    }

    @Test
    void badStartupsAreNamedWithThePlace() {
        assertEquals("scenario.yaml:4:11: startup.nodes.netwrok-8: unknown node 'netwrok-8'; did you mean 'network-8'?"
                + " (network and compute nodes of this topology: compute-3..compute-6, network-7, network-8)",
                error(HEAD + "startup:\n  nodes: {netwrok-8: 3s}\n"));
        assertEquals("scenario.yaml:4:11: startup.nodes.controller-1: controller-1 is a controller: neutron-server"
                + " runs from 0s in the twin (give a network or compute node: compute-3..compute-6,"
                + " network-7, network-8)", error(HEAD + "startup:\n  nodes: {controller-1: 3s}\n"));
        assertEquals("scenario.yaml:4:11: startup.nodes.network-7: 60s is not before the end of the run (duration 60s)",
                error(HEAD + "startup:\n  nodes: {network-7: 60s}\n"));
        assertEquals("scenario.yaml:4:3: startup.stager: unknown field; did you mean 'stagger'? (fields of startup:"
                + " nodes, ovs_agent, l3_agent, keepalived, stagger)", error(HEAD + "startup:\n  stager: 1s\n"));
        assertEquals("scenario.yaml:4:3: startup.keepalived: 1 has no unit; use a unit, e.g. 1s (ns, us, ms, s, m, h)",
                error(HEAD + "startup:\n  keepalived: 1\n"));
        assertEquals("scenario.yaml:5:5: faults[0].at: 5s is before network-8 powers up (startup.nodes.network-8:"
                + " 10s): a fault on a server that is still off is not modelled", error(HEAD
                + "startup: {nodes: {network-8: 10s}}\nfaults:\n  - at: 5s\n    kind: keepalived_sigkill\n    node: all\n"));
    }

    @Test
    void renamedNodesAreTheNamesFaultsAndStartUpUse() throws Exception {
        String named = HEAD + "topology:\n  node_names: {network-8: net-b, compute-3: rack1-cmp1}\n";
        Scenario s = parse(named + "startup: {nodes: {net-b: 1s}}\nfaults:\n  - {at: 20s, kind: node_crash, node: net-b}\n"
                + "  - {at: 30s, kind: vxlan_path_loss, between: [network-7, rack1-cmp1]}\n");
        assertEquals(Map.of("network-8", "net-b", "compute-3", "rack1-cmp1"),
                ScenarioDefaults.complete(s).topology().nodeNames());
        assertEquals("scenario.yaml:8:5: faults[0].node: unknown node 'network-8'; it is named net-b (topology.node_names) (nodes of"
                + " this topology: controller-1, controller-2, rack1-cmp1, compute-4..compute-6, network-7, net-b; or"
                + " master)", error(named + "faults:\n  - at: 20s\n    kind: node_crash\n    node: network-8\n"));
        String t = HEAD + "topology:\n  node_names:\n    ";
        assertEquals("scenario.yaml:5:5: topology.node_names.network-9: unknown node 'network-9'; did you mean"
                + " 'network-7'? (give the default name of a node of this topology: controller-1, controller-2,"
                + " compute-3..compute-6, network-7, network-8)", error(t + "network-9: x\n"));
        assertEquals("scenario.yaml:5:5: topology.node_names.network-8: 'net_b': a host name is letters, digits and"
                + " '-' (not first or last), at most 63 characters, e.g. net-a", error(t + "network-8: net_b\n"));
        assertEquals("scenario.yaml:5:5: topology.node_names.network-8: 'master' is a word of faults' node: (the"
                + " busiest master, every network node)", error(t + "network-8: master\n"));
        assertEquals("scenario.yaml:5:5: topology.node_names.network-8: 'network-7' is another node's name",
                error(t + "network-8: network-7\n"));
    }

    @Test
    void keepalivedFaultsAndHaPartitionsTakeSegments() throws Exception {
        Scenario s = parse(HEAD + "faults:\n  - {at: 20s, kind: keepalived_sigterm, segments: [81, \"82\"]}\n"
                + "  - {at: 30s, kind: ha_partition, between: [network-7, network-8], routers: [router80]}\n");
        assertEquals(List.of("81", "82"), s.faults().get(0).segments());
        assertNull(s.faults().get(0).routers());
        assertEquals(List.of("router80"), s.faults().get(1).routers());
    }

    @Test
    void badTargetsSayWhatTheKindActsOn() {
        String f = HEAD + "faults:\n  - at: 20s\n";
        assertEquals("scenario.yaml:6:20: faults[0].segments[1]: unknown segment '85'; did you mean '80'? (segments of this topology:"
                + " 80..82)", error(f + "    kind: keepalived_sigkill\n    segments: [80, 85]\n"));
        assertEquals("scenario.yaml:6:16: faults[0].segments[0]: unknown segment 'seg81'; did you mean '81'? (segments"
                + " are named by their number) (segments of this topology: 80..82)", error(f + "    kind: keepalived_restart\n    segments: [seg81]\n"));
        assertEquals("scenario.yaml:7:5: faults[0].segments: give routers or segments, not both (segment 80 is"
                + " router80's)", error(f + "    kind: keepalived_sigterm\n    routers: [router80]\n    segments: [81]\n"));
        assertEquals("scenario.yaml:6:5: faults[0].segments: an empty list: leave segments out for every project's HA"
                + " network", error(f + "    kind: ha_partition\n    segments: []\n    between: [network-7, network-8]\n"));
        assertEquals("scenario.yaml:6:5: faults[0].segments: does not apply to l3_agent_restart, which acts on a node"
                + " (node: a name, master, all) (its fields: at, kind, node, down_for)",
                error(f + "    kind: l3_agent_restart\n    segments: [80]\n"));
        assertEquals("scenario.yaml:6:5: faults[0].routers: does not apply to node_crash, which acts on a node (node: a"
                + " name, master) (its fields: at, kind, node)", error(f + "    kind: node_crash\n    routers: [router80]\n"));
        assertEquals("scenario.yaml:6:5: faults[0].node: does not apply to ha_partition, which acts on two nodes"
                + " (between) and the HA networks of some routers' projects (routers or segments) (its fields: at, kind,"
                + " between, routers, segments, until, one_way)", error(f + "    kind: ha_partition\n    node: all\n"
                + "    between: [network-7, network-8]\n"));
    }
}
