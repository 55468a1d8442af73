package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IP payload this package does not interpret: a protocol number and opaque bytes, copied in and
 * out so the value stays immutable. Nothing is checked, not even a checksum it may contain; any
 * protocol number is allowed, so malformed payloads of modelled protocols can be built too.
 */
public final class RawPayload implements IpPayload {

    private final int protocol;
    private final byte[] bytes;

    private RawPayload(int protocol, byte[] bytes) {
        this.protocol = protocol;
        this.bytes = bytes;
    }

    /**
     * A payload of {@code bytes} (copied) for IP protocol {@code protocol}.
     *
     * @throws IllegalArgumentException if {@code protocol} is outside 0..255 or the bytes do not fit in
     *     an IPv4 packet
     */
    public static RawPayload of(int protocol, byte[] bytes) {
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("IP protocol " + protocol + " out of range 0..255");
        }
        if (bytes.length > Ipv4Packet.MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("payload of " + bytes.length + " bytes out of range 0.."
                    + Ipv4Packet.MAX_PAYLOAD_LENGTH);
        }
        return new RawPayload(protocol, bytes.clone());
    }

    @Override
    public int protocol() {
        return protocol;
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
    public void encode(ByteBuf out, Ipv4Address src, Ipv4Address dst) {
        out.writeBytes(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawPayload other && protocol == other.protocol && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "raw proto=" + protocol + " len=" + bytes.length;
    }
}
