package io.kagami.net.views;

import java.util.List;

/**
 * {@code ip netns} (iproute2's {@code netns_list}): one line per entry of /var/run/netns, each
 * followed by {@code " (id: N)"} when the namespace has a network namespace id in the caller's
 * namespace, as iproute2 since 4.0 prints it.
 *
 * <p>iproute2 prints the directory in readdir order, which on the tmpfs of /var/run lists the most
 * recently created entry first (until Linux 6.6 gave tmpfs stable directory offsets); the twin prints the namespaces newest first, creation order being the
 * order the topology made them (per segment: the router's qrouter-, then the network's qdhcp-). Each
 * namespace is given the id the kernel's lowest-free allocation would have given it had the ids been
 * assigned as the namespaces were created: 0 for the oldest. Left out: namespaces with no id (real
 * ones get one only when something, such as a veth peer or a netlink listener, asks for it), and the
 * JSON form ({@code ip -j netns}).
 */
public final class IpNetns {
    private IpNetns() {}

    /** @param oldestFirst the namespace names in the order they were created */
    public static String format(List<String> oldestFirst) {
        StringBuilder out = new StringBuilder();
        for (int id = oldestFirst.size() - 1; id >= 0; id--) {
            out.append(oldestFirst.get(id)).append(" (id: ").append(id).append(")\n");
        }
        return out.toString();
    }
}
