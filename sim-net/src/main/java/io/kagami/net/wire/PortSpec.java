package io.kagami.net.wire;

/**
 * A port as the topology declared it: its name and the wire to its peer, with the wire's one-way
 * latency. {@code peer} is null for a port with nothing plugged in. {@code capture} names the
 * capture of the port's wire ({@link Fabric#capture}), null if the wire is not captured.
 * {@code peerIgnores} is what the peer discards on arrival ({@link ReceiveFilter}), null if it
 * takes everything.
 */
public record PortSpec(String name, Endpoint peer, long latency, String capture, ReceiveFilter peerIgnores) {

    /** A port whose wire is not captured, to a peer that takes every frame. */
    public PortSpec(String name, Endpoint peer, long latency) {
        this(name, peer, latency, null, null);
    }
}
