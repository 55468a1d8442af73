package io.kagami.scenario.file;

import io.kagami.core.VirtualTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An assertion of a scenario file: {@code [STATISTIC] MEASUREMENT OPERATOR VALUE}, for example
 * {@code p99 takeover < 4s}, {@code each probes_lost <= 3}, {@code split_brain == 0s},
 * {@code last_converged < 12s}.
 *
 * <p>STATISTIC is {@code each} (the default: every segment must hold it), {@code min},
 * {@code p50}, {@code p95}, {@code p99} or {@code max} (of the measurement across segments).
 * {@code last_converged} is one value per run and takes no statistic (it is kept as {@code max}:
 * the latest segment's). VALUE is a duration with a unit for the time measurements ({@code 0} may
 * be written for zero) and a whole number for the counts.
 *
 * @param statistic   each, min, p50, p95, p99 or max
 * @param measurement takeover, outage, probes_lost, split_brain, agent_report, flows_broken or last_converged
 * @param operator    &lt;, &lt;=, ==, !=, &gt;=, &gt;
 * @param bound       nanoseconds for time measurements, the count otherwise
 */
public record AssertionExpr(String statistic, String measurement, String operator, long bound) {

    public static final List<String> STATISTICS = List.of("each", "min", "p50", "p95", "p99", "max");
    /** Measured in virtual time (nanoseconds). */
    public static final List<String> TIME_MEASUREMENTS =
            List.of("takeover", "outage", "split_brain", "agent_report", "last_converged");
    /** Counted. */
    public static final List<String> COUNT_MEASUREMENTS = List.of("probes_lost", "flows_broken");
    public static final List<String> MEASUREMENTS = List.of("takeover", "outage", "probes_lost", "split_brain",
            "agent_report", "flows_broken", "last_converged");
    public static final List<String> OPERATORS = List.of("<", "<=", "==", "!=", ">=", ">");
    /** The one measurement that is a single value per run. */
    public static final String LAST_CONVERGED = "last_converged";

    private static final Pattern OPERATOR = Pattern.compile("<=|>=|==|!=|=<|=>|<>|<|>|=");
    private static final Pattern WHOLE = Pattern.compile("[0-9]+");

    public AssertionExpr {
        if (!STATISTICS.contains(statistic)) {
            throw new IllegalArgumentException("unknown statistic '" + statistic + "'" + Suggest.didYouMean(statistic,
                    STATISTICS) + " (allowed: " + String.join(", ", STATISTICS) + ")");
        }
        if (!MEASUREMENTS.contains(measurement)) {
            throw new IllegalArgumentException("unknown measurement '" + measurement + "'"
                    + Suggest.didYouMean(measurement, MEASUREMENTS) + " (allowed: " + String.join(", ", MEASUREMENTS) + ")");
        }
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("unknown operator '" + operator + "' (allowed: "
                    + String.join(" ", OPERATORS) + ")");
        }
        if (LAST_CONVERGED.equals(measurement) && !"max".equals(statistic)) {
            throw new IllegalArgumentException("last_converged is one value per run (when the last segment"
                    + " converged) and takes no statistic: write for example 'last_converged < 12s'");
        }
        if (bound < 0) {
            throw new IllegalArgumentException("the value must be 0 or more, got " + bound);
        }
    }

    /**
     * Reads an assertion.
     *
     * @throws IllegalArgumentException with one line saying what is wrong and what is allowed
     */
    public static AssertionExpr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an empty assertion; write for example 'p99 takeover < 4s'");
        }
        Matcher op = OPERATOR.matcher(text);
        if (!op.find()) {
            throw new IllegalArgumentException("'" + text.strip() + "' has no comparison: write [STATISTIC]"
                    + " MEASUREMENT OPERATOR VALUE with OPERATOR one of " + String.join(" ", OPERATORS)
                    + ", e.g. 'p99 takeover < 4s'");
        }
        String operator = op.group();
        switch (operator) {
            case "=" -> throw new IllegalArgumentException("unknown operator '='; did you mean '=='?");
            case "=<" -> throw new IllegalArgumentException("unknown operator '=<'; did you mean '<='?");
            case "=>" -> throw new IllegalArgumentException("unknown operator '=>'; did you mean '>='?");
            case "<>" -> throw new IllegalArgumentException("unknown operator '<>'; did you mean '!='?");
            default -> { }
        }
        List<String> left = words(text.substring(0, op.start()));
        String right = text.substring(op.end()).strip();
        String statistic;
        String measurement;
        if (left.size() == 1) {
            measurement = left.get(0);
            statistic = LAST_CONVERGED.equals(measurement) ? "max" : "each";
        } else if (left.size() == 2) {
            statistic = left.get(0);
            measurement = left.get(1);
            if (!STATISTICS.contains(statistic)) {
                throw new IllegalArgumentException("unknown statistic '" + statistic + "'"
                        + Suggest.didYouMean(statistic, STATISTICS) + " (allowed: " + String.join(", ", STATISTICS) + ")");
            }
            if (LAST_CONVERGED.equals(measurement) && !"max".equals(statistic)) {
                throw new IllegalArgumentException("last_converged is one value per run (when the last segment"
                        + " converged) and takes no statistic: write for example 'last_converged < 12s'");
            }
        } else if (left.isEmpty()) {
            throw new IllegalArgumentException("nothing before '" + operator + "': write [STATISTIC] MEASUREMENT "
                    + operator + " VALUE, e.g. 'p99 takeover " + operator + " 4s'");
        } else {
            throw new IllegalArgumentException("'" + String.join(" ", left) + "' before '" + operator + "': write"
                    + " [STATISTIC] MEASUREMENT, e.g. 'p99 takeover'");
        }
        if (!MEASUREMENTS.contains(measurement)) {
            throw new IllegalArgumentException("unknown measurement '" + measurement + "'"
                    + Suggest.didYouMean(measurement, MEASUREMENTS) + " (allowed: " + String.join(", ", MEASUREMENTS) + ")");
        }
        if (right.isEmpty()) {
            throw new IllegalArgumentException("no value after '" + operator + "'");
        }
        if (right.contains(" ") || OPERATOR.matcher(right).find()) {
            throw new IllegalArgumentException("'" + right + "' after '" + operator + "' is not one value"
                    + (TIME_MEASUREMENTS.contains(measurement) ? " (write durations without a space: 4s)" : ""));
        }
        return new AssertionExpr(statistic, measurement, operator, value(measurement, right));
    }

    private static long value(String measurement, String text) {
        if (TIME_MEASUREMENTS.contains(measurement)) {
            if (text.matches("0+(\\.0+)?")) {
                return 0;
            }
            if (text.matches("[0-9]+(\\.[0-9]+)?")) {
                throw new IllegalArgumentException(measurement + " is a time: " + text + " has no unit; use a unit,"
                        + " e.g. " + text + "s");
            }
            try {
                return VirtualTime.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(measurement + " is a time: " + e.getMessage());
            }
        }
        if (!WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException(measurement + " is a count: write a whole number such as 3, not '"
                    + text + "'");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(measurement + ": " + text + " is too large");
        }
    }

    private static List<String> words(String s) {
        List<String> w = new ArrayList<>();
        for (String part : s.strip().split("\\s+")) {
            if (!part.isEmpty()) {
                w.add(part);
            }
        }
        return w;
    }

    /** Whether the measurement is a time (the bound in nanoseconds) rather than a count. */
    public boolean isTime() {
        return TIME_MEASUREMENTS.contains(measurement);
    }

    /** Whether the assertion is checked on every segment rather than on a statistic across them. */
    public boolean isEach() {
        return "each".equals(statistic);
    }

    /** Whether {@code actual} (in the measurement's unit: ns for times) satisfies the comparison. */
    public boolean holds(double actual) {
        return switch (operator) {
            case "<" -> actual < bound;
            case "<=" -> actual <= bound;
            case "==" -> actual == bound;
            case "!=" -> actual != bound;
            case ">=" -> actual >= bound;
            default -> actual > bound;
        };
    }

    /** The bound as written in the normalised text: {@code 4s}, {@code 150ms}, {@code 3}. */
    public String boundText() {
        return isTime() ? VirtualTime.formatDuration(bound) : Long.toString(bound);
    }

    /** The normalised text: {@code each takeover < 4s}, {@code p99 outage <= 1.5s}, {@code last_converged < 12s}. */
    @Override
    public String toString() {
        return (LAST_CONVERGED.equals(measurement) ? "" : statistic + " ") + measurement + " " + operator + " "
                + boundText();
    }
}
