package io.kagami.scenario.builtin;

import static io.kagami.scenario.builtin.Formulas.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.testing.SharedKernel;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.Sweep;
import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * advert-int-x-priority-sweep: the file is checked whole (its grid), and two of its six runs are
 * made here through {@link Sweep#apply} and the runner (not through {@code kagami sweep}), each
 * takeover judged against 3 x advert_int + (256 - priority)/256 s.
 */
@ExtendWith(SharedKernel.class)
class AdvertIntPrioritySweepTest {
    private static final long CRASH = 30 * S;
    private final Kernel kernel;

    AdvertIntPrioritySweepTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void theGridIsAdvertIntTimesPriority() throws Exception {
        Scenario s = Formulas.builtin("advert-int-x-priority-sweep");
        List<Map<String, Object>> points = Sweep.points(s);
        assertEquals(6, points.size());
        assertEquals(Map.of("keepalived.advert_int", "1s", "keepalived.priority", 50), points.get(0));
        assertEquals(Map.of("keepalived.advert_int", "3s", "keepalived.priority", 100), points.get(5));
        // the file's assertions span the whole grid: [master_down - advert_int, master_down] + latency
        // from (1s, 100) to (3s, 50)
        assertEquals(3 * S + Formulas.skew(100) - S, 2_609_375_000L);
        assertEquals(Formulas.masterDown(3 * S, 50), 9_804_687_000L);
        assertTrue(s.assertions().contains("each takeover >= 2.609375s"), s.assertions().toString());
        assertTrue(s.assertions().contains("each takeover <= 9.804788s"), s.assertions().toString());
    }

    @ParameterizedTest(name = "advert_int {0}s, priority {1}")
    @CsvSource({"1, 100", "3, 50"})
    void aPointOfTheGridFailsOverOnItsOwnTimers(int advertSeconds, int priority) throws Exception {
        Scenario s = Formulas.builtin("advert-int-x-priority-sweep");
        Map<String, Object> point = Map.of("keepalived.advert_int", advertSeconds + "s",
                "keepalived.priority", priority);
        assertTrue(Sweep.points(s).contains(point), point.toString());
        ScenarioResult r = io.kagami.scenario.run.ScenarioRunner.run(kernel, Sweep.apply(s, point), 1, point);
        Formulas.assertPassed(r);
        assertEquals(point, r.parameters());
        long advertInt = advertSeconds * S;
        List<SegmentResult> failedOver = Formulas.masteredBy(r, "network-8");
        assertEquals(2, failedOver.size(), "equal priorities: the higher ha- address, network-8 for two routers");
        for (SegmentResult seg : failedOver) {
            Formulas.assertCrashTakeover(advertInt, priority, seg.takeoverNs(), seg.router());
            Formulas.assertNear(Formulas.crashTakeover(CRASH, advertInt, priority), seg.takeoverNs(),
                    seg.router() + " takeover, from the adverts' phase");
        }
    }
}
