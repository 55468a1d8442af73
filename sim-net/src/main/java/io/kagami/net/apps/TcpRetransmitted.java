package io.kagami.net.apps;

import io.kagami.core.VirtualTime;

/**
 * Observation: a connection's retransmission timer expired and it sent its oldest unacknowledged
 * segment again (the resends of the rest that follow recovery are not recorded).
 *
 * @param flow    the connection, seen from the endpoint that retransmitted
 * @param segment what was resent: {@code SYN}, {@code SYN-ACK}, {@code data} or {@code FIN}
 * @param seq     its sequence number
 * @param attempt 1 for the first retransmission of it, counting up
 * @param rto     the timeout now running, after the backoff: when the next attempt or the give-up comes
 */
public record TcpRetransmitted(TcpFlow flow, String segment, long seq, int attempt, long rto) {
    @Override
    public String toString() {
        return "tcp retransmit " + segment + " #" + attempt + " seq=" + seq + " rto=" + VirtualTime.format(rto)
                + " " + flow;
    }
}
