package io.kagami.scenario.cli;

import static io.kagami.scenario.cli.KagamiRun.kagami;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kagami run FILE as a CI pipeline uses it: reports under --out, exit 1 when an assertion fails. */
class RunFileTest {
    @TempDir
    Path dir;

    private Path scenario(String assertion) throws Exception {
        Path f = dir.resolve("crash.yaml");
        Files.writeString(f, """
                name: master-node-crash
                description: the busiest network node powers off
                duration: 50s
                probes:
                  - type: ssh
                faults:
                  - at: 30s
                    kind: node_crash
                assertions:
                  - "each takeover <= 6.9s"
                  - "%s"
                """.formatted(assertion));
        return f;
    }

    @Test
    void heldAssertionsExitZeroAndWriteTheFourReports() throws Exception {
        Path out = dir.resolve("out");
        KagamiRun o = kagami("run", scenario("max outage < 10s").toString(), "--out", out.toString());
        assertEquals(0, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("PASS  max outage < 10s"), o.out());
        for (String f : new String[] {"report.json", "segments.csv", "junit.xml", "report.html"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode j = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertTrue(j.at("/passed").asBoolean(), j.toString());
    }

    @Test
    void aFailedAssertionExitsOneAndSaysByHowMuch() throws Exception {
        KagamiRun o = kagami("run", scenario("p99 takeover < 4s").toString());
        assertEquals(1, o.status(), o.out() + o.err());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("FAIL  p99 takeover < 4s") && l.contains("off by")),
                o.out());
    }

    @Test
    void aBadFileIsOneMessageWithItsPlaceAndNothingIsWritten() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "name: x\nduration: 60s\nfaults:\n  - at: 70s\n    kind: node_crash\n");
        Path out = dir.resolve("out");
        KagamiRun o = kagami("run", f.toString(), "--out", out.toString());
        assertEquals(2, o.status());
        assertTrue(o.err().contains("bad.yaml:4:") && o.err().contains("faults[0].at: 70s is after the end"),
                o.err());
        assertFalse(Files.exists(out), "nothing written to --out");
    }

    @Test
    void drillOptionsAreRefusedWithAFile() throws Exception {
        KagamiRun o = kagami("run", scenario("max outage < 10s").toString(), "--fault-at", "20s");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("--fault-at applies to the built-in drills"), o.err());
    }

    @Test
    void jsonPrintsTheReport() throws Exception {
        KagamiRun o = kagami("run", scenario("max outage < 10s").toString(), "--json");
        assertEquals(0, o.status(), o.err());
        JsonNode j = new ObjectMapper().readTree(o.out());
        assertEquals("master-node-crash", j.at("/runs/0/scenario").asText(), o.out());
    }
}
