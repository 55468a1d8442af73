package io.kagami.scenario.file;

import static io.kagami.scenario.cli.KagamiRun.kagami;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kagami.scenario.cli.Kagami;
import io.kagami.scenario.cli.KagamiRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kagami validate} and {@code kagami schema} as a user meets them, and the doc's examples. */
class ScenarioCommandsTest {

    @Test
    void validateSaysOkWithWhatTheFileHolds(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("pair.yaml"), ScenarioLoaderTest.YAML);
        Path json = Files.writeString(dir.resolve("pair.json"), ScenarioLoaderTest.JSON);
        Path small = Files.writeString(dir.resolve("small.yml"), "name: s\nduration: 20s\nprobes: [{type: ping}]\n");
        KagamiRun o = kagami("validate", good.toString(), json.toString(), small.toString());
        assertEquals(0, o.status(), o.err());
        assertEquals(good + ": ok (2 probes, 2 faults, 2 assertions, sweep of 6 runs)\n"
                + json + ": ok (2 probes, 2 faults, 2 assertions, sweep of 6 runs)\n"
                + small + ": ok (1 probe, 0 faults, 0 assertions)\n", o.out().replace("\r\n", "\n"));
        assertEquals("", o.err());
    }

    @Test
    void validateGivesOneLinePerBadFileAndStatusTwo(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.yaml"), "name: g\nduration: 20s\n");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: b\nduration: 60s\nfaults:\n"
                + "  - {at: 70s, kind: node_crash}\n");
        Path missing = dir.resolve("missing.yaml");
        KagamiRun o = kagami("validate", bad.toString(), good.toString(), missing.toString());
        assertEquals(2, o.status());
        assertEquals(good + ": ok (0 probes, 0 faults, 0 assertions)\n", o.out().replace("\r\n", "\n"));
        assertEquals(bad + ":4:6: faults[0].at: 70s is after the end of the run (duration 60s)\n"
                + missing + ": no such file\n", o.err().replace("\r\n", "\n"));
    }

    @Test
    void validateWithoutAFileIsAUsageError() {
        KagamiRun o = kagami("validate");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("Missing required parameter: 'FILE'"), o.err());
        KagamiRun help = kagami("validate", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("Checks scenario files"), help.out());
    }

    @Test
    void schemaPrintsTheShippedSchema() throws Exception {
        KagamiRun o = kagami("schema");
        assertEquals(0, o.status(), o.err());
        ObjectMapper m = new ObjectMapper();
        assertEquals(m.readTree(ScenarioLoader.schema()), m.readTree(o.out()));
        assertEquals("Kagami scenario", m.readTree(o.out()).get("title").asText());
        assertTrue(kagami("--help").out().contains("schema"), "listed among the verbs");
    }

    /** Every complete scenario in docs/scenarios.md (a fenced block starting with name) is valid. */
    @Test
    void theDocsExamplesAreValid(@TempDir Path dir) throws Exception {
        String doc = ScenarioLoaderTest.readDoc();
        Matcher block = Pattern.compile("```(yaml|json)\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> names = new ArrayList<>();
        while (block.find()) {
            String body = block.group(2);
            boolean json = block.group(1).equals("json");
            if (!(json ? body.strip().startsWith("{\n  \"name\"") : body.lines().anyMatch(l -> l.startsWith("name: ")))) {
                continue;
            }
            // in docs/, next to the topology file the full example names
            Scenario s = ScenarioLoader.parse(body, Path.of("..", "docs", "example." + block.group(1)).toString());
            names.add(s.name());
            if (s.name().equals("everything")) {
                everyFeatureIsInTheFullExample(s);
                Files.copy(Path.of("..", "docs", "example-cloud.yaml"), dir.resolve("example-cloud.yaml"));
                Path file = Files.writeString(dir.resolve("everything.yaml"), body);
                String expected = doc.substring(doc.indexOf("`kagami validate` prints for it:"));
                expected = expected.substring(expected.indexOf("```\n") + 4, expected.indexOf("\n```", expected.indexOf("```\n") + 4));
                KagamiRun o = kagami("validate", file.toString());
                assertEquals(0, o.status(), o.err());
                assertEquals(expected.replace("everything.yaml", file.toString()), o.out().strip());
            }
        }
        assertEquals(List.of("seed-crash", "everything", "sigterm-v3"), names);
    }

    private static void everyFeatureIsInTheFullExample(Scenario s) {
        List<String> kinds = s.faults().stream().map(Scenario.Fault::kind).toList();
        assertEquals(FaultKind.fileNames(), kinds, "every fault kind, in the order of the table");
        List<String> measurements = s.assertions().stream().map(a -> AssertionExpr.parse(a).measurement()).distinct()
                .sorted().toList();
        assertEquals(AssertionExpr.MEASUREMENTS.stream().sorted().toList(), measurements);
        // every field of every record is written somewhere in the example
        String json = ScenarioLoader.toJson(s);
        for (Class<?> r : Scenario.class.getDeclaredClasses()) {
            for (String f : Suggest.fieldNames(r)) {
                assertTrue(json.contains("\"" + f + "\""), r.getSimpleName() + "." + f + " is in the full example");
            }
        }
        for (String f : Suggest.fieldNames(Scenario.class)) {
            assertTrue(json.contains("\"" + f + "\""), f + " is in the full example");
        }
        assertTrue(s.probes().stream().map(Scenario.Probe::type).distinct().count() == 2, "ping and ssh");
        assertTrue(s.faults().stream().anyMatch(f -> "all".equals(f.node())));
        assertTrue(s.faults().stream().anyMatch(f -> "master".equals(f.node())));
    }
}
