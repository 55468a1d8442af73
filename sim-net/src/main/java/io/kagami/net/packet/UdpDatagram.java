package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Objects;

/**
 * A UDP datagram (RFC 768): source and destination port, length, checksum and a {@link UdpPayload},
 * {@link VxlanPacket} when the destination port is {@value VxlanPacket#UDP_PORT} and
 * {@link RawUdpPayload} otherwise. The checksum covers the IPv4 pseudo-header, the header and the
 * payload, and is written as 0xffff when it computes to zero; or, as for VXLAN's outer header (RFC 7348
 * and Linux's default), the datagram goes {@linkplain #withoutChecksum without one} and the field is 0.
 * Decoding verifies a nonzero checksum and requires the length field to match the IP payload length
 * exactly. Left out: UDP-Lite, and the trimming of IP payload bytes beyond the UDP length, which Linux
 * accepts and decoding here rejects.
 */
public final class UdpDatagram implements IpPayload {

    /** {@link #hashCode()}, 0 until computed: the packet is immutable, and hashed at every hop by the trace digest. */
    private int hash;

    /** The IP protocol number of UDP. */
    public static final int PROTOCOL = 17;
    /** Ports, length and checksum. */
    public static final int HEADER_LENGTH = 8;
    /** The longest payload that fits in an IPv4 packet. */
    public static final int MAX_PAYLOAD_LENGTH = Ipv4Packet.MAX_PAYLOAD_LENGTH - HEADER_LENGTH;

    private static final int CHECKSUM_OFFSET = 6;
    private static final int NO_CHECKSUM = 0;

    private final int srcPort;
    private final int dstPort;
    private final UdpPayload payload;
    private final boolean checksummed;

    private UdpDatagram(int srcPort, int dstPort, UdpPayload payload, boolean checksummed) {
        this.srcPort = Encoding.inRange("UDP source port", srcPort, 0xFFFF);
        this.dstPort = Encoding.inRange("UDP destination port", dstPort, 0xFFFF);
        this.payload = Objects.requireNonNull(payload, "payload");
        this.checksummed = checksummed;
        Encoding.lengthInRange("UDP payload", payload.length(), MAX_PAYLOAD_LENGTH);
    }

    /**
     * A datagram with its checksum computed over the IPv4 pseudo-header when it is encoded.
     *
     * @throws IllegalArgumentException if a port is outside 0..65535 or the payload too long
     */
    public static UdpDatagram of(int srcPort, int dstPort, UdpPayload payload) {
        return new UdpDatagram(srcPort, dstPort, payload, true);
    }

    /**
     * A datagram with checksum field 0, "no checksum", as Linux sends VXLAN (the tunnel's
     * {@code udpcsum} is off by default, and OVS leaves it so).
     *
     * @throws IllegalArgumentException if a port is outside 0..65535 or the payload too long
     */
    public static UdpDatagram withoutChecksum(int srcPort, int dstPort, UdpPayload payload) {
        return new UdpDatagram(srcPort, dstPort, payload, false);
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    public UdpPayload payload() {
        return payload;
    }

    /** Whether the checksum is computed; false for a checksum field of 0. */
    public boolean hasChecksum() {
        return checksummed;
    }

    @Override
    public int protocol() {
        return PROTOCOL;
    }

    @Override
    public int length() {
        return HEADER_LENGTH + payload.length();
    }

    /** Writes the datagram; {@code src} and {@code dst} enter the checksum's pseudo-header. */
    @Override
    public void encode(ByteBuf out, Ipv4Address src, Ipv4Address dst) {
        int start = out.writerIndex();
        int length = length();
        out.writeShort(srcPort);
        out.writeShort(dstPort);
        out.writeShort(length);
        out.writeShort(NO_CHECKSUM);
        payload.encode(out);
        Encoding.checkWritten(payload, out.writerIndex() - start - HEADER_LENGTH, payload.length());
        if (checksummed) {
            int checksum = InternetChecksum.checksum(out, start, length,
                    InternetChecksum.ipv4PseudoHeaderSum(src, dst, PROTOCOL, length));
            out.setShort(start + CHECKSUM_OFFSET, transmitted(checksum));
        }
    }

    /** A computed checksum of zero goes out as 0xffff, its other ones' complement form (RFC 768). */
    private static int transmitted(int checksum) {
        return checksum == 0 ? 0xFFFF : checksum;
    }

    /**
     * Decodes the {@code length} bytes at the reader index of {@code in}, the payload of an IPv4 packet
     * from {@code src} to {@code dst} (used by the checksum). On success the reader index moves past
     * them; on failure it does not move.
     *
     * @throws MalformedPacketException saying what is wrong, for bytes that are not a valid datagram
     *     or carry an invalid VXLAN packet to port 4789
     */
    public static UdpDatagram decode(ByteBuf in, int length, Ipv4Address src, Ipv4Address dst)
            throws MalformedPacketException {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Decoding.requireReadable("UDP datagram", in, length, Ipv4Packet.MAX_PAYLOAD_LENGTH);
        if (length < HEADER_LENGTH) {
            throw new MalformedPacketException("UDP datagram truncated: " + length + " bytes, need "
                    + HEADER_LENGTH + " for the header");
        }
        int start = in.readerIndex();
        int lengthField = in.getUnsignedShort(start + 4);
        if (lengthField != length) {
            throw new MalformedPacketException("UDP length field " + lengthField + " does not match the "
                    + length + " bytes of the IP payload");
        }
        boolean checksummed = in.getUnsignedShort(start + CHECKSUM_OFFSET) != NO_CHECKSUM;
        int pseudo = InternetChecksum.ipv4PseudoHeaderSum(src, dst, PROTOCOL, length);
        if (checksummed && !InternetChecksum.isValid(in, start, length, pseudo)) {
            throw Decoding.badChecksum("UDP", in.getUnsignedShort(start + CHECKSUM_OFFSET),
                    transmitted(Decoding.expectedChecksum(in, start, length, CHECKSUM_OFFSET, pseudo)));
        }
        int srcPort = in.getUnsignedShort(start);
        int dstPort = in.getUnsignedShort(start + 2);
        ByteBuf body = in.slice(start + HEADER_LENGTH, length - HEADER_LENGTH);
        UdpPayload payload = dstPort == VxlanPacket.UDP_PORT
                ? VxlanPacket.decode(body, body.readableBytes())
                : RawUdpPayload.of(ByteBufUtil.getBytes(body));
        in.skipBytes(length);
        return new UdpDatagram(srcPort, dstPort, payload, checksummed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdpDatagram other
                && srcPort == other.srcPort
                && dstPort == other.dstPort
                && checksummed == other.checksummed
                && payload.equals(other.payload);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            // Objects.hash over the same fields, without its array and boxing
            h = 31 + srcPort;
            h = 31 * h + dstPort;
            h = 31 * h + Boolean.hashCode(checksummed);
            h = 31 * h + payload.hashCode();
            hash = h;
        }
        return h;
    }

    /** For example {@code UDP 40312 > 4789 len=100 no-checksum: VXLAN vni=1001 ...}. */
    @Override
    public String toString() {
        return "UDP " + srcPort + " > " + dstPort + " len=" + length() + (checksummed ? "" : " no-checksum")
                + ": " + payload;
    }
}
