package io.kagami.net.ovs;

import io.kagami.core.Context;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.wire.Port;
import io.kagami.net.wire.ReceiveFilter;

/**
 * A port of a running bridge: its OVSDB configuration (the tag may change), the wire it is plugged into
 * (none for a tunnel port) and its counters, as {@code ovs-ofctl dump-ports} shows them.
 */
final class BridgePort {
    private OvsPort config;
    private final Port wire;
    private long rxPackets;
    private long rxBytes;
    private long txPackets;
    private long txBytes;

    BridgePort(OvsPort config, Port wire) {
        this.config = config;
        this.wire = wire;
    }

    OvsPort config() {
        return config;
    }

    void setConfig(OvsPort newConfig) {
        config = newConfig;
    }

    int ofport() {
        return config.ofport();
    }

    /** The wire the port is plugged into, null for a tunnel port. */
    Port wire() {
        return wire;
    }

    /** A tunnel port is always up; a wired one has the carrier of its wire. */
    boolean isUp() {
        return wire == null || wire.isUp();
    }

    /** What the device at the other end of the wire ignores, null for a tunnel port or a peer that takes all. */
    ReceiveFilter peerIgnores() {
        return wire == null ? null : wire.peerIgnores();
    }

    void received(int bytes) {
        rxPackets++;
        rxBytes += bytes;
    }

    void sent(int bytes) {
        txPackets++;
        txBytes += bytes;
    }

    /**
     * Puts {@code frame} on the wire; false if it was lost for want of carrier or peer. {@code taken}: the
     * peer's filter has taken it already ({@link Port#transmitTaken}).
     */
    boolean transmit(Context<?> ctx, EthernetFrame frame, boolean taken) {
        return taken ? wire.transmitTaken(ctx, frame, 0) : wire.transmit(ctx, frame);
    }

    /** Puts on the wire a frame the peer's filter ignores ({@link Port#transmitIgnored}); false if lost. */
    boolean transmitIgnored(Context<?> ctx, EthernetFrame frame) {
        return wire.transmitIgnored(ctx, frame);
    }

    BridgeSnapshot.PortState snapshot() {
        return new BridgeSnapshot.PortState(config, isUp(), rxPackets, rxBytes, txPackets, txBytes);
    }
}
