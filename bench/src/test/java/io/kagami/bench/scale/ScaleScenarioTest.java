package io.kagami.bench.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scale benchmark's scenario is a valid scenario at every size it is run at, with the same
 * shape: 6 network nodes, external networks of up to 200 segments, network-7 off at minute 5 of 10.
 * (Validation builds the cloud's spec, so a size that would run out of local VLANs fails here.)
 */
class ScaleScenarioTest {

    @ParameterizedTest
    @ValueSource(ints = {10, 100, 1000, 10000})
    void theScenarioIsValidAtEverySize(int segments) throws Exception {
        Scenario s = ScenarioLoader.parse(ScaleBenchmark.scenario(segments), "scale-" + segments + ".yaml");
        assertEquals(segments, s.topology().segments());
        assertEquals(6, s.topology().networkNodes());
        assertEquals((segments + 199) / 200, s.topology().externalNetworks());
        assertEquals(1, s.faults().size());
        assertEquals("network-7", s.faults().get(0).node());
        assertEquals(600_000_000_000L, s.duration().nanos());
        assertEquals(300_000_000_000L, s.faults().get(0).at().nanos());
    }
}
