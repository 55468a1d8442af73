package io.kagami.net.apps;

/**
 * Why a connection ended, with the errno a Linux application would see: an orderly close (both FINs),
 * a reset from the peer or a middlebox, a reset answering our SYN, or retransmissions given up.
 */
public enum TcpCloseReason {
    /** Both sides sent a FIN: {@code read()} returned 0. */
    CLOSED(null),
    /** A RST arrived on an open connection. */
    RESET("ECONNRESET"),
    /** A RST answered our SYN: nothing listens on the port. */
    REFUSED("ECONNREFUSED"),
    /** tcp_syn_retries, tcp_synack_retries or tcp_retries2 ran out. */
    TIMED_OUT("ETIMEDOUT");

    private final String errno;

    TcpCloseReason(String errno) {
        this.errno = errno;
    }

    /** The errno name, or null for an orderly close. */
    public String errno() {
        return errno;
    }

    /** For example {@code reset (ECONNRESET)}, {@code closed}. */
    @Override
    public String toString() {
        String name = name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return errno == null ? name : name + " (" + errno + ")";
    }
}
