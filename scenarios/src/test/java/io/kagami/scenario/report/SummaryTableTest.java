package io.kagami.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.scenario.result.ScenarioResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
    @Test
    void oneLinePerRunInFixedWidthColumns() {
        assertEquals("""
                run  advert_int  priority  p99 takeover  p99 outage  result
                1    1s          100       5.609474083s  6.804687s   FAIL
                2    2s          100       5.609474083s  6.804687s   PASS
                """, SummaryTable.render(Fixtures.sweep()));
    }

    @Test
    void aRunWithNothingMeasured() {
        ScenarioResult r = Fixtures.run();
        ScenarioResult quiet = new ScenarioResult(r.scenario(), r.description(), r.seed(), r.duration(), Map.of(),
                r.segments(), Map.of(), null, List.of(), List.of(), List.of(), "", 0);
        assertEquals("""
                run  p99 takeover  p99 outage  result
                1    -             -           PASS
                """, SummaryTable.render(List.of(quiet)));
    }
}
