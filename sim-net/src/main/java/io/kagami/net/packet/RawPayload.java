package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IP payload this package does not interpret: a protocol number and opaque bytes, copied in and
 * out so the value stays immutable. Nothing is checked, not even a checksum it may contain; any
 * protocol number is allowed, so malformed payloads of modelled protocols can be built too.
 */
public final class RawPayload extends OpaqueBytes implements IpPayload {

    private final int protocol;

    private RawPayload(int protocol, byte[] bytes) {
        super("payload", bytes, Ipv4Packet.MAX_PAYLOAD_LENGTH);
        this.protocol = protocol;
    }

    /**
     * A payload of {@code bytes} (copied) for IP protocol {@code protocol}.
     *
     * @throws IllegalArgumentException if {@code protocol} is outside 0..255 or the bytes do not fit in
     *     an IPv4 packet
     */
    public static RawPayload of(int protocol, byte[] bytes) {
        return new RawPayload(Encoding.inRange("IP protocol", protocol, 255), bytes);
    }

    @Override
    public int protocol() {
        return protocol;
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
