package io.kagami.net.packet;

/**
 * Bytes that do not decode to a packet this package models: truncated, a wrong version or type, a
 * bad checksum, inconsistent lengths or field values out of range. The message says which.
 */
public final class MalformedPacketException extends Exception {

    public MalformedPacketException(String message) {
        super(message);
    }

    public MalformedPacketException(String message, Throwable cause) {
        super(message, cause);
    }
}
