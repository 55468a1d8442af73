package io.kagami.net.apps;

import io.kagami.core.VirtualTime;

/**
 * Observation: the SSH client's TCP handshake completed.
 *
 * @param flow      the connection, from the client's side
 * @param setupTime from the first SYN to now: one round trip, plus the SYN retransmissions if any
 */
public record SshConnected(TcpFlow flow, long setupTime) {
    @Override
    public String toString() {
        return "ssh connected " + flow + " in " + VirtualTime.format(setupTime);
    }
}
