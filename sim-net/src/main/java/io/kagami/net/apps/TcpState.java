package io.kagami.net.apps;

/**
 * The states of one TCP endpoint (RFC 9293 section 3.3.2), as {@code ss -t} names them. LISTEN is not
 * one: the listening socket is the server application, which makes a connection in SYN_RECEIVED for
 * each SYN, as Linux makes a request socket.
 */
public enum TcpState {
    CLOSED,
    SYN_SENT,
    SYN_RECEIVED,
    ESTABLISHED,
    FIN_WAIT_1,
    FIN_WAIT_2,
    CLOSE_WAIT,
    CLOSING,
    LAST_ACK,
    TIME_WAIT;

    /** Whether both sides' sequence numbers are known (the handshake is over). */
    boolean synchronised() {
        return this != CLOSED && this != SYN_SENT && this != SYN_RECEIVED;
    }
}
