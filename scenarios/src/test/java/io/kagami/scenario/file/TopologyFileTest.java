package io.kagami.scenario.file;

import static io.kagami.scenario.cli.KagamiRun.kagami;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kagami.scenario.cli.KagamiRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topology files: named by a scenario relative to its own file, checked on their own, overridden by the scenario. */
class TopologyFileTest {
    private static final String CLOUD = """
            description: a bigger cloud
            topology:
              segments: 6
              network_nodes: 3
              keepalived:
                advert_int: 1s
              routers:
                router81:
                  keepalived:
                    version: 3
                    advert_int: 500ms
              timing:
                rpc_latency: 2ms
              no_floating_ip: [85]
              node_names: {network-7: net-a, network-8: net-b}
            """;

    private static Path scenario(Path dir, String topology) throws Exception {
        return Files.writeString(dir.resolve("drill.yaml"), "name: drill\nduration: 60s\ntopology:\n" + topology);
    }

    private static String error(Path file) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file)).getMessage();
    }

    @Test
    void theScenariosFieldsOverrideTheFilesFieldByField(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("clouds"));
        Files.writeString(dir.resolve("clouds/big.yaml"), CLOUD);
        Scenario s = ScenarioLoader.load(scenario(dir, """
                  file: clouds/big.yaml
                  segments: 4
                  keepalived:
                    priority: 100
                  routers:
                    router81:
                      keepalived:
                        priority: 200
                  timing:
                    l3_agent_workers: 4
                  no_floating_ip: [82]
                  node_names: {network-8: net-2}
                """));
        Scenario.Topology t = s.topology();
        assertEquals("clouds/big.yaml", t.file(), "kept for reports");
        assertEquals(4, t.segments(), "the scenario's");
        assertEquals(3, t.networkNodes(), "the file's");
        assertEquals(Dur.parse("1s"), t.keepalived().advertInt(), "the file's keepalived field");
        assertEquals(100, t.keepalived().priority(), "the scenario's keepalived field");
        Scenario.Keepalived r81 = t.routers().get("router81").keepalived();
        assertEquals(List.of(3, Dur.parse("500ms"), 200), List.of(r81.version(), r81.advertInt(), r81.priority()));
        assertEquals(Dur.parse("2ms"), t.timing().rpcLatency());
        assertEquals(4, t.timing().l3AgentWorkers());
        assertEquals(List.of("82"), t.noFloatingIp(), "a list is replaced whole");
        assertEquals(Map.of("network-7", "net-a", "network-8", "net-2"), t.nodeNames(), "names merge name by name");
        // complete: the defaults fill what neither gives
        Scenario c = ScenarioDefaults.complete(s);
        assertEquals(4, c.topology().computeNodes());
        assertEquals(Dur.parse("500ms"), c.topology().routers().get("router81").keepalived().advertInt());
    }

    @Test
    void theShippedExampleLoads() throws Exception {
        Path docs = Path.of("..", "docs");
        Scenario s = ScenarioLoader.parse("name: x\nduration: 60s\ntopology: {file: example-cloud.yaml}\n",
                docs.resolve("x.yaml").toString());
        assertEquals(6, s.topology().segments());
        assertEquals(3, s.topology().routersPerProject());
        assertEquals(3, s.topology().routers().get("router81").keepalived().version());
    }

    @Test
    void problemsInTheTopologyFileNameItsPlace(@TempDir Path dir) throws Exception {
        Path cloud = dir.resolve("cloud.yaml");
        Path drill = scenario(dir, "  file: cloud.yaml\n");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("topology:\n  segmnets: 4\n", ":2:3: topology.segmnets: unknown field; did you mean 'segments'?");
        cases.put("topology:\n  network_nodes: 1\n", ":2:3: topology.network_nodes: must be at least 2 (an HA router"
                + " lives on two), got 1");
        cases.put("topology:\n  keepalived: {advert_int: 2}\n", ":2:16: topology.keepalived.advert_int: 2 has no"
                + " unit; use a unit, e.g. 2s");
        cases.put("topology:\n  routers: {router99: {keepalived: {priority: 1}}}\n",
                ":2:13: topology.routers.router99: unknown router 'router99'");
        cases.put("colour: blue\ntopology: {}\n", ":1:1: colour: unknown field (fields of a topology file:"
                + " description, topology)");
        cases.put("description: no cloud\n", ":1:1: topology: missing: the cloud, under topology:");
        cases.put("topology:\n  file: other.yaml\n", ":2:3: topology.file: a topology file cannot name another");
        cases.put("", ":1:1: the file is empty: a topology file needs at least topology:");
        cases.put("topology: [1]\n", ":1:1: topology: expected a mapping of fields (base, file, segments,");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(cloud, c.getKey());
            String e = error(drill);
            assertTrue(e.startsWith(cloud + c.getValue()), c.getKey() + " -> " + e);
            assertFalse(e.contains("\n"), "one line");
        }
    }

    @Test
    void aMissingOrOddTopologyFileIsNamedAtTheScenariosField(@TempDir Path dir) throws Exception {
        assertEquals(dir.resolve("drill.yaml") + ":4:3: topology.file: no such file 'nope.yaml' (looked for "
                + dir.resolve("nope.yaml") + ", next to the scenario)", error(scenario(dir, "  file: nope.yaml\n")));
        assertEquals(dir.resolve("drill.yaml") + ":4:3: topology.file: 'cloud.txt': topology files end in .yaml,"
                + " .yml or .json", error(scenario(dir, "  file: cloud.txt\n")));
        // the merged cloud is checked too: a router of the scenario's own that the file's cloud lacks
        Files.writeString(dir.resolve("cloud.json"), "{\"topology\": {\"segments\": 2}}");
        assertTrue(error(scenario(dir, "  file: cloud.json\n  routers: {router85: {keepalived: {priority: 9}}}\n"))
                .startsWith(dir.resolve("drill.yaml") + ":5:13: topology.routers.router85: unknown router 'router85'"));
    }

    @Test
    void kagamiRunRefusesABadTopologyFileWithStatusTwoAndWritesNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cloud.yaml"), "topology:\n  compute_nodes: 0\n");
        Path drill = scenario(dir, "  file: cloud.yaml\n");
        Path out = dir.resolve("out");
        KagamiRun o = kagami("run", drill.toString(), "--out", out.toString());
        assertEquals(2, o.status(), o.err());
        assertEquals("kagami run: " + dir.resolve("cloud.yaml") + ":2:3: topology.compute_nodes: must be at least 1 (the VMs"
                + " live there), got 0", o.err().lines().findFirst().orElseThrow());
        assertFalse(Files.exists(out));
        KagamiRun v = kagami("validate", drill.toString());
        assertEquals(2, v.status());
    }

    @Test
    void kagamiValidateChecksATopologyFileOnItsOwn(@TempDir Path dir) throws Exception {
        KagamiRun ok = kagami("validate", "../docs/example-cloud.yaml");
        assertEquals(0, ok.status(), ok.err());
        assertEquals("../docs/example-cloud.yaml: ok (a topology file)", ok.out().strip());
        Files.writeString(dir.resolve("cloud.yaml"), "description: bad\ntopology:\n  segmnets: 4\n");
        KagamiRun bad = kagami("validate", dir.resolve("cloud.yaml").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith(dir.resolve("cloud.yaml") + ":3:3: topology.segmnets: unknown field; did you"
                + " mean 'segments'?"), bad.err());
    }

    @Test
    void theTopologySchemaRefersToTheScenarioSchemasTopology() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode schema = m.readTree(ScenarioLoader.topologySchema());
        List<String> fields = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(fields::add);
        assertEquals(Suggest.fieldNames(TopologyFile.class), fields);
        assertEquals(List.of("topology"), List.of(schema.path("required").get(0).asText()));
        assertFalse(schema.path("additionalProperties").asBoolean(true));
        JsonNode topology = schema.at("/properties/topology");
        assertEquals("scenario.schema.json#/$defs/topology", topology.path("$ref").asText());
        assertFalse(m.readTree(ScenarioLoader.schema()).at("/$defs/topology").isMissingNode());
        assertTrue(topology.at("/properties/file").isBoolean() && !topology.at("/properties/file").asBoolean(),
                "no file inside a topology file");
        KagamiRun o = kagami("schema", "--topology");
        assertEquals(0, o.status(), o.err());
        assertEquals(schema, m.readTree(o.out()));
    }
}
