package io.kagami.net.apps;

/**
 * An observation that shows the data plane carried a probe both ways: an echoed keystroke, a ping
 * reply. {@link Outage} measures gaps between them.
 */
public interface ProbeAnswer {

    /** When the probe that was answered was sent. */
    long sentAt();

    /** Its round-trip time: the answer came at {@code sentAt() + rtt()}. */
    long rtt();
}
