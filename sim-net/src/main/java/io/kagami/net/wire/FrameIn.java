package io.kagami.net.wire;

import io.kagami.net.packet.EthernetFrame;

/** A frame arriving on port {@code port} of the receiving device. */
public record FrameIn(int port, EthernetFrame frame) implements DeviceInput {}
