package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ethernet payload this package does not interpret (IPv6, LLDP, anything but IPv4 and ARP): an
 * EtherType and opaque bytes, copied in and out so the value stays immutable. Decoding cannot tell such
 * a payload from the link-layer padding after it, so a decoded one keeps the padding. EtherTypes below
 * 0x0600 (802.3 length fields) and 0x8100 (the 802.1Q tag, see {@link EthernetFrame#withVlan}) are
 * refused, since bytes written with them would read back as another kind of frame; a modelled type such
 * as 0x0800 is allowed, so malformed payloads can be built.
 */
public final class RawEtherPayload extends OpaqueBytes implements EtherPayload {

    /** The smallest EtherType; smaller values in that field are 802.3 frame lengths. */
    public static final int MIN_ETHER_TYPE = 0x0600;
    /** The longest payload, as long as the longest IPv4 packet; jumbo frames are a fraction of it. */
    public static final int MAX_LENGTH = 0xFFFF;

    private final int etherType;

    private RawEtherPayload(int etherType, byte[] bytes) {
        super("Ethernet payload", bytes, MAX_LENGTH);
        this.etherType = etherType;
    }

    /**
     * A payload of {@code bytes} (copied) announced by {@code etherType}.
     *
     * @throws IllegalArgumentException if {@code etherType} is outside 0x0600..0xffff or is 0x8100, or
     *     the bytes are longer than {@value #MAX_LENGTH}
     */
    public static RawEtherPayload of(int etherType, byte[] bytes) {
        if (etherType < MIN_ETHER_TYPE || etherType > 0xFFFF) {
            throw new IllegalArgumentException(String.format(
                    "EtherType 0x%04x out of range 0x%04x..0xffff", etherType, MIN_ETHER_TYPE));
        }
        if (etherType == EthernetFrame.ETHER_TYPE_VLAN) {
            throw new IllegalArgumentException("EtherType 0x8100 is the 802.1Q tag: use EthernetFrame.withVlan");
        }
        return new RawEtherPayload(etherType, bytes);
    }

    @Override
    public int etherType() {
        return etherType;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeBytes(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawEtherPayload other && etherType == other.etherType && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(etherType, Arrays.hashCode(bytes));
    }

    /** For example {@code raw ethertype=0x86dd len=40}. */
    @Override
    public String toString() {
        return String.format("raw ethertype=0x%04x len=%d", etherType, bytes.length);
    }
}
