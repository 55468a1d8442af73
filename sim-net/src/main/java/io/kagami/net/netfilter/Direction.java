package io.kagami.net.netfilter;

/**
 * The direction of a packet within a tracked connection: ORIGINAL for the direction of the packet that
 * created the entry, REPLY for the other (the kernel's {@code IP_CT_DIR_ORIGINAL} and
 * {@code IP_CT_DIR_REPLY}).
 */
public enum Direction {
    ORIGINAL,
    REPLY;

    public Direction opposite() {
        return this == ORIGINAL ? REPLY : ORIGINAL;
    }
}
