package io.kagami.net.ovs;

/**
 * An installed flow as the switch reports it at one moment ({@code ovs-ofctl dump-flows}): its rule, how
 * long ago it was installed, how long ago a packet last matched it, and its counters. A flow that
 * {@code learn} refreshes keeps its installation time (OVS's {@code created}) and counters; only its hard
 * timeout starts again. {@link #toString()} is the dump-flows line with port numbers.
 *
 * @param duration nanoseconds since installation, what dump-flows prints as {@code duration=}
 * @param idleAge  nanoseconds since a packet last matched it (or since installation)
 */
public record Flow(FlowRule rule, long duration, long idleAge, long nPackets, long nBytes) {
    @Override
    public String toString() {
        return DumpFlows.line(this, PortNames.NUMBERS);
    }
}
