package io.kagami.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentsCsvTest {
    private static final String HEADER = "segment,router,master_before,master_after,affected,takeover_s,outage_s,"
            + "probes_sent,probes_lost,split_brain_s,agent_report_s,flows_broken,converged_at_s";

    @Test
    void aRun() {
        assertEquals(HEADER + "\r\n"
                + "80,router80,network-8,network-7,true,5.609474083,6.804687,60,7,0,9.5,0,36.804687\r\n"
                + "81,router81,network-7,network-7,false,,,60,0,0,,0,\r\n"
                + "82,router82,network-8,,true,,,60,30,0,,1,\r\n", SegmentsCsv.render(List.of(Fixtures.run())));
    }

    @Test
    void aSweepHasItsParametersFirst() {
        String csv = SegmentsCsv.render(Fixtures.sweep());
        List<String> lines = csv.lines().toList();
        assertEquals(7, lines.size());
        assertEquals("topology.keepalived.advert_int,topology.keepalived.priority," + HEADER, lines.get(0));
        assertEquals("1s,100,80,router80,network-8,network-7,true,5.609474083,6.804687,60,7,0,9.5,0,36.804687", lines.get(1));
        assertEquals("2s,100,82,router82,network-8,,true,,,60,30,0,,1,", lines.get(6));
    }

    @Test
    void fieldsAreQuotedAsRfc4180Says() {
        ScenarioResult r = Fixtures.run();
        SegmentResult odd = new SegmentResult("9", "r \"x\", y", "a\nb", null, false, null, null, 0, 0, 1_500_000L, null,
                0, null);
        ScenarioResult one = new ScenarioResult(r.scenario(), r.description(), r.seed(), r.duration(),
                Map.of("p", "1,2"), List.of(odd), Map.of(), null, List.of(), List.of(), List.of(), "", 0);
        assertEquals("p," + HEADER + "\r\n" + "\"1,2\",9,\"r \"\"x\"\", y\",\"a\nb\",,false,,,0,0,0.0015,,0,\r\n",
                SegmentsCsv.render(List.of(one)));
    }
}
