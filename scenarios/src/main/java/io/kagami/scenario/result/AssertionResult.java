package io.kagami.scenario.result;

/**
 * An assertion of the scenario and its verdict.
 *
 * @param expression the text as written ("p99 takeover < 4s")
 * @param passed     whether it holds
 * @param measurement the measurement it reads (takeover, outage, probes_lost, split_brain, ...)
 * @param statistic  min, p50, p95, p99, max, or "each" (every segment must hold it)
 * @param actual     the value found (in the measurement's unit: ns for times), NaN if nothing was measured
 * @param operator   &lt;, &lt;=, ==, !=, &gt;=, &gt;
 * @param bound      the value it is compared with, in the same unit
 * @param segment    for "each": the first segment that broke it, else null
 * @param message    one line for people: what held, or what failed and by how much
 */
public record AssertionResult(String expression, boolean passed, String measurement, String statistic,
                              double actual, String operator, double bound, String segment, String message) {}
