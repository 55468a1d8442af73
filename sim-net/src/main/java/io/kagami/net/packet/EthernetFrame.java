package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Objects;

/**
 * An Ethernet II frame: destination and source MAC, an optional IEEE 802.1Q tag, the EtherType and an
 * {@link EtherPayload} ({@link Ipv4Packet} for 0x0800, {@link ArpPacket} for 0x0806,
 * {@link RawEtherPayload} for any other). The tag carries a VLAN id 0..4095 with priority (PCP) 0 and
 * DEI clear, as OVS pushes the local VLANs of br-int (4095 being Neutron's dead VLAN). On the wire the
 * frame is padded with zeros to the 60-byte minimum (64 with the FCS), as a NIC does; inside a VXLAN
 * tunnel it travels unpadded, as a tap or OVS internal port hands it over.
 *
 * <p>Left out: the FCS and preamble, 802.3/LLC frames (EtherType below 0x0600, such as STP BPDUs;
 * decoding rejects them), stacked tags (QinQ, rejected too), PCP and DEI (written as zero, ignored on
 * decoding) and any maximum frame size, which is the link's MTU to enforce.
 */
public final class EthernetFrame {

    /** {@link #hashCode()}, 0 until computed: the packet is immutable, and hashed at every hop by the trace digest. */
    private int hash;
    /**
     * The hash without the tag's part ({@link #hashCode()} is this plus 31 times the VLAN), once known: a
     * frame retagged at a hop inherits it, so hashing it touches neither its addresses nor its payload.
     */
    private int untaggedHash;
    private boolean untaggedHashKnown;

    /** The EtherType (TPID) that introduces an 802.1Q tag. */
    public static final int ETHER_TYPE_VLAN = 0x8100;
    /** Destination, source and EtherType. */
    public static final int HEADER_LENGTH = 14;
    /** The length of an 802.1Q tag: TPID and TCI. */
    public static final int VLAN_TAG_LENGTH = 4;
    /** The shortest frame on the wire, without the 4-byte FCS. */
    public static final int MIN_LENGTH = 60;
    /** The largest VLAN id; 4095 is reserved by 802.1Q and used by Neutron for its dead VLAN. */
    public static final int MAX_VLAN = 4095;

    private static final int NO_VLAN = -1;
    private static final int VID_MASK = 0x0FFF;

    private final MacAddress dst;
    private final MacAddress src;
    private final int vlan;
    private final EtherPayload payload;

    private EthernetFrame(MacAddress dst, MacAddress src, int vlan, EtherPayload payload) {
        this.dst = Objects.requireNonNull(dst, "dst");
        this.src = Objects.requireNonNull(src, "src");
        this.vlan = vlan;
        this.payload = Objects.requireNonNull(payload, "payload");
    }

    /** {@code frame} with another tag. */
    private EthernetFrame(EthernetFrame frame, int vlan) {
        this(frame.dst, frame.src, vlan, frame.payload);
        this.untaggedHash = frame.untaggedHash;
        this.untaggedHashKnown = frame.untaggedHashKnown;
    }

    /** An untagged frame. */
    public static EthernetFrame of(MacAddress dst, MacAddress src, EtherPayload payload) {
        return new EthernetFrame(dst, src, NO_VLAN, payload);
    }

    /**
     * This frame with an 802.1Q tag for VLAN {@code vid}, replacing any tag it had (OVS's
     * {@code mod_vlan_vid}); a frame tagged {@code vid} already is returned as it is.
     *
     * @throws IllegalArgumentException if {@code vid} is outside 0..4095
     */
    public EthernetFrame withVlan(int vid) {
        Encoding.inRange("VLAN id", vid, MAX_VLAN);
        return vlan == vid ? this : new EthernetFrame(this, vid);
    }

    /** This frame without its 802.1Q tag (OVS's {@code strip_vlan}); an untagged frame is returned as it is. */
    public EthernetFrame withoutVlan() {
        return vlan == NO_VLAN ? this : new EthernetFrame(this, NO_VLAN);
    }

    public boolean hasVlan() {
        return vlan != NO_VLAN;
    }

    /**
     * The VLAN id of the 802.1Q tag.
     *
     * @throws IllegalStateException if the frame is untagged; ask {@link #hasVlan()} first
     */
    public int vlan() {
        if (vlan == NO_VLAN) {
            throw new IllegalStateException("untagged frame has no VLAN id: " + this);
        }
        return vlan;
    }

    public MacAddress dst() {
        return dst;
    }

    public MacAddress src() {
        return src;
    }

    public EtherPayload payload() {
        return payload;
    }

    /** The payload's EtherType, the one after the tag in a tagged frame (what OVS matches as dl_type). */
    public int etherType() {
        return payload.etherType();
    }

    /** The frame on the wire in bytes, without FCS, padding to {@value #MIN_LENGTH} included. */
    public int length() {
        return Math.max(MIN_LENGTH, unpaddedLength());
    }

    /** Header, tag and payload, without padding: the frame as it travels inside a VXLAN tunnel. */
    int unpaddedLength() {
        return HEADER_LENGTH + (hasVlan() ? VLAN_TAG_LENGTH : 0) + payload.length();
    }

    /** Writes the frame at the writer index of {@code out}, padded with zeros to {@value #MIN_LENGTH} bytes. */
    public void encode(ByteBuf out) {
        encodeUnpadded(out);
        out.writeZero(length() - unpaddedLength());
    }

    /** Writes header, tag and payload, {@link #unpaddedLength()} bytes. */
    void encodeUnpadded(ByteBuf out) {
        int start = out.writerIndex();
        dst.write(out);
        src.write(out);
        if (hasVlan()) {
            out.writeShort(ETHER_TYPE_VLAN);
            out.writeShort(vlan);
        }
        out.writeShort(payload.etherType());
        payload.encode(out);
        Encoding.checkWritten(payload, out.writerIndex() - start - (unpaddedLength() - payload.length()),
                payload.length());
    }

    /** The frame's wire bytes, padding included. */
    public byte[] toBytes() {
        return Encoding.toBytes(length(), this::encode);
    }

    /**
     * Decodes the frame that fills the readable bytes of {@code in}, padded or not. An IPv4 or ARP
     * payload is bounded by its own length and the bytes after it are taken as padding and ignored; a
     * {@link RawEtherPayload} gets every byte to the end. On success the reader index moves to the end,
     * on failure it does not move.
     *
     * @throws MalformedPacketException saying what is wrong, for any bytes that are not a valid frame
     */
    public static EthernetFrame decode(ByteBuf in) throws MalformedPacketException {
        int readable = in.readableBytes();
        Decoding.requireAtLeast("Ethernet header", readable, HEADER_LENGTH);
        int start = in.readerIndex();
        MacAddress dst = MacAddress.get(in, start);
        MacAddress src = MacAddress.get(in, start + 6);
        int typeOffset = 12;
        int vlan = NO_VLAN;
        if (in.getUnsignedShort(start + typeOffset) == ETHER_TYPE_VLAN) {
            Decoding.requireAtLeast("802.1Q tagged Ethernet header", readable, HEADER_LENGTH + VLAN_TAG_LENGTH);
            vlan = in.getUnsignedShort(start + typeOffset + 2) & VID_MASK;
            typeOffset += VLAN_TAG_LENGTH;
        }
        int etherType = in.getUnsignedShort(start + typeOffset);
        if (etherType == ETHER_TYPE_VLAN) {
            throw new MalformedPacketException("stacked 802.1Q tags (QinQ) not modelled");
        }
        if (etherType < RawEtherPayload.MIN_ETHER_TYPE) {
            throw new MalformedPacketException(String.format("EtherType field 0x%04x is an 802.3 length:"
                    + " 802.3/LLC frames not modelled, only Ethernet II", etherType));
        }
        ByteBuf body = in.slice(start + typeOffset + 2, readable - typeOffset - 2);
        EtherPayload payload = switch (etherType) {
            case Ipv4Packet.ETHER_TYPE -> Ipv4Packet.decode(body);
            case ArpPacket.ETHER_TYPE -> ArpPacket.decode(body);
            default -> {
                if (body.readableBytes() > RawEtherPayload.MAX_LENGTH) {
                    throw new MalformedPacketException(String.format("Ethernet payload of %d bytes (EtherType"
                            + " 0x%04x) longer than %d", body.readableBytes(), etherType, RawEtherPayload.MAX_LENGTH));
                }
                yield RawEtherPayload.of(etherType, ByteBufUtil.getBytes(body));
            }
        };
        in.skipBytes(readable);
        return new EthernetFrame(dst, src, vlan, payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EthernetFrame other
                && dst.equals(other.dst)
                && src.equals(other.src)
                && vlan == other.vlan
                && payload.equals(other.payload);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            // Objects.hash(dst, src, vlan, payload)'s value, without its array and boxing, which is
            // ((31 * (31 + dst) + src) * 31 + vlan) * 31 + payload: the untagged part plus 31 * vlan
            if (!untaggedHashKnown) {
                untaggedHash = (31 * (31 + dst.hashCode()) + src.hashCode()) * 961 + payload.hashCode();
                untaggedHashKnown = true;
            }
            h = untaggedHash + 31 * vlan;
            hash = h;
        }
        return h;
    }

    /** For example {@code Ethernet fa:16:3e:00:00:05 > ff:ff:ff:ff:ff:ff vlan=3: ARP request who-has ...}. */
    @Override
    public String toString() {
        return "Ethernet " + src + " > " + dst + (hasVlan() ? " vlan=" + vlan : "") + ": " + payload;
    }
}
