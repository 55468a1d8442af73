package io.kagami.scenario.run;

import io.kagami.scenario.file.AssertionExpr;
import io.kagami.scenario.result.AssertionResult;
import io.kagami.scenario.result.Distribution;
import io.kagami.scenario.result.EachAssertion;
import io.kagami.scenario.result.SegmentResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scenario's assertions judged on a run's measurements. An "each" assertion must hold on every
 * segment it applies to ({@link EachAssertion}); a statistic (min, p50, p95, p99, max) is read from
 * the distribution across segments; last_converged is from the first fault to the convergence of
 * the last affected segment (docs/scenarios.md). An
 * assertion on something that was never measured fails: it says so rather than holding vacuously.
 */
final class Verdicts {
    private Verdicts() {}

    /** @param lastConverged from the first fault to the last affected segment's convergence, or null */
    static List<AssertionResult> judge(List<String> expressions, List<SegmentResult> segments,
                                       Map<String, Distribution> distributions, Long lastConverged) {
        List<AssertionResult> results = new ArrayList<>();
        for (String text : expressions) {
            AssertionExpr a = AssertionExpr.parse(text);
            results.add(a.isEach() ? each(text, a, segments) : aggregate(text, a, distributions, lastConverged));
        }
        return results;
    }

    private static AssertionResult each(String text, AssertionExpr a, List<SegmentResult> segments) {
        AssertionResult provisional = new AssertionResult(text, true, a.measurement(), "each", Double.NaN,
                a.operator(), a.bound(), null, "");
        List<EachAssertion.Verdict> verdicts = EachAssertion.judge(provisional, segments);
        for (EachAssertion.Verdict v : verdicts) {
            if (v.outcome() == EachAssertion.Outcome.FAILED) {
                Number value = EachAssertion.value(a.measurement(), v.segment());
                return new AssertionResult(text, false, a.measurement(), "each",
                        value == null ? Double.NaN : value.doubleValue(), a.operator(), a.bound(),
                        v.segment().router(), v.message());
            }
        }
        long held = verdicts.stream().filter(v -> v.outcome() == EachAssertion.Outcome.PASSED).count();
        long skipped = verdicts.size() - held;
        // the value shown is the one closest to breaking it: the largest for < and <=, else the smallest
        boolean upper = a.operator().startsWith("<");
        double worst = verdicts.stream().filter(v -> v.outcome() == EachAssertion.Outcome.PASSED)
                .map(v -> EachAssertion.value(a.measurement(), v.segment())).filter(java.util.Objects::nonNull)
                .mapToDouble(Number::doubleValue).reduce(upper ? Math::max : Math::min).orElse(Double.NaN);
        return new AssertionResult(text, true, a.measurement(), "each", worst, a.operator(), a.bound(), null,
                "held on " + held + " segment" + (held == 1 ? "" : "s")
                        + (skipped > 0 ? " (" + skipped + " not affected)" : ""));
    }

    private static AssertionResult aggregate(String text, AssertionExpr a, Map<String, Distribution> distributions,
                                             Long lastConverged) {
        double actual;
        String what;
        if (a.measurement().equals(AssertionExpr.LAST_CONVERGED)) {
            actual = lastConverged == null ? Double.NaN : lastConverged;
            what = "the last segment converged";
        } else {
            Distribution d = distributions.get(a.measurement());
            actual = d == null || d.count() == 0 ? Double.NaN : switch (a.statistic()) {
                case "min" -> d.min();
                case "p50" -> d.p50();
                case "p95" -> d.p95();
                case "p99" -> d.p99();
                default -> d.max();
            };
            what = a.statistic() + " " + a.measurement() + " is";
        }
        String shown = EachAssertion.format(a.measurement().equals(AssertionExpr.LAST_CONVERGED) ? "takeover"
                : a.measurement(), actual);
        String bound = a.boundText();
        if (Double.isNaN(actual)) {
            return new AssertionResult(text, false, a.measurement(), a.statistic(), actual, a.operator(), a.bound(),
                    null, text + ": nothing was measured (no segment had a value)");
        }
        boolean holds = a.holds(actual);
        String message = holds ? what + " " + shown + ", " + a.operator() + " " + bound
                : what + " " + shown + ", not " + a.operator() + " " + bound + " (off by "
                        + EachAssertion.format(a.isTime() ? "takeover" : a.measurement(), Math.abs(actual - a.bound()))
                        + ")";
        return new AssertionResult(text, holds, a.measurement(), a.statistic(), actual, a.operator(), a.bound(), null,
                message);
    }
}
