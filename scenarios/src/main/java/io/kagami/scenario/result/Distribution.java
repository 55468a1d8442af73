package io.kagami.scenario.result;

/**
 * A measurement across segments: how many had a value, and its min, exact nearest-rank
 * percentiles and max. Values are in {@code unit}: "ns" for times, "" for counts.
 *
 * <p>Exact rather than HdrHistogram's buckets: a run has at most one value per segment (tens of
 * thousands, sorted in milliseconds), and VRRP timer regressions compare takeovers to keepalived's
 * bounds to the nanosecond (a p99 of 6.804788s against a bound of 6.804788s), which three or even
 * five significant digits would blur.
 */
public record Distribution(String measurement, String unit, int count, long min, long p50, long p95, long p99,
                           long max) {}
