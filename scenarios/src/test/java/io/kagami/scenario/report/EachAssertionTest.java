package io.kagami.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.scenario.result.EachAssertion;
import io.kagami.scenario.result.EachAssertion.Outcome;
import io.kagami.scenario.result.EachAssertion.Verdict;
import io.kagami.scenario.result.AssertionResult;
import io.kagami.scenario.result.SegmentResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EachAssertionTest {
    private static final List<SegmentResult> SEGMENTS = List.of(Fixtures.router80(), Fixtures.router81(), Fixtures.router82());

    private static List<Outcome> outcomes(AssertionResult a) {
        return EachAssertion.judge(a, SEGMENTS).stream().map(Verdict::outcome).toList();
    }

    private static AssertionResult each(String measurement, String op, double bound, boolean passed) {
        return new AssertionResult("each " + measurement + " " + op + " " + bound, passed, measurement, "each", 0, op, bound,
                null, "whole");
    }

    @Test
    void anAffectedSegmentWithoutATakeoverFailsAndAnUnaffectedOneIsSkipped() {
        List<Verdict> v = EachAssertion.judge(each("takeover", "<", 6e9, false), SEGMENTS);
        assertEquals(List.of(Outcome.PASSED, Outcome.SKIPPED, Outcome.FAILED), v.stream().map(Verdict::outcome).toList());
        assertEquals("router80: takeover 5.609474083s < 6s", v.get(0).message());
        assertEquals("router81: not affected, no takeover", v.get(1).message());
        assertEquals("router82: no takeover after the fault that hit its master", v.get(2).message());
    }

    @Test
    void outageAndAgentReportReadTheirOwnFields() {
        assertEquals(List.of(Outcome.FAILED, Outcome.SKIPPED, Outcome.FAILED), outcomes(each("outage", "<", 5e9, false)));
        assertEquals(List.of(Outcome.PASSED, Outcome.SKIPPED, Outcome.FAILED), outcomes(each("agent_report", "<=", 9.5e9, false)));
    }

    @ParameterizedTest
    @CsvSource({"<, 7, FAILED, PASSED, FAILED", "<=, 7, PASSED, PASSED, FAILED", "==, 0, FAILED, PASSED, FAILED",
            "!=, 0, PASSED, FAILED, PASSED", ">=, 30, FAILED, FAILED, PASSED", ">, 7, FAILED, FAILED, PASSED"})
    void countsAreComparedWithEveryOperator(String op, double bound, Outcome a, Outcome b, Outcome c) {
        // probes lost: 7, 0, 30
        assertEquals(List.of(a, b, c), outcomes(each("probes_lost", op, bound, false)));
    }

    @Test
    void countsNeverSkip() {
        assertEquals(List.of(Outcome.PASSED, Outcome.PASSED, Outcome.FAILED), outcomes(each("flows_broken", "==", 0, false)));
        assertEquals(List.of(Outcome.PASSED, Outcome.PASSED, Outcome.PASSED), outcomes(each("split_brain", "==", 0, true)));
    }

    @Test
    void theSegmentTheAssertionBlamesCarriesItsMessage() {
        List<Verdict> v = EachAssertion.judge(Fixtures.eachTakeover(false, "80"), SEGMENTS);
        assertEquals(Fixtures.eachTakeover(false, "80").message(), v.get(0).message());
        assertTrue(v.get(2).message().contains("no takeover"), v.get(2).message());
    }

    @Test
    void aFailureTheValuesDoNotShowIsKeptOnTheBlamedSegment() {
        AssertionResult a = new AssertionResult("each split_brain == 0", false, "split_brain", "each", 1e9, "==", 0, "81",
                "router81: split brain for 1s");
        List<Verdict> v = EachAssertion.judge(a, SEGMENTS);
        assertEquals(List.of(Outcome.PASSED, Outcome.FAILED, Outcome.PASSED), v.stream().map(Verdict::outcome).toList());
        assertEquals("router81: split brain for 1s", v.get(1).message());
    }

    @Test
    void onlyEachAssertionsOnSegmentMeasurementsApply() {
        assertTrue(EachAssertion.appliesTo(Fixtures.eachTakeover(true, null)));
        assertFalse(EachAssertion.appliesTo(Fixtures.p99Outage()));
        assertFalse(EachAssertion.appliesTo(each("fdb_moved", "<", 1, true)));
        assertThrows(IllegalArgumentException.class, () -> EachAssertion.judge(Fixtures.p99Outage(), SEGMENTS));
    }
}
