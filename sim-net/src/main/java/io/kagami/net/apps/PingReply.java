package io.kagami.net.apps;

import io.kagami.core.VirtualTime;

/** Observation: the echo reply to request {@code seq} came back within the timeout. */
public record PingReply(int seq, long sentAt, long rtt) implements ProbeAnswer {
    @Override
    public String toString() {
        return "ping reply seq=" + seq + " rtt=" + VirtualTime.format(rtt);
    }
}
