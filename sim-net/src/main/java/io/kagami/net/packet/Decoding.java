package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;

/** Length checks and checksum error messages shared by the decoders; {@link Encoding} has the encoders'. */
final class Decoding {

    private Decoding() {}

    /**
     * Checks that {@code length}, the length of a {@code message} (such as "UDP datagram") at the reader
     * index of {@code in}, is neither negative, nor above {@code max} (what fits in an IPv4 packet), nor
     * beyond the readable bytes.
     */
    static void requireReadable(String message, ByteBuf in, int length, int max) throws MalformedPacketException {
        if (length < 0) {
            throw new MalformedPacketException(message + " length " + length + " is negative");
        }
        if (length > max) {
            throw new MalformedPacketException(message + " length " + length + " above " + max
                    + ", the most an IPv4 packet holds");
        }
        if (length > in.readableBytes()) {
            throw new MalformedPacketException(message + " truncated: " + in.readableBytes()
                    + " bytes readable, length says " + length);
        }
    }

    /**
     * Checks that {@code length} bytes, those available for a {@code header} (such as "TCP header"),
     * hold the {@code need} bytes it takes.
     */
    static void requireAtLeast(String header, int length, int need) throws MalformedPacketException {
        if (length < need) {
            throw new MalformedPacketException(header + " truncated: " + length + " bytes, need " + need);
        }
    }

    /**
     * The exception for a checksum that does not verify: the Internet checksum of the {@code length}
     * bytes at {@code start}, with its field at {@code start + offset} and the partial sum
     * {@code initial} of a pseudo-header, saying what the field holds and what it should.
     */
    static MalformedPacketException badChecksum(String protocol, ByteBuf in, int start, int length, int offset,
            int initial) {
        return badChecksum(protocol, in.getUnsignedShort(start + offset),
                expectedChecksum(in, start, length, offset, initial));
    }

    static MalformedPacketException badChecksum(String protocol, int found, int expected) {
        return new MalformedPacketException(String.format("%s checksum 0x%04x, expected 0x%04x", protocol, found,
                expected));
    }

    /** The checksum the field should hold, computed as if it held zero. */
    static int expectedChecksum(ByteBuf in, int start, int length, int offset, int initial) {
        int beforeField = InternetChecksum.sum(in, start, offset, initial);
        return InternetChecksum.checksum(in, start + offset + 2, length - offset - 2, beforeField);
    }
}
