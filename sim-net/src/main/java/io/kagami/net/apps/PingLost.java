package io.kagami.net.apps;

import io.kagami.core.VirtualTime;

/** Observation: no reply to request {@code seq}, sent at {@code sentAt}, within the timeout. */
public record PingLost(int seq, long sentAt) {
    @Override
    public String toString() {
        return "ping lost seq=" + seq + " sent " + VirtualTime.format(sentAt);
    }
}
