package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * A VXLAN packet (RFC 7348) as OVS tunnel ports send it between network and compute nodes: an 8-byte
 * header (flags 0x08, the I bit that says the VNI is valid; 24 reserved bits; the 24-bit VNI, Neutron's
 * segmentation id; 8 reserved bits) followed by the inner Ethernet frame, unpadded as the tap or
 * internal port handed it to OVS. {@link #encapsulate} builds the outer IPv4/UDP packet the way Linux's
 * vxlan driver under an OVS tunnel port does; the outer Ethernet header is the underlay's to add.
 *
 * <p>Decoding follows Linux ({@code vxlan_rcv}) rather than the RFC's "ignore reserved bits": without
 * the GBP or GPE extensions, which Neutron does not enable, a header with the I bit clear or any other
 * flag or reserved bit set is dropped, and here rejected. Left out: those extensions, VXLAN over IPv6,
 * and the outer UDP checksum, which OVS leaves off.
 */
public final class VxlanPacket implements UdpPayload {

    /** {@link #hashCode()}, 0 until computed: the packet is immutable, and hashed at every hop by the trace digest. */
    private int hash;

    /** The IANA UDP port of VXLAN, which OVS and Linux use by default. */
    public static final int UDP_PORT = 4789;
    /** The length of the VXLAN header. */
    public static final int HEADER_LENGTH = 8;
    /** The largest VNI, 2^24 - 1. */
    public static final int MAX_VNI = 0xFF_FFFF;
    /** The TTL of the outer IPv4 header: Linux's default (net.ipv4.ip_default_ttl), as OVS leaves ttl unset. */
    public static final int OUTER_TTL = 64;

    private static final int FLAG_VNI_VALID = 0x08;

    /*
     * Linux's vxlan driver takes the source port from udp_flow_src_port(), which scales the inner
     * packet's flow hash into net.ipv4.ip_local_port_range, 32768..60999 by default, so that the
     * underlay's ECMP spreads tunnelled flows while each flow keeps one path. The kernel's hash (jhash
     * with a random boot-time seed) cannot be reproduced; the hash here is our own and deterministic.
     */
    private static final int SOURCE_PORT_MIN = 32768;
    private static final int SOURCE_PORT_MAX = 60999;
    /** 2^32 divided by the golden ratio, odd: Knuth's multiplier for multiplicative hashing. */
    private static final int GOLDEN_RATIO = 0x9E37_79B1;

    private final int vni;
    private final EthernetFrame inner;

    private VxlanPacket(int vni, EthernetFrame inner) {
        this.vni = vni;
        this.inner = inner;
    }

    /**
     * The packet carrying {@code inner} on VNI {@code vni}.
     *
     * @throws IllegalArgumentException if {@code vni} is outside 0..16777215 or the inner frame does not
     *     fit in a UDP datagram
     */
    public static VxlanPacket of(int vni, EthernetFrame inner) {
        Encoding.inRange("VXLAN VNI", vni, MAX_VNI);
        Objects.requireNonNull(inner, "inner");
        int length = HEADER_LENGTH + inner.unpaddedLength();
        if (length > UdpDatagram.MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("VXLAN packet of " + length + " bytes does not fit in a UDP datagram"
                    + " (at most " + UdpDatagram.MAX_PAYLOAD_LENGTH + ")");
        }
        return new VxlanPacket(vni, inner);
    }

    /**
     * The outer IPv4 packet that carries {@code inner} from tunnel endpoint {@code localIp} to
     * {@code remoteIp} on VNI {@code vni}: TTL {@value #OUTER_TTL}, DF set (the tunnel port's
     * {@code df_default=true}), identification 0 (Linux's choice for a DF packet from an unconnected
     * socket), UDP from {@link #sourcePort} to {@value #UDP_PORT} with checksum 0.
     *
     * @throws IllegalArgumentException if {@code vni} is out of range or the frame is too long
     */
    public static Ipv4Packet encapsulate(Ipv4Address localIp, Ipv4Address remoteIp, int vni, EthernetFrame inner) {
        VxlanPacket vxlan = of(vni, inner);
        return Ipv4Packet.of(localIp, remoteIp, OUTER_TTL, 0, true,
                UdpDatagram.withoutChecksum(sourcePort(inner), UDP_PORT, vxlan));
    }

    /**
     * The length on the wire of the Ethernet frame that carries {@code inner} over the underlay
     * ({@link #encapsulate}, then an untagged Ethernet header), without building it.
     */
    public static int outerFrameLength(EthernetFrame inner) {
        return Math.max(EthernetFrame.MIN_LENGTH, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH
                + UdpDatagram.HEADER_LENGTH + HEADER_LENGTH + inner.unpaddedLength());
    }

    /**
     * The outer UDP source port for {@code inner}: a deterministic hash of its Ethernet addresses and
     * EtherType and, for IPv4, its addresses and protocol and the TCP/UDP ports or ICMP echo identifier,
     * scaled into 32768..60999. Frames of one flow always get the same port.
     */
    public static int sourcePort(EthernetFrame inner) {
        int h = mix(0, (int) (inner.dst().bits() >>> 32));
        h = mix(h, (int) inner.dst().bits());
        h = mix(h, (int) (inner.src().bits() >>> 32));
        h = mix(h, (int) inner.src().bits());
        h = mix(h, inner.etherType());
        if (inner.payload() instanceof Ipv4Packet ip) {
            h = mix(h, ip.src().bits());
            h = mix(h, ip.dst().bits());
            h = mix(h, ip.protocol());
            if (ip.payload() instanceof TcpSegment tcp) {
                h = mix(h, tcp.srcPort() << 16 | tcp.dstPort());
            } else if (ip.payload() instanceof UdpDatagram udp) {
                h = mix(h, udp.srcPort() << 16 | udp.dstPort());
            } else if (ip.payload() instanceof IcmpEcho echo) {
                h = mix(h, echo.id());
            }
        }
        // Fold the low bits into the high ones, which the scaling below keeps.
        h ^= h >>> 16;
        h *= GOLDEN_RATIO;
        h ^= h >>> 16;
        long range = SOURCE_PORT_MAX - SOURCE_PORT_MIN + 1;
        return SOURCE_PORT_MIN + (int) (((h & 0xFFFF_FFFFL) * range) >>> 32);
    }

    private static int mix(int h, int word) {
        return Integer.rotateLeft((h ^ word) * GOLDEN_RATIO, 13);
    }

    /** The VXLAN network identifier, Neutron's segmentation id of the tenant network. */
    public int vni() {
        return vni;
    }

    /** The tenant's Ethernet frame. */
    public EthernetFrame inner() {
        return inner;
    }

    @Override
    public int length() {
        return HEADER_LENGTH + inner.unpaddedLength();
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(FLAG_VNI_VALID);
        out.writeMedium(0);
        out.writeMedium(vni);
        out.writeByte(0);
        inner.encodeUnpadded(out);
    }

    /**
     * Decodes the {@code length} bytes at the reader index of {@code in}, a UDP payload: the header and
     * the inner frame, which fills the rest. On success the reader index moves past them; on failure it
     * does not move.
     *
     * @throws MalformedPacketException saying what is wrong with the header or, prefixed with the VNI,
     *     with the inner frame
     */
    public static VxlanPacket decode(ByteBuf in, int length) throws MalformedPacketException {
        Decoding.requireReadable("VXLAN packet", in, length, UdpDatagram.MAX_PAYLOAD_LENGTH);
        Decoding.requireAtLeast("VXLAN header", length, HEADER_LENGTH);
        int start = in.readerIndex();
        int flags = in.getUnsignedByte(start);
        if ((flags & FLAG_VNI_VALID) == 0) {
            throw new MalformedPacketException(String.format("VXLAN flags 0x%02x without the I bit (0x08):"
                    + " no valid VNI", flags));
        }
        int reservedAfterFlags = in.getUnsignedMedium(start + 1);
        int reservedAfterVni = in.getUnsignedByte(start + 7);
        if (flags != FLAG_VNI_VALID || reservedAfterFlags != 0 || reservedAfterVni != 0) {
            throw new MalformedPacketException(String.format("VXLAN reserved bits set (flags 0x%02x, reserved"
                    + " 0x%06x and 0x%02x): extensions such as GBP are not modelled, Linux drops these",
                    flags, reservedAfterFlags, reservedAfterVni));
        }
        int vni = in.getUnsignedMedium(start + 4);
        EthernetFrame inner;
        try {
            inner = EthernetFrame.decode(in.slice(start + HEADER_LENGTH, length - HEADER_LENGTH));
        } catch (MalformedPacketException e) {
            throw new MalformedPacketException("VXLAN VNI " + vni + " inner frame: " + e.getMessage(), e);
        }
        in.skipBytes(length);
        return new VxlanPacket(vni, inner);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VxlanPacket other && vni == other.vni && inner.equals(other.inner);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            // Objects.hash over the same fields, without its array and boxing
            h = 31 + vni;
            h = 31 * h + inner.hashCode();
            hash = h;
        }
        return h;
    }

    /** For example {@code VXLAN vni=1001: Ethernet ...}. */
    @Override
    public String toString() {
        return "VXLAN vni=" + vni + ": " + inner;
    }
}
