package io.kagami.net.apps;

/**
 * The key of one of a connection's timers, unique within the application entity that owns the
 * connection (it is the key given to {@code Context.startTimer}).
 */
public record TcpTimer(TcpFlow flow, Kind kind) {

    public enum Kind {
        /** The retransmission timer (RFC 6298), also the SYN and SYN-ACK retry timer. */
        RETRANSMIT,
        /** TIME_WAIT's 2*MSL, after which the connection is forgotten. */
        TIME_WAIT
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + flow;
    }
}
