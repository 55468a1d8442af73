package io.kagami.net.wire;

/**
 * A port as the topology declared it: its name and the wire to its peer, with the wire's one-way
 * latency. {@code peer} is null for a port with nothing plugged in.
 */
public record PortSpec(String name, Endpoint peer, long latency) {}
