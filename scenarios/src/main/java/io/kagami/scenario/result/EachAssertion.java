package io.kagami.scenario.result;

import io.kagami.core.VirtualTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An "each" assertion ({@code each takeover < 4s}) judged segment by segment, so that a report can
 * show one verdict per segment: the {@link AssertionResult} itself names only the first segment
 * that broke it.
 *
 * <p>A segment without a value for a time measurement (no takeover, no recovery) is skipped,
 * unless a fault hit its master: then it fails, since the measurement should have happened.
 */
public final class EachAssertion {

    /** What became of one segment. */
    public enum Outcome { PASSED, FAILED, SKIPPED }

    /**
     * One segment's verdict.
     *
     * @param segment the segment
     * @param outcome passed, failed, or skipped (nothing to judge)
     * @param message one line for people
     */
    public record Verdict(SegmentResult segment, Outcome outcome, String message) {}

    private static final Map<String, Function<SegmentResult, Number>> VALUES = new LinkedHashMap<>();
    private static final Set<String> TIMES = Set.of("takeover", "outage", "split_brain", "agent_report");
    private static final Map<String, String> MISSING = new LinkedHashMap<>();

    static {
        VALUES.put("takeover", SegmentResult::takeoverNs);
        VALUES.put("outage", SegmentResult::outageNs);
        VALUES.put("probes_lost", SegmentResult::probesLost);
        VALUES.put("split_brain", SegmentResult::splitBrainNs);
        VALUES.put("agent_report", SegmentResult::agentReportNs);
        VALUES.put("flows_broken", SegmentResult::flowsBroken);
        MISSING.put("takeover", "no takeover");
        MISSING.put("outage", "no recovery");
        MISSING.put("agent_report", "no agent report");
    }

    private EachAssertion() {}

    /** Whether {@code measurement} is a time (nanoseconds) rather than a count. */
    public static boolean isTime(String measurement) {
        return TIMES.contains(measurement);
    }

    /** Whether {@code a} is an "each" assertion on a per-segment measurement this class can judge. */
    public static boolean appliesTo(AssertionResult a) {
        return "each".equals(a.statistic()) && VALUES.containsKey(a.measurement())
                && Set.of("<", "<=", "==", "!=", ">=", ">").contains(a.operator());
    }

    /**
     * One verdict per segment, in the segments' order. Where the assertion failed, the segment it
     * names carries its message; should the per-segment reading find no failure in a failed
     * assertion, that segment fails anyway, so that the verdicts never contradict the assertion's.
     *
     * @throws IllegalArgumentException if {@link #appliesTo} is false
     */
    public static List<Verdict> judge(AssertionResult a, List<SegmentResult> segments) {
        if (!appliesTo(a)) {
            throw new IllegalArgumentException("'" + a.expression() + "' is not an \"each\" assertion on a segment measurement");
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (SegmentResult s : segments) {
            verdicts.add(judge(a, s));
        }
        if (!a.passed()) {
            boolean anyFailed = verdicts.stream().anyMatch(v -> v.outcome() == Outcome.FAILED);
            for (int i = 0; i < verdicts.size(); i++) {
                Verdict v = verdicts.get(i);
                if (names(v.segment(), a.segment()) && (v.outcome() == Outcome.FAILED || !anyFailed)) {
                    verdicts.set(i, new Verdict(v.segment(), Outcome.FAILED, a.message()));
                }
            }
        }
        return verdicts;
    }

    private static Verdict judge(AssertionResult a, SegmentResult s) {
        String who = name(s) + ": ";
        Number value = VALUES.get(a.measurement()).apply(s);
        if (value == null) {
            String missing = MISSING.getOrDefault(a.measurement(), "no " + a.measurement());
            return s.affected()
                    ? new Verdict(s, Outcome.FAILED, who + missing + " after the fault that hit its master")
                    : new Verdict(s, Outcome.SKIPPED, who + "not affected, " + missing);
        }
        double v = value.doubleValue();
        String shown = format(a.measurement(), v);
        String bound = format(a.measurement(), a.bound());
        return holds(v, a.operator(), a.bound())
                ? new Verdict(s, Outcome.PASSED, who + a.measurement() + " " + shown + " " + a.operator() + " " + bound)
                : new Verdict(s, Outcome.FAILED,
                        who + a.measurement() + " " + shown + " is not " + a.operator() + " " + bound);
    }

    /** A segment's value of {@code measurement}: ns for times, a count otherwise; null if not measured. */
    public static Number value(String measurement, SegmentResult s) {
        Function<SegmentResult, Number> f = VALUES.get(measurement);
        if (f == null) {
            throw new IllegalArgumentException("no per-segment measurement '" + measurement + "'");
        }
        return f.apply(s);
    }

    /** How people call a segment: its router's name, else "segment 80". */
    public static String name(SegmentResult s) {
        return s.router() != null ? s.router() : "segment " + s.segment();
    }

    private static boolean names(SegmentResult s, String name) {
        return name != null && (name.equals(s.segment()) || name.equals(s.router()));
    }

    public static boolean holds(double v, String operator, double bound) {
        return switch (operator) {
            case "<" -> v < bound;
            case "<=" -> v <= bound;
            case "==" -> v == bound;
            case "!=" -> v != bound;
            case ">=" -> v >= bound;
            case ">" -> v > bound;
            default -> throw new IllegalArgumentException("unknown operator " + operator);
        };
    }

    /** A value of {@code measurement} for people: seconds for times, a plain number for counts. */
    public static String format(String measurement, double value) {
        if (Double.isNaN(value)) {
            return "nothing measured";
        }
        if (isTime(measurement)) {
            return VirtualTime.format(Math.round(value));
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Objects.toString(value);
    }
}
