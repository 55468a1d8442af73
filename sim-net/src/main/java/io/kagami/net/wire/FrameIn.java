package io.kagami.net.wire;

import io.kagami.core.Digestible;
import io.kagami.net.packet.EthernetFrame;

/** A frame arriving on port {@code port} of the receiving device. */
public record FrameIn(int port, EthernetFrame frame) implements DeviceInput, Digestible {

    @Override
    public int traceHash() {
        return 31 * port + frame.hashCode();
    }
}
