package io.kagami.scenario.builtin;

import static io.kagami.scenario.cli.KagamiRun.kagami;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.scenario.cli.KagamiRun;
import io.kagami.scenario.file.BuiltinScenarios;
import io.kagami.scenario.file.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library on the command line: {@code kagami list}, and {@code kagami run NAME}. */
class BuiltinCliTest {

    @Test
    void listPrintsEveryBuiltinWithTheFirstSentenceOfItsDescriptionAligned() throws Exception {
        KagamiRun o = kagami("list");
        assertEquals(0, o.status(), o.err());
        assertEquals("", o.err());
        List<Scenario> all = BuiltinScenarios.all();
        List<String> lines = o.out().lines().toList();
        assertEquals(all.size(), lines.size(), o.out());
        int width = all.stream().mapToInt(s -> s.name().length()).max().orElseThrow();
        for (int i = 0; i < all.size(); i++) {
            Scenario s = all.get(i);
            String line = lines.get(i);
            assertTrue(line.startsWith(s.name() + " "), line);
            assertEquals(s.name(), line.substring(0, width).strip(), "the names in one column: " + line);
            assertEquals("  ", line.substring(width, width + 2), line);
            assertEquals(BuiltinScenarios.firstSentence(s), line.substring(width + 2), "the descriptions in the next");
        }
        assertTrue(lines.get(0).startsWith("seed-ha-check "), o.out());
        assertTrue(o.out().contains("master-node-crash  "), o.out());
        assertTrue(kagami("--help").out().lines().anyMatch(l -> l.strip().startsWith("list ")), "listed among the verbs");
    }

    @Test
    void runFindsABuiltinByNameAndItsAssertionsHold() {
        KagamiRun o = kagami("run", "master-node-crash");
        assertEquals(0, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("master-node-crash"), o.out());
        assertTrue(o.out().contains("PASS  each takeover <= 6.804788s"), o.out());
    }

    @Test
    void anUnknownNameIsRefusedListingEveryName() {
        KagamiRun o = kagami("run", "master-node-crush");
        assertEquals(2, o.status(), o.out() + o.err());
        assertTrue(o.err().contains("unknown scenario 'master-node-crush'"), o.err());
        for (String name : BuiltinScenarios.names()) {
            assertTrue(o.err().contains(name), name + " in " + o.err());
        }
        assertTrue(o.err().contains("seed-failover") && o.err().contains("keepalived-pair"), o.err());
    }

    @Test
    void theJavaDrillsKeepTheirNames() {
        KagamiRun o = kagami("run", "keepalived-pair");
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("Entering MASTER STATE"), o.out());
    }
}
