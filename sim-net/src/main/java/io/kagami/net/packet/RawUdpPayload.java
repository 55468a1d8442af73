package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A UDP payload this package does not interpret (DNS, DHCP, a probe's bytes): opaque bytes, copied in
 * and out so the value stays immutable.
 */
public final class RawUdpPayload extends OpaqueBytes implements UdpPayload {

    private RawUdpPayload(byte[] bytes) {
        super("UDP payload", bytes, UdpDatagram.MAX_PAYLOAD_LENGTH);
    }

    /**
     * A payload of {@code bytes} (copied).
     *
     * @throws IllegalArgumentException if the bytes do not fit in a UDP datagram inside an IPv4 packet
     */
    public static RawUdpPayload of(byte[] bytes) {
        return new RawUdpPayload(bytes);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeBytes(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawUdpPayload other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "raw len=" + bytes.length;
    }
}
