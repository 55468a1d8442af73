package io.kagami.scenario.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.scenario.file.BuiltinScenarios;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioLoader;
import io.kagami.scenario.file.Sweep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The library as shipped: the index and the files agree, and every file is a valid scenario. */
class BuiltinLibraryTest {
    /** The library's sources, from the module's directory (where Maven runs the tests). */
    private static final Path SOURCES = Path.of("src/main/resources/io/kagami/scenario/builtin");

    @Test
    void theIndexListsEveryFileOfTheLibraryOnceInItsOrder() throws Exception {
        List<String> names = BuiltinScenarios.names();
        assertEquals(List.of("seed-ha-check", "master-node-crash", "keepalived-sigkill", "keepalived-sigterm",
                "ha-partition-heal", "link-flapping", "reboot-double-master", "snat-vs-fip", "mass-failover-1000",
                "advert-int-x-priority-sweep"), names);
        assertEquals(names.size(), new TreeSet<>(names).size(), "no name twice");
        try (Stream<Path> files = Files.list(SOURCES)) {
            assertEquals(new TreeSet<>(names), files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - ".yaml".length())).collect(java.util.stream.Collectors
                            .toCollection(TreeSet::new)), "every .yaml of the library is in the index, and only those");
        }
    }

    @Test
    void everyScenarioLoadsIsNamedAfterItsFileAndSaysWhatItShowsInOneOrTwoSentences() throws Exception {
        List<Scenario> all = BuiltinScenarios.all();
        assertEquals(BuiltinScenarios.names().size(), all.size());
        for (Scenario s : all) {
            assertEquals(s, ScenarioLoader.load(SOURCES.resolve(s.name() + ".yaml")), "the jar's copy is the source's");
            assertTrue(BuiltinScenarios.names().contains(s.name()), s.name());
            assertTrue(s.description() != null && !s.description().isBlank(), s.name());
            String text = s.description().strip().replaceAll("\\s+", " ");
            String first = BuiltinScenarios.firstSentence(s);
            assertTrue(first.endsWith(".") && text.startsWith(first), s.name() + ": " + first);
            assertTrue(first.length() <= 110, s.name() + ": a first sentence short enough for kagami list: " + first);
            String rest = text.substring(first.length()).strip();
            assertTrue(rest.isEmpty() || rest.startsWith("Look at "), s.name() + ": the second sentence says what to"
                    + " look at: " + rest);
            assertTrue(rest.isEmpty() || rest.indexOf(". ") < 0 && rest.endsWith("."), s.name()
                    + ": one or two sentences: " + text);
            assertFalse(s.assertions() == null || s.assertions().isEmpty(), s.name() + " has assertions");
            assertTrue(s.duration().nanos() >= 40 * Formulas.S && s.duration().nanos() <= 90 * Formulas.S,
                    s.name() + " lasts 40s to 90s");
        }
    }

    @Test
    void onlyTheSweepHasASweepAndItsGridIsValid() throws Exception {
        for (Scenario s : BuiltinScenarios.all()) {
            boolean sweep = s.sweep() != null && !s.sweep().isEmpty();
            assertEquals(s.name().endsWith("-sweep"), sweep, s.name());
            if (sweep) {
                for (var point : Sweep.points(s)) {
                    Scenario run = Sweep.apply(s, point);
                    // each run of the grid is a valid scenario of its own
                    ScenarioLoader.parse(ScenarioLoader.toJson(run), s.name() + ".json");
                }
            }
        }
    }

    @Test
    void theFirstSentenceEndsAtAPeriodFollowedBySpaceOrTheEnd() {
        Scenario s = new Scenario("x", "  Shows 6.8s and DOMAIN.md\n  section 1. Look at\n it.\n", null, null, null, null,
                null, null, null, null);
        assertEquals("Shows 6.8s and DOMAIN.md section 1.", BuiltinScenarios.firstSentence(s));
        assertEquals("no period", BuiltinScenarios.firstSentence(new Scenario("x", "no period", null, null, null, null,
                null, null, null, null)));
        assertEquals("", BuiltinScenarios.firstSentence(new Scenario("x", null, null, null, null, null, null, null,
                null, null)));
    }
}
