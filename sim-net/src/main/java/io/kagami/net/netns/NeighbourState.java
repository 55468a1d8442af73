package io.kagami.net.netns;

/**
 * The states of a Linux neighbour (ARP) entry that a namespace goes through, with the names
 * {@code ip neigh} prints ({@code include/net/neighbour.h}, NUD_*). NOARP and PERMANENT (static
 * entries) are not modelled.
 */
public enum NeighbourState {
    /** Resolution under way: broadcast requests every retrans_time, packets queued. */
    INCOMPLETE,
    /** Confirmed by a unicast ARP reply less than reachable_time ago. */
    REACHABLE,
    /** Not confirmed lately; still used as it is, and the first use starts DELAY. */
    STALE,
    /** Used while stale: waits delay_first_probe_time for a confirmation before probing. */
    DELAY,
    /** Unicast requests to the cached address every retrans_time, ucast_solicit of them. */
    PROBE,
    /** Resolution or probing failed; the next packet starts resolution again. */
    FAILED;

    /** The states with a usable link-layer address (NUD_VALID). */
    boolean isValid() {
        return this == REACHABLE || this == STALE || this == DELAY || this == PROBE;
    }
}
