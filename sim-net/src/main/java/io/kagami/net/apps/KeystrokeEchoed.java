package io.kagami.net.apps;

import io.kagami.core.VirtualTime;

/**
 * Observation: the echo of keystroke {@code index} came back to the SSH client, {@code rtt} after it was
 * typed (retransmissions and data held back during them included).
 */
public record KeystrokeEchoed(long index, long sentAt, long rtt) implements ProbeAnswer {
    @Override
    public String toString() {
        return "keystroke " + index + " echoed rtt=" + VirtualTime.format(rtt);
    }
}
