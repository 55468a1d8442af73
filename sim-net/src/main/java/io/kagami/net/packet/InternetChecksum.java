package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;

/**
 * The Internet checksum of RFC 1071: the ones' complement of the ones' complement sum of 16-bit
 * big-endian words, an odd last byte padded with a zero byte. Sums can be chained, for a pseudo-header
 * followed by a message, as long as every range but the last has an even length. Reads buffers by
 * absolute index and never moves their reader or writer index. Incremental update (RFC 1624) is left
 * out: packets here are immutable and are summed whole.
 */
public final class InternetChecksum {

    private InternetChecksum() {}

    /**
     * The ones' complement sum of {@code length} bytes at {@code index}, added to {@code initial} (a
     * previous partial sum; any non-negative int), folded to 16 bits.
     */
    public static int sum(ByteBuf buf, int index, int length, int initial) {
        long acc = initial & 0xFFFF_FFFFL;
        int end = index + length;
        int i = index;
        for (; i + 1 < end; i += 2) {
            acc += buf.getUnsignedShort(i);
        }
        if (i < end) {
            acc += buf.getUnsignedByte(i) << 8;
        }
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) acc;
    }

    /** The checksum to write into a message whose checksum field, inside the range, holds zero. */
    public static int checksum(ByteBuf buf, int index, int length, int initial) {
        return ~sum(buf, index, length, initial) & 0xFFFF;
    }

    /**
     * Whether a range whose checksum field is filled in sums to {@code 0xFFFF}, the receiver's test;
     * it accepts both ones' complement forms of zero in the checksum field.
     */
    public static boolean isValid(ByteBuf buf, int index, int length, int initial) {
        return sum(buf, index, length, initial) == 0xFFFF;
    }

    /**
     * The partial sum of the IPv4 pseudo-header {source, destination, zero, protocol, length}, to pass
     * as {@code initial} when summing the message it precedes.
     */
    public static int ipv4PseudoHeaderSum(Ipv4Address src, Ipv4Address dst, int protocol, int length) {
        int s = src.bits();
        int d = dst.bits();
        return (s >>> 16) + (s & 0xFFFF) + (d >>> 16) + (d & 0xFFFF) + (protocol & 0xFF) + (length & 0xFFFF);
    }
}
