package io.kagami.net.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/** Range checks for the factories and length checks and buffers for the encoders, shared by the packet classes. */
final class Encoding {

    private Encoding() {}

    /**
     * {@code value}, if it lies in 0..{@code max}.
     *
     * @throws IllegalArgumentException such as "TCP window 70000 out of range 0..65535" otherwise
     */
    static int inRange(String field, int value, int max) {
        inRange(field, (long) value, max);
        return value;
    }

    /**
     * {@code value}, if it lies in 0..{@code max}.
     *
     * @throws IllegalArgumentException such as "TCP sequence number -1 out of range 0..4294967295" otherwise
     */
    static long inRange(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " " + value + " out of range 0.." + max);
        }
        return value;
    }

    /**
     * Checks the length in bytes of {@code what} (such as "UDP payload") against 0..{@code max}.
     *
     * @throws IllegalArgumentException such as "UDP payload of 70000 bytes out of range 0..65507" otherwise
     */
    static void lengthInRange(String what, int length, int max) {
        if (length < 0 || length > max) {
            throw new IllegalArgumentException(what + " of " + length + " bytes out of range 0.." + max);
        }
    }

    /**
     * Checks that {@code payload}, whose encoder wrote {@code written} bytes, wrote as many as its
     * {@code length} says: a payload from outside this package may not keep its word.
     *
     * @throws IllegalStateException naming the payload's class otherwise
     */
    static void checkWritten(Object payload, int written, int length) {
        if (written != length) {
            throw new IllegalStateException(payload.getClass().getSimpleName() + " wrote " + written
                    + " bytes but its length is " + length);
        }
    }

    /** The {@code length} bytes {@code encoder} writes at the writer index of the buffer it is given. */
    static byte[] toBytes(int length, Consumer<ByteBuf> encoder) {
        byte[] bytes = new byte[length];
        ByteBuf buf = Unpooled.wrappedBuffer(bytes).writerIndex(0);
        try {
            encoder.accept(buf);
        } finally {
            buf.release();
        }
        return bytes;
    }
}
