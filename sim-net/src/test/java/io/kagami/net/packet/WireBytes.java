package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Test helpers over plain byte arrays, independent of the code under test: hex literals, and a ones'
 * complement sum computed another way than {@link InternetChecksum} (one 64-bit total reduced
 * modulo 0xFFFF, instead of folding carries).
 */
final class WireBytes {

    private WireBytes() {}

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The ones' complement sum of the big-endian 16-bit words of {@code bytes[from..to)} plus {@code initial}. */
    static int onesComplementSum(byte[] bytes, int from, int to, long initial) {
        long total = initial;
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            total += (i - from) % 2 == 0 ? (long) b << 8 : b;
        }
        long folded = total % 0xFFFF;
        return (int) (folded == 0 && total != 0 ? 0xFFFF : folded);
    }

    /** The IPv4 pseudo-header as bytes: src, dst, zero, protocol, length. */
    static byte[] pseudoHeader(Ipv4Address src, Ipv4Address dst, int protocol, int length) {
        return new byte[] {
            (byte) (src.bits() >>> 24), (byte) (src.bits() >>> 16), (byte) (src.bits() >>> 8), (byte) src.bits(),
            (byte) (dst.bits() >>> 24), (byte) (dst.bits() >>> 16), (byte) (dst.bits() >>> 8), (byte) dst.bits(),
            0, (byte) protocol, (byte) (length >>> 8), (byte) length
        };
    }

    /** Writes into {@code bytes[at..at+2)} the checksum making {@code bytes[from..to)} plus {@code initial} valid. */
    static void fixChecksum(byte[] bytes, int from, int to, int at, long initial) {
        bytes[at] = 0;
        bytes[at + 1] = 0;
        int checksum = ~onesComplementSum(bytes, from, to, initial) & 0xFFFF;
        bytes[at] = (byte) (checksum >>> 8);
        bytes[at + 1] = (byte) checksum;
    }

    /** The sum of a pseudo-header, to pass as {@code initial}. */
    static long pseudoHeaderSum(Ipv4Address src, Ipv4Address dst, int protocol, int length) {
        byte[] pseudo = pseudoHeader(src, dst, protocol, length);
        return onesComplementSum(pseudo, 0, pseudo.length, 0);
    }

    /** The bytes of {@code arrays} one after the other. */
    static byte[] concat(byte[]... arrays) {
        int length = 0;
        for (byte[] array : arrays) {
            length += array.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] array : arrays) {
            System.arraycopy(array, 0, all, at, array.length);
            at += array.length;
        }
        return all;
    }

    /** The checksum field value for {@code message} (its checksum field zero) after {@code pseudo}. */
    static int checksumOf(byte[] pseudo, byte[] message) {
        byte[] all = concat(pseudo, message);
        return ~onesComplementSum(all, 0, all.length, 0) & 0xFFFF;
    }

    /** What {@code encoder} writes into a fresh buffer. */
    private static byte[] written(Consumer<ByteBuf> encoder) {
        ByteBuf buf = Unpooled.buffer();
        try {
            encoder.accept(buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    static byte[] encode(IpPayload payload, Ipv4Address src, Ipv4Address dst) {
        return written(buf -> payload.encode(buf, src, dst));
    }

    static byte[] encode(EtherPayload payload) {
        return written(payload::encode);
    }

    static byte[] encode(UdpPayload payload) {
        return written(payload::encode);
    }

    /** A decoder under test, reading at the reader index of a buffer. */
    interface Decoder<T> {
        T decode(ByteBuf in) throws MalformedPacketException;
    }

    /** What {@code decoder} makes of {@code bytes}, wrapped in a buffer that is released afterwards. */
    static <T> T decode(byte[] bytes, Decoder<T> decoder) throws MalformedPacketException {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return decoder.decode(buf);
        } finally {
            buf.release();
        }
    }

    static VrrpAdvertisement decodeVrrp(byte[] bytes, int length, Ipv4Address src, Ipv4Address dst)
            throws MalformedPacketException {
        return decode(bytes, buf -> VrrpAdvertisement.decode(buf, length, src, dst));
    }

    static Ipv4Packet decodeIpv4(byte[] bytes) throws MalformedPacketException {
        return decode(bytes, Ipv4Packet::decode);
    }

    static EthernetFrame decodeFrame(byte[] bytes) throws MalformedPacketException {
        return decode(bytes, EthernetFrame::decode);
    }
}
