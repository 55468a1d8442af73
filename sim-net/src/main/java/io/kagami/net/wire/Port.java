package io.kagami.net.wire;

import io.kagami.core.Context;
import io.kagami.net.packet.EthernetFrame;

/**
 * A device's port in a run: its wire to a peer and its carrier. A frame transmitted on a port that
 * is down, or has no peer, is lost, as on a real interface without carrier. On a captured wire
 * ({@link PortSpec#capture()}) every frame that goes onto the wire is recorded as a
 * {@link CapturedFrame} at the time the device transmits it, before its queueing and the wire's
 * latency: a capture shows each frame where it leaves its sender. A frame the peer would ignore
 * ({@link PortSpec#peerIgnores()}) is sent and captured but not posted. Left out: bandwidth and queueing
 * (a server's NIC models those), MTU checks.
 */
public final class Port {
    private final int index;
    private final PortSpec spec;
    /** The capture's name, null when the wire is not captured: all a wire that is not costs is this test. */
    private final String capture;
    private final ReceiveFilter peerIgnores;
    private boolean up = true;

    public Port(int index, PortSpec spec) {
        this.index = index;
        this.spec = spec;
        this.capture = spec.capture();
        this.peerIgnores = spec.peerIgnores();
    }

    public int index() {
        return index;
    }

    public String name() {
        return spec.name();
    }

    public boolean isUp() {
        return up;
    }

    public void setUp(boolean up) {
        this.up = up;
    }

    /** What the peer ignores on arrival ({@link PortSpec#peerIgnores()}), null if it takes everything. */
    public ReceiveFilter peerIgnores() {
        return peerIgnores;
    }

    /** The wire's one-way latency. */
    public long latency() {
        return spec.latency();
    }

    /** Whether a frame transmitted now would leave: the port has carrier and a peer. */
    public boolean canTransmit() {
        return up && spec.peer() != null;
    }

    /** Whether the wire is captured ({@link PortSpec#capture()}). */
    public boolean isCaptured() {
        return capture != null;
    }

    /** The device and port at the other end of the wire, null if it has none. */
    public Endpoint peer() {
        return spec.peer();
    }

    public boolean isConnected() {
        return spec.peer() != null;
    }

    /** Sends {@code frame} to the peer after the wire's latency; false if it was lost (no carrier). */
    public boolean transmit(Context<?> ctx, EthernetFrame frame) {
        return transmit(ctx, frame, 0);
    }

    /** As {@link #transmit(Context, EthernetFrame)}, leaving after {@code queueing} more (a busy NIC). */
    public boolean transmit(Context<?> ctx, EthernetFrame frame, long queueing) {
        return transmit(ctx, frame, queueing, false);
    }

    /**
     * As {@link #transmit(Context, EthernetFrame, long)}, for a frame the caller knows the peer takes (it
     * found the peer by its filter's key, {@link KeyedFilter}, or asked the filter itself): the filter is
     * not asked again.
     */
    public boolean transmitTaken(Context<?> ctx, EthernetFrame frame, long queueing) {
        return transmit(ctx, frame, queueing, true);
    }

    /**
     * As {@link #transmit(Context, EthernetFrame)}, for a frame the caller knows the peer ignores (it asked
     * the filter itself): sent and captured, not posted, and the filter is not asked again.
     */
    public boolean transmitIgnored(Context<?> ctx, EthernetFrame frame) {
        if (!canTransmit()) {
            return false;
        }
        if (capture != null) {
            ctx.record(new CapturedFrame(capture, frame));
        }
        return true;
    }

    private boolean transmit(Context<?> ctx, EthernetFrame frame, long queueing, boolean taken) {
        if (!canTransmit()) {
            return false;
        }
        if (taken || peerIgnores == null || !peerIgnores.ignores(frame)) {
            ctx.send(spec.peer().device(), new FrameIn(spec.peer().port(), frame), queueing + spec.latency());
        }
        if (capture != null) {
            ctx.record(new CapturedFrame(capture, frame));
        }
        return true;
    }
}
