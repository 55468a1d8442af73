package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A UDP payload this package does not interpret (DNS, DHCP, a probe's bytes): opaque bytes, copied in
 * and out so the value stays immutable.
 */
public final class RawUdpPayload implements UdpPayload {

    private final byte[] bytes;

    private RawUdpPayload(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A payload of {@code bytes} (copied).
     *
     * @throws IllegalArgumentException if the bytes do not fit in a UDP datagram inside an IPv4 packet
     */
    public static RawUdpPayload of(byte[] bytes) {
        if (bytes.length > UdpDatagram.MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("UDP payload of " + bytes.length + " bytes out of range 0.."
                    + UdpDatagram.MAX_PAYLOAD_LENGTH);
        }
        return new RawUdpPayload(bytes.clone());
    }

    @Override
    public int length() {
        return bytes.length;
    }

    /** A copy of the payload bytes. */
    public byte[] bytes() {
        return bytes.clone();
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
