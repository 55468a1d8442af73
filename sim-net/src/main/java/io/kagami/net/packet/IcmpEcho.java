package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * An ICMP echo request or reply (RFC 792), what {@code ping} sends and the target's IP stack answers:
 * type 8 or 0, code 0, a checksum over the ICMP message, an identifier, a sequence number and data that
 * the reply carries back unchanged. Left out: every other ICMP type (destination unreachable, time
 * exceeded, redirect...): decoding rejects them with "ICMP type N not modelled", as it rejects IP
 * fragments, rather than pass them on as opaque bytes nothing here would interpret.
 */
public final class IcmpEcho implements IpPayload {

    /** {@link #hashCode()}, 0 until computed: the packet is immutable, and hashed at every hop by the trace digest. */
    private int hash;

    /** The IP protocol number of ICMP. */
    public static final int PROTOCOL = 1;
    /** Type, code, checksum, identifier and sequence number. */
    public static final int HEADER_LENGTH = 8;
    /** The most data that fits in an IPv4 packet. */
    public static final int MAX_DATA_LENGTH = Ipv4Packet.MAX_PAYLOAD_LENGTH - HEADER_LENGTH;

    private static final int TYPE_ECHO_REPLY = 0;
    private static final int TYPE_ECHO_REQUEST = 8;
    private static final int CHECKSUM_OFFSET = 2;

    private final boolean request;
    private final int id;
    private final int seq;
    private final byte[] data;

    private IcmpEcho(boolean request, int id, int seq, byte[] data) {
        this.request = request;
        this.id = id;
        this.seq = seq;
        this.data = data;
    }

    /**
     * An echo request; {@code data} is copied.
     *
     * @throws IllegalArgumentException if {@code id} or {@code seq} is outside 0..65535 or the data does
     *     not fit in an IPv4 packet
     */
    public static IcmpEcho request(int id, int seq, byte[] data) {
        Encoding.inRange("ICMP echo identifier", id, 0xFFFF);
        Encoding.inRange("ICMP echo sequence number", seq, 0xFFFF);
        Encoding.inRange("ICMP echo data length", data.length, MAX_DATA_LENGTH);
        return new IcmpEcho(true, id, seq, data.clone());
    }

    /**
     * The reply to this request: same identifier, sequence number and data.
     *
     * @throws IllegalStateException if this is a reply already
     */
    public IcmpEcho reply() {
        if (!request) {
            throw new IllegalStateException("an echo reply is not answered: " + this);
        }
        return new IcmpEcho(false, id, seq, data);
    }

    public boolean isRequest() {
        return request;
    }

    public int id() {
        return id;
    }

    public int seq() {
        return seq;
    }

    /** A copy of the data. */
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int protocol() {
        return PROTOCOL;
    }

    @Override
    public int length() {
        return HEADER_LENGTH + data.length;
    }

    /** Writes the message; the addresses are not used, the ICMP checksum has no pseudo-header. */
    @Override
    public void encode(ByteBuf out, Ipv4Address src, Ipv4Address dst) {
        int start = out.writerIndex();
        out.writeByte(request ? TYPE_ECHO_REQUEST : TYPE_ECHO_REPLY);
        out.writeByte(0);
        out.writeShort(0);
        out.writeShort(id);
        out.writeShort(seq);
        out.writeBytes(data);
        out.setShort(start + CHECKSUM_OFFSET, InternetChecksum.checksum(out, start, length(), 0));
    }

    /**
     * Decodes the {@code length} bytes at the reader index of {@code in}. On success the reader index
     * moves past them; on failure it does not move.
     *
     * @throws MalformedPacketException saying what is wrong, for bytes that are not a valid echo request
     *     or reply, or are another ICMP message
     */
    public static IcmpEcho decode(ByteBuf in, int length) throws MalformedPacketException {
        Decoding.requireReadable("ICMP message", in, length, Ipv4Packet.MAX_PAYLOAD_LENGTH);
        Decoding.requireAtLeast("ICMP message", length, HEADER_LENGTH);
        int start = in.readerIndex();
        if (!InternetChecksum.isValid(in, start, length, 0)) {
            throw Decoding.badChecksum("ICMP", in, start, length, CHECKSUM_OFFSET, 0);
        }
        int type = in.getUnsignedByte(start);
        if (type != TYPE_ECHO_REQUEST && type != TYPE_ECHO_REPLY) {
            throw new MalformedPacketException("ICMP type " + type + " not modelled: only echo request (8)"
                    + " and echo reply (0)");
        }
        int code = in.getUnsignedByte(start + 1);
        if (code != 0) {
            throw new MalformedPacketException("ICMP echo " + (type == TYPE_ECHO_REQUEST ? "request" : "reply")
                    + " with code " + code + ", expected 0");
        }
        byte[] data = new byte[length - HEADER_LENGTH];
        in.getBytes(start + HEADER_LENGTH, data);
        in.skipBytes(length);
        return new IcmpEcho(type == TYPE_ECHO_REQUEST, in.getUnsignedShort(start + 4), in.getUnsignedShort(start + 6),
                data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IcmpEcho other
                && request == other.request
                && id == other.id
                && seq == other.seq
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(request, id, seq, Arrays.hashCode(data));
            hash = h;
        }
        return h;
    }

    /** For example {@code ICMP echo request id=4660 seq=1 len=56}, len counting the data. */
    @Override
    public String toString() {
        return "ICMP echo " + (request ? "request" : "reply") + " id=" + id + " seq=" + seq + " len=" + data.length;
    }
}
