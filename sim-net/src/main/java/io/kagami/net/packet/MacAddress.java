package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * An Ethernet (EUI-48) MAC address, held in the low 48 bits of a long with the first byte on the wire
 * most significant ({@code fa:16:3e:12:34:56} is {@code 0xfa163e123456}). Addresses order as those
 * 48-bit numbers. Only the colon form with two hex digits per byte is accepted, the way {@code ip link}
 * and {@code ovs-vsctl} print them; the dashed and dotted forms of other tools are left out.
 */
public record MacAddress(long bits) implements Comparable<MacAddress> {

    /** ff:ff:ff:ff:ff:ff. */
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);
    /** 00:00:00:00:00:00, the unknown target hardware address of an ARP request. */
    public static final MacAddress ZERO = new MacAddress(0);

    private static final long MAX = 0xFFFF_FFFF_FFFFL;
    private static final long GROUP_BIT = 1L << 40;
    /** 01:00:5e, the IANA block that IPv4 multicast groups map into (RFC 1112 section 6.4). */
    private static final long IPV4_MULTICAST_PREFIX = 0x0100_5E00_0000L;
    private static final int IPV4_MULTICAST_GROUP_BITS = 0x7F_FFFF;

    /** @throws IllegalArgumentException if {@code bits} does not fit in 48 bits */
    public MacAddress {
        if (bits < 0 || bits > MAX) {
            throw new IllegalArgumentException(String.format("MAC address bits 0x%x out of range 0..0x%x", bits, MAX));
        }
    }

    /**
     * Parses the colon form such as {@code fa:16:3e:12:34:56}, in either case.
     *
     * @throws IllegalArgumentException saying the text is not a MAC address
     */
    public static MacAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != 17) {
            throw notAnAddress(text);
        }
        long bits = 0;
        for (int i = 0; i < 17; i++) {
            char c = text.charAt(i);
            if (i % 3 == 2) {
                if (c != ':') {
                    throw notAnAddress(text);
                }
                continue;
            }
            int digit = hexDigit(c);
            if (digit < 0) {
                throw notAnAddress(text);
            }
            bits = bits << 4 | digit;
        }
        return new MacAddress(bits);
    }

    /** The value of an ASCII hex digit, or -1 ({@link Character#digit} would also take other scripts' digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static IllegalArgumentException notAnAddress(String text) {
        return new IllegalArgumentException("'" + text + "' is not a MAC address (expected six hex bytes"
                + " separated by colons, such as fa:16:3e:12:34:56)");
    }

    /**
     * The address of six bytes in wire order, each 0..255: {@code of(0xfa, 0x16, 0x3e, 0x12, 0x34, 0x56)}.
     *
     * @throws IllegalArgumentException if there are not six bytes or one is out of range
     */
    public static MacAddress of(int... sixBytes) {
        if (sixBytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + sixBytes.length);
        }
        long bits = 0;
        for (int b : sixBytes) {
            bits = bits << 8 | Encoding.inRange("MAC address byte", b, 255);
        }
        return new MacAddress(bits);
    }

    /**
     * The address of six bytes in wire order.
     *
     * @throws IllegalArgumentException if there are not six bytes
     */
    public static MacAddress of(byte[] sixBytes) {
        if (sixBytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + sixBytes.length);
        }
        long bits = 0;
        for (byte b : sixBytes) {
            bits = bits << 8 | (b & 0xFF);
        }
        return new MacAddress(bits);
    }

    /**
     * The MAC address an IPv4 multicast group is sent to: 01:00:5e followed by the low 23 bits of the
     * group (RFC 1112 section 6.4), so 224.0.0.18 maps to 01:00:5e:00:00:12.
     *
     * @throws IllegalArgumentException if {@code group} is not in 224.0.0.0/4
     */
    public static MacAddress ipv4Multicast(Ipv4Address group) {
        if (group.bits() >>> 28 != 0xE) {
            throw new IllegalArgumentException(group + " is not an IPv4 multicast group (224.0.0.0/4)");
        }
        return new MacAddress(IPV4_MULTICAST_PREFIX | (group.bits() & IPV4_MULTICAST_GROUP_BITS));
    }

    /** The address in the six bytes at {@code index} of {@code buf}, without moving its indices. */
    static MacAddress get(ByteBuf buf, int index) {
        return new MacAddress((long) buf.getUnsignedShort(index) << 32 | buf.getUnsignedInt(index + 2));
    }

    /** Writes the six bytes at the writer index of {@code out}. */
    void write(ByteBuf out) {
        out.writeShort((int) (bits >>> 32));
        out.writeInt((int) bits);
    }

    public boolean isBroadcast() {
        return bits == MAX;
    }

    /** Whether the I/G bit (the lowest bit of the first byte) is set; the broadcast address is one too. */
    public boolean isMulticast() {
        return (bits & GROUP_BIT) != 0;
    }

    @Override
    public int compareTo(MacAddress other) {
        return Long.compare(bits, other.bits);
    }

    /** The lowercase colon form, such as {@code fa:16:3e:12:34:56}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int b = (int) (bits >>> shift) & 0xFF;
            text.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (shift > 0) {
                text.append(':');
            }
        }
        return text.toString();
    }
}
