package io.kagami.scenario.result;

import java.util.List;

/** A network node's load over time, for capacity planning: one sample per second. */
public record NodeLoad(String node, List<Sample> samples) {
    /**
     * @param time             the second's end
     * @param routersMastered  routers whose master is this node
     * @param l3Queued         HA transitions waiting for an L3 agent worker
     * @param l3Busy           busy L3 agent workers
     * @param vrrpPackets      VRRP packets the node sent over the tunnels in that second
     * @param vrrpBytes        their bytes (outer frames)
     * @param conntrackEntries live conntrack entries summed over the node's router namespaces, as each
     *                         counted them in its last sample at or before {@code time}; 0 while the
     *                         node is powered off (a crashed node's kernel holds no table)
     */
    public record Sample(long time, int routersMastered, int l3Queued, int l3Busy, long vrrpPackets, long vrrpBytes,
                         long conntrackEntries) {}
}
