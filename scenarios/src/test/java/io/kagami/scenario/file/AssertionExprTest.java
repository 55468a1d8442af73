package io.kagami.scenario.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssertionExprTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p99 takeover < 4s         | p99  | takeover       | <  | 4000000000 | p99 takeover < 4s",
        "split_brain == 0s         | each | split_brain    | == | 0          | each split_brain == 0s",
        "split_brain == 0          | each | split_brain    | == | 0          | each split_brain == 0s",
        "each probes_lost <= 3     | each | probes_lost    | <= | 3          | each probes_lost <= 3",
        "max outage < 10s          | max  | outage         | <  | 10000000000 | max outage < 10s",
        "last_converged < 12s      | max  | last_converged | <  | 12000000000 | last_converged < 12s",
        "max last_converged < 12s  | max  | last_converged | <  | 12000000000 | last_converged < 12s",
        "'  p50   agent_report>=1.5s ' | p50 | agent_report | >= | 1500000000 | p50 agent_report >= 1.5s",
        "min takeover > 150ms      | min  | takeover       | >  | 150000000  | min takeover > 150ms",
        "p95 flows_broken != 0     | p95  | flows_broken   | != | 0          | p95 flows_broken != 0",
    })
    void validExpressions(String text, String statistic, String measurement, String operator, long bound,
                          String normalised) {
        AssertionExpr a = AssertionExpr.parse(text);
        assertEquals(statistic, a.statistic());
        assertEquals(measurement, a.measurement());
        assertEquals(operator, a.operator());
        assertEquals(bound, a.bound());
        assertEquals(normalised, a.toString());
        assertEquals(a, AssertionExpr.parse(a.toString()), "the normalised text reads back the same");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p90 takeover < 4s        | unknown statistic 'p90'; did you mean 'p50'? (allowed: each, min, p50, p95, p99, max)",
        "p99 takeovr < 4s         | unknown measurement 'takeovr'; did you mean 'takeover'? (allowed: takeover, outage,",
        "takeover = 4s            | unknown operator '='; did you mean '=='?",
        "takeover => 4s           | unknown operator '=>'; did you mean '>='?",
        "takeover =< 4s           | unknown operator '=<'; did you mean '<='?",
        "takeover <> 4s           | unknown operator '<>'; did you mean '!='?",
        "takeover 4s              | 'takeover 4s' has no comparison",
        "takeover < 4             | takeover is a time: 4 has no unit; use a unit, e.g. 4s",
        "takeover < 4 s           | '4 s' after '<' is not one value (write durations without a space: 4s)",
        "takeover < four          | takeover is a time: 'four' is not a duration",
        "takeover <               | no value after '<'",
        "< 4s                     | nothing before '<'",
        "the p99 takeover < 4s    | 'the p99 takeover' before '<'",
        "probes_lost <= 3s        | probes_lost is a count: write a whole number such as 3, not '3s'",
        "probes_lost <= 2.5       | probes_lost is a count",
        "p99 last_converged < 1s  | last_converged is one value per run",
        "each last_converged < 1s | last_converged is one value per run",
        "takeover < 1s < 2s       | '1s < 2s' after '<' is not one value",
        "'   '                    | an empty assertion",
    })
    void invalidExpressionsSayWhatIsWrong(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AssertionExpr.parse(text));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void holdsComparesInTheMeasurementsUnit() {
        AssertionExpr a = AssertionExpr.parse("p99 takeover < 4s");
        assertTrue(a.isTime());
        assertFalse(a.isEach());
        assertTrue(a.holds(3.9 * VirtualTime.SECOND));
        assertFalse(a.holds(4 * VirtualTime.SECOND));
        AssertionExpr c = AssertionExpr.parse("probes_lost <= 3");
        assertFalse(c.isTime());
        assertTrue(c.isEach());
        assertTrue(c.holds(3));
        assertFalse(c.holds(4));
        assertEquals("3", c.boundText());
        assertTrue(AssertionExpr.parse("split_brain == 0").holds(0));
        assertTrue(AssertionExpr.parse("takeover != 1s").holds(0));
        assertTrue(AssertionExpr.parse("takeover >= 1s").holds(VirtualTime.SECOND));
        assertFalse(AssertionExpr.parse("takeover > 1s").holds(VirtualTime.SECOND));
    }

    @Test
    void theRecordRefusesWhatTheParserRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new AssertionExpr("p90", "takeover", "<", 1));
        assertThrows(IllegalArgumentException.class, () -> new AssertionExpr("each", "latency", "<", 1));
        assertThrows(IllegalArgumentException.class, () -> new AssertionExpr("each", "takeover", "=", 1));
        assertThrows(IllegalArgumentException.class, () -> new AssertionExpr("each", "takeover", "<", -1));
        assertThrows(IllegalArgumentException.class, () -> new AssertionExpr("p99", "last_converged", "<", 1));
    }
}
