package io.kagami.scenario.result;

/**
 * A measurement across segments: how many had a value, and its min, exact nearest-rank
 * percentiles and max. Values are in {@code unit}: "ns" for times, "" for counts.
 */
public record Distribution(String measurement, String unit, int count, long min, long p50, long p95, long p99,
                           long max) {}
