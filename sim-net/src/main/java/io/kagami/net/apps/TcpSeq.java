package io.kagami.net.apps;

/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 section 3.4): numbers are held as {@code long}s in
 * 0..2^32-1 and compared by their signed 32-bit distance, so that a connection may wrap around.
 */
final class TcpSeq {
    private static final long MASK = 0xFFFF_FFFFL;

    private TcpSeq() {}

    static long add(long seq, long n) {
        return (seq + n) & MASK;
    }

    /** {@code a - b} as a signed distance: negative when {@code a} comes before {@code b}. */
    static long diff(long a, long b) {
        return (int) (a - b);
    }

    static boolean lt(long a, long b) {
        return diff(a, b) < 0;
    }

    static boolean le(long a, long b) {
        return diff(a, b) <= 0;
    }
}
