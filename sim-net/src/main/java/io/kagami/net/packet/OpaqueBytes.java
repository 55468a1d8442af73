package io.kagami.net.packet;

/**
 * What {@link RawEtherPayload}, {@link RawPayload} and {@link RawUdpPayload} share: opaque bytes,
 * copied in and out so the value stays immutable.
 */
abstract class OpaqueBytes {

    /** The bytes; never handed out, {@link #bytes()} copies them. */
    final byte[] bytes;

    /**
     * Copies {@code bytes}, the payload of a {@code what} (such as "UDP payload").
     *
     * @throws IllegalArgumentException if there are more than {@code max}
     */
    OpaqueBytes(String what, byte[] bytes, int max) {
        Encoding.lengthInRange(what, bytes.length, max);
        this.bytes = bytes.clone();
    }

    /** The number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** A copy of the payload bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }
}
