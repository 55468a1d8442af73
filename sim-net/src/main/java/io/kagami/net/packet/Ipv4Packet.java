package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Objects;

/**
 * An IPv4 packet: a 20-byte header (version 4, IHL 5) with its header checksum, and an
 * {@link IpPayload}: {@link IcmpEcho} for protocol 1, {@link TcpSegment} for 6, {@link UdpDatagram}
 * for 17, {@link VrrpAdvertisement} for 112 and {@link RawPayload} for any other. Left out: IP options
 * (decoding verifies and skips them), fragmentation (decoding rejects fragments; DF is kept), the ECN
 * bits and the reserved flag (written as zero, ignored on decoding).
 */
public final class Ipv4Packet implements EtherPayload {

    /** {@link #hashCode()}, 0 until computed: the packet is immutable, and hashed at every hop by the trace digest. */
    private int hash;

    /** The EtherType of IPv4. */
    public static final int ETHER_TYPE = 0x0800;

    /** The length of the header this class writes. */
    public static final int HEADER_LENGTH = 20;
    /** The longest payload that fits the 16-bit total length. */
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFF - HEADER_LENGTH;

    private static final int VERSION = 4;
    private static final int MIN_IHL = 5;
    private static final int CHECKSUM_OFFSET = 10;
    private static final int FLAG_DONT_FRAGMENT = 0x4000;
    private static final int FLAG_MORE_FRAGMENTS = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private final Ipv4Address src;
    private final Ipv4Address dst;
    private final int ttl;
    private final int dscp;
    private final int identification;
    private final boolean dontFragment;
    private final IpPayload payload;

    private Ipv4Packet(Ipv4Address src, Ipv4Address dst, int ttl, int dscp, int identification,
            boolean dontFragment, IpPayload payload) {
        this.src = Objects.requireNonNull(src, "src");
        this.dst = Objects.requireNonNull(dst, "dst");
        this.ttl = Encoding.inRange("IPv4 TTL", ttl, 255);
        this.dscp = Encoding.inRange("IPv4 DSCP", dscp, 63);
        this.identification = Encoding.inRange("IPv4 identification", identification, 0xFFFF);
        this.dontFragment = dontFragment;
        this.payload = Objects.requireNonNull(payload, "payload");
        Encoding.inRange("IPv4 payload length", payload.length(), MAX_PAYLOAD_LENGTH);
        Encoding.inRange("IP protocol", payload.protocol(), 255);
    }

    /** A packet with identification 0, DF clear and DSCP 0. */
    public static Ipv4Packet of(Ipv4Address src, Ipv4Address dst, int ttl, IpPayload payload) {
        return of(src, dst, ttl, 0, false, payload);
    }

    /**
     * A packet with DSCP 0.
     *
     * @throws IllegalArgumentException if {@code ttl} is outside 0..255, {@code identification} outside
     *     0..65535 or the payload too long
     */
    public static Ipv4Packet of(Ipv4Address src, Ipv4Address dst, int ttl, int identification,
            boolean dontFragment, IpPayload payload) {
        return new Ipv4Packet(src, dst, ttl, 0, identification, dontFragment, payload);
    }

    /**
     * This packet with another DSCP, 0..63 (the upper six bits of the old TOS byte; keepalived's
     * adverts carry {@link VrrpAdvertisement#IP_DSCP}).
     */
    public Ipv4Packet withDscp(int dscp) {
        return new Ipv4Packet(src, dst, ttl, dscp, identification, dontFragment, payload);
    }

    public Ipv4Address src() {
        return src;
    }

    public Ipv4Address dst() {
        return dst;
    }

    public int ttl() {
        return ttl;
    }

    public int dscp() {
        return dscp;
    }

    public int identification() {
        return identification;
    }

    public boolean dontFragment() {
        return dontFragment;
    }

    public IpPayload payload() {
        return payload;
    }

    /** The IP protocol number, the payload's. */
    public int protocol() {
        return payload.protocol();
    }

    /** Header and payload length in bytes. */
    public int totalLength() {
        return HEADER_LENGTH + payload.length();
    }

    /** 0x0800. */
    @Override
    public int etherType() {
        return ETHER_TYPE;
    }

    /** The {@link #totalLength()}. */
    @Override
    public int length() {
        return totalLength();
    }

    /** Writes the packet at the writer index of {@code out}, header checksum included. */
    @Override
    public void encode(ByteBuf out) {
        int start = out.writerIndex();
        out.writeByte(VERSION << 4 | MIN_IHL);
        out.writeByte(dscp << 2);
        out.writeShort(totalLength());
        out.writeShort(identification);
        out.writeShort(dontFragment ? FLAG_DONT_FRAGMENT : 0);
        out.writeByte(ttl);
        out.writeByte(protocol());
        out.writeShort(0);
        out.writeInt(src.bits());
        out.writeInt(dst.bits());
        out.setShort(start + CHECKSUM_OFFSET, InternetChecksum.checksum(out, start, HEADER_LENGTH, 0));
        payload.encode(out, src, dst);
        Encoding.checkWritten(payload, out.writerIndex() - start - HEADER_LENGTH, payload.length());
    }

    /** The packet's wire bytes. */
    public byte[] toBytes() {
        return Encoding.toBytes(totalLength(), this::encode);
    }

    /**
     * Decodes the packet at the reader index of {@code in}. Bytes after the total length (link-layer
     * padding) are left unread; on success the reader index moves past the packet, on failure it does
     * not move.
     *
     * @throws MalformedPacketException saying what is wrong, for any bytes that are not a valid packet
     */
    public static Ipv4Packet decode(ByteBuf in) throws MalformedPacketException {
        int readable = in.readableBytes();
        Decoding.requireAtLeast("IPv4 header", readable, HEADER_LENGTH);
        int start = in.readerIndex();
        int version = in.getUnsignedByte(start) >>> 4;
        if (version != VERSION) {
            throw new MalformedPacketException("IP version " + version + ", expected 4");
        }
        int ihl = in.getUnsignedByte(start) & 0x0F;
        if (ihl < MIN_IHL) {
            throw new MalformedPacketException("IPv4 header length (IHL) " + ihl + " words, minimum " + MIN_IHL);
        }
        int headerLength = ihl * 4;
        if (headerLength > readable) {
            throw new MalformedPacketException("IPv4 header truncated: " + readable + " bytes, IHL says "
                    + headerLength);
        }
        int totalLength = in.getUnsignedShort(start + 2);
        if (totalLength < headerLength) {
            throw new MalformedPacketException("IPv4 total length " + totalLength + " smaller than header length "
                    + headerLength);
        }
        if (totalLength > readable) {
            throw new MalformedPacketException("IPv4 total length " + totalLength + " larger than the " + readable
                    + " bytes available");
        }
        if (!InternetChecksum.isValid(in, start, headerLength, 0)) {
            throw Decoding.badChecksum("IPv4 header", in, start, headerLength, CHECKSUM_OFFSET, 0);
        }
        int flags = in.getUnsignedShort(start + 6);
        if ((flags & (FLAG_MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0) {
            throw new MalformedPacketException("IPv4 fragment (MF=" + ((flags & FLAG_MORE_FRAGMENTS) != 0 ? 1 : 0)
                    + ", offset " + (flags & FRAGMENT_OFFSET_MASK) * 8 + " bytes): fragments are not modelled");
        }
        Ipv4Address src = new Ipv4Address(in.getInt(start + 12));
        Ipv4Address dst = new Ipv4Address(in.getInt(start + 16));
        int protocol = in.getUnsignedByte(start + 9);
        ByteBuf body = in.slice(start + headerLength, totalLength - headerLength);
        int bodyLength = body.readableBytes();
        IpPayload payload = switch (protocol) {
            case IcmpEcho.PROTOCOL -> IcmpEcho.decode(body, bodyLength);
            case TcpSegment.PROTOCOL -> TcpSegment.decode(body, bodyLength, src, dst);
            case UdpDatagram.PROTOCOL -> UdpDatagram.decode(body, bodyLength, src, dst);
            case VrrpAdvertisement.PROTOCOL -> VrrpAdvertisement.decode(body, bodyLength, src, dst);
            default -> RawPayload.of(protocol, ByteBufUtil.getBytes(body));
        };
        Ipv4Packet packet = new Ipv4Packet(src, dst, in.getUnsignedByte(start + 8),
                in.getUnsignedByte(start + 1) >>> 2, in.getUnsignedShort(start + 4),
                (flags & FLAG_DONT_FRAGMENT) != 0, payload);
        in.skipBytes(totalLength);
        return packet;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Packet other
                && src.equals(other.src)
                && dst.equals(other.dst)
                && ttl == other.ttl
                && dscp == other.dscp
                && identification == other.identification
                && dontFragment == other.dontFragment
                && payload.equals(other.payload);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            // Objects.hash over the same fields, without its array and boxing
            h = 31 + src.hashCode();
            h = 31 * h + dst.hashCode();
            h = 31 * h + ttl;
            h = 31 * h + dscp;
            h = 31 * h + identification;
            h = 31 * h + Boolean.hashCode(dontFragment);
            h = 31 * h + payload.hashCode();
            hash = h;
        }
        return h;
    }

    /** For example {@code IPv4 169.254.192.1 > 224.0.0.18 ttl=255 dscp=48 id=1 len=40: VRRPv2 ...}. */
    @Override
    public String toString() {
        return "IPv4 " + src + " > " + dst + " ttl=" + ttl + " dscp=" + dscp + " id=" + identification
                + (dontFragment ? " DF" : "") + " len=" + totalLength() + ": " + payload;
    }
}
