package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * A VRRP advertisement for IPv4, version 2 (RFC 3768) or 3 (RFC 5798), as keepalived sends it: IP
 * protocol 112, to {@link #MULTICAST_GROUP} with TTL 255. Version 2 carries no authentication (auth
 * type 0, the way Neutron configures keepalived) but always ends with the 8 zero bytes of
 * authentication data, and its checksum covers the VRRP message only. Version 3 has no authentication
 * data and its checksum also covers the IPv4 pseudo-header. Left out: simple-password and IPsec AH
 * authentication (decoding rejects a nonzero auth type), IPv6 and any message type but advertisement.
 * On decoding, the authentication data of version 2 and the reserved bits of version 3 are ignored, as
 * the RFCs say.
 */
public final class VrrpAdvertisement implements IpPayload {

    /** {@link #hashCode()}, 0 until computed: the packet is immutable, and hashed at every hop by the trace digest. */
    private int hash;

    /** The IP protocol number of VRRP. */
    public static final int PROTOCOL = 112;
    /** The IPv4 destination of advertisements, 224.0.0.18. */
    public static final Ipv4Address MULTICAST_GROUP = Ipv4Address.of(224, 0, 0, 18);
    /** The IP TTL advertisements are sent with; receivers drop any other. */
    public static final int IP_TTL = 255;
    /** The DSCP keepalived sends with: TOS byte 0xc0, precedence "internetwork control". */
    public static final int IP_DSCP = 0xC0 >>> 2;

    private static final int TYPE_ADVERTISEMENT = 1;
    private static final int AUTH_TYPE_NONE = 0;
    private static final int HEADER_LENGTH = 8;
    private static final int CHECKSUM_OFFSET = 6;
    private static final int V2_AUTH_DATA_LENGTH = 8;
    private static final int V3_INTERVAL_MASK = 0x0FFF;

    private final int version;
    private final int vrid;
    private final int priority;
    private final int advertInterval;
    private final List<Ipv4Address> addresses;

    private VrrpAdvertisement(int version, int vrid, int priority, int advertInterval, List<Ipv4Address> addresses) {
        this.version = version;
        this.vrid = inRange("VRRP vrid", vrid, 1, 255, "");
        this.priority = inRange("VRRP priority", priority, 0, 255, "");
        this.advertInterval = version == 2
                ? inRange("VRRPv2 advert interval", advertInterval, 1, 255, " s")
                : inRange("VRRPv3 max advert interval", advertInterval, 1, V3_INTERVAL_MASK, " cs");
        this.addresses = List.copyOf(addresses);
        inRange("VRRP address count", this.addresses.size(), 1, 255, "");
    }

    private static int inRange(String field, int value, int min, int max, String unit) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " " + value + unit + " out of range " + min + ".." + max + unit);
        }
        return value;
    }

    /**
     * A version 2 advertisement.
     *
     * @param advertIntervalSeconds 1..255 seconds
     * @throws IllegalArgumentException naming the field and its allowed range
     */
    public static VrrpAdvertisement v2(int vrid, int priority, int advertIntervalSeconds, List<Ipv4Address> addresses) {
        return new VrrpAdvertisement(2, vrid, priority, advertIntervalSeconds, addresses);
    }

    /**
     * A version 3 advertisement.
     *
     * @param maxAdvertIntervalCentis 1..4095 centiseconds
     * @throws IllegalArgumentException naming the field and its allowed range
     */
    public static VrrpAdvertisement v3(int vrid, int priority, int maxAdvertIntervalCentis,
            List<Ipv4Address> addresses) {
        return new VrrpAdvertisement(3, vrid, priority, maxAdvertIntervalCentis, addresses);
    }

    /** 2 or 3. */
    public int version() {
        return version;
    }

    public int vrid() {
        return vrid;
    }

    public int priority() {
        return priority;
    }

    /** The advertisement interval in the version's own unit: seconds for v2, centiseconds for v3. */
    public int advertInterval() {
        return advertInterval;
    }

    public long advertIntervalNanos() {
        return version == 2 ? advertInterval * 1_000_000_000L : advertInterval * 10_000_000L;
    }

    /** The virtual addresses, in the order they are carried. */
    public List<Ipv4Address> addresses() {
        return addresses;
    }

    @Override
    public int protocol() {
        return PROTOCOL;
    }

    @Override
    public int length() {
        return messageLength(version, addresses.size());
    }

    private static int messageLength(int version, int count) {
        return HEADER_LENGTH + 4 * count + (version == 2 ? V2_AUTH_DATA_LENGTH : 0);
    }

    /** Writes the message; {@code src} and {@code dst} enter the checksum of version 3 only. */
    @Override
    public void encode(ByteBuf out, Ipv4Address src, Ipv4Address dst) {
        int start = out.writerIndex();
        out.writeByte(version << 4 | TYPE_ADVERTISEMENT);
        out.writeByte(vrid);
        out.writeByte(priority);
        out.writeByte(addresses.size());
        if (version == 2) {
            out.writeByte(AUTH_TYPE_NONE);
            out.writeByte(advertInterval);
        } else {
            out.writeShort(advertInterval);
        }
        out.writeShort(0);
        for (Ipv4Address address : addresses) {
            out.writeInt(address.bits());
        }
        if (version == 2) {
            out.writeZero(V2_AUTH_DATA_LENGTH);
        }
        int length = out.writerIndex() - start;
        out.setShort(start + CHECKSUM_OFFSET,
                InternetChecksum.checksum(out, start, length, checksumInitial(version, src, dst, length)));
    }

    private static int checksumInitial(int version, Ipv4Address src, Ipv4Address dst, int length) {
        return version == 3 ? InternetChecksum.ipv4PseudoHeaderSum(src, dst, PROTOCOL, length) : 0;
    }

    /**
     * Decodes the {@code length} bytes at the reader index of {@code in}, sent from {@code src} to
     * {@code dst} (used by the version 3 checksum). On success the reader index moves past them; on
     * failure it does not move.
     *
     * @throws MalformedPacketException saying what is wrong, for any bytes that are not a valid
     *     advertisement
     */
    public static VrrpAdvertisement decode(ByteBuf in, int length, Ipv4Address src, Ipv4Address dst)
            throws MalformedPacketException {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Decoding.requireReadable("VRRP message", in, length, Ipv4Packet.MAX_PAYLOAD_LENGTH);
        if (length < HEADER_LENGTH) {
            throw new MalformedPacketException("VRRP message truncated: " + length + " bytes, need at least "
                    + HEADER_LENGTH + " for the header");
        }
        int start = in.readerIndex();
        int version = in.getUnsignedByte(start) >>> 4;
        int type = in.getUnsignedByte(start) & 0x0F;
        if (version != 2 && version != 3) {
            throw new MalformedPacketException("VRRP version " + version + " not supported, expected 2 or 3");
        }
        if (type != TYPE_ADVERTISEMENT) {
            throw new MalformedPacketException("VRRP type " + type + ", expected 1 (advertisement)");
        }
        int count = in.getUnsignedByte(start + 3);
        int expectedLength = messageLength(version, count);
        String addressesText = count + (count == 1 ? " address" : " addresses");
        if (length < expectedLength) {
            throw new MalformedPacketException("VRRP message truncated: " + length + " bytes, need "
                    + expectedLength + " for " + addressesText);
        }
        if (length > expectedLength) {
            throw new MalformedPacketException("VRRP message length " + length + " does not match its count of "
                    + addressesText + ": expected " + expectedLength + " bytes");
        }
        int initial = checksumInitial(version, src, dst, length);
        if (!InternetChecksum.isValid(in, start, length, initial)) {
            throw Decoding.badChecksum("VRRP", in, start, length, CHECKSUM_OFFSET, initial);
        }
        int interval;
        if (version == 2) {
            int authType = in.getUnsignedByte(start + 4);
            if (authType != AUTH_TYPE_NONE) {
                throw new MalformedPacketException("VRRP auth type " + authType + " not supported, only "
                        + AUTH_TYPE_NONE + " (none)");
            }
            interval = in.getUnsignedByte(start + 5);
        } else {
            interval = in.getUnsignedShort(start + 4) & V3_INTERVAL_MASK;
        }
        Ipv4Address[] addresses = new Ipv4Address[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = new Ipv4Address(in.getInt(start + HEADER_LENGTH + 4 * i));
        }
        VrrpAdvertisement advert;
        try {
            advert = new VrrpAdvertisement(version, in.getUnsignedByte(start + 1), in.getUnsignedByte(start + 2),
                    interval, List.of(addresses));
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException(e.getMessage(), e);
        }
        in.skipBytes(length);
        return advert;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrrpAdvertisement other
                && version == other.version
                && vrid == other.vrid
                && priority == other.priority
                && advertInterval == other.advertInterval
                && addresses.equals(other.addresses);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            // Objects.hash over the same fields, without its array and boxing
            h = 31 + version;
            h = 31 * h + vrid;
            h = 31 * h + priority;
            h = 31 * h + advertInterval;
            h = 31 * h + addresses.hashCode();
            hash = h;
        }
        return h;
    }

    /** For example {@code VRRPv2 vrid=1 prio=50 int=2s addrs=[169.254.0.1]}. */
    @Override
    public String toString() {
        return "VRRPv" + version + " vrid=" + vrid + " prio=" + priority + " int=" + advertInterval
                + (version == 2 ? "s" : "cs") + " addrs=" + addresses;
    }
}
