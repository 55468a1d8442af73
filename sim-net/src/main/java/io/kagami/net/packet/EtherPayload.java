package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;

/**
 * What an {@link EthernetFrame} carries after its header and optional 802.1Q tag:
 * {@link Ipv4Packet}, {@link ArpPacket} or {@link RawEtherPayload}. The link-layer padding to the
 * minimum frame size is the frame's business, not the payload's.
 */
public interface EtherPayload {

    /** The EtherType that announces this payload, such as 0x0800 for IPv4. */
    int etherType();

    /** The number of bytes {@link #encode} writes. */
    int length();

    /** Writes exactly {@link #length()} bytes at the writer index of {@code out}, checksums included. */
    void encode(ByteBuf out);
}
