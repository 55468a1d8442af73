package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;

/**
 * What a {@link UdpDatagram} carries after its 8-byte header: {@link VxlanPacket} for port 4789,
 * {@link RawUdpPayload} for anything else.
 */
public interface UdpPayload {

    /** The number of bytes {@link #encode} writes. */
    int length();

    /** Writes exactly {@link #length()} bytes at the writer index of {@code out}. */
    void encode(ByteBuf out);
}
