package io.kagami.scenario.builtin;

/** A line of a drill's log: a keepalived state change or message on a node, or the injected fault. */
public record LogLine(long time, String node, String line) {}
