package io.kagami.net.views;

import io.kagami.core.Model;
import io.kagami.core.VirtualTime;
import io.kagami.net.host.HostNic;
import io.kagami.net.netns.NamespaceCommand;
import io.kagami.net.neutron.NeutronServer;
import io.kagami.net.ovs.OvsCommand;
import io.kagami.net.topology.Cloud;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to look at and when, asked before the run: at virtual time {@code time}, every network
 * namespace (qrouter-, qdhcp-) and every bridge of the chosen nodes (by default every node running
 * the OVS agent) records its snapshot, and neutron-server records what its API shows. {@link
 * #inject} puts the snapshot commands into the cloud's model builder and returns the {@link
 * ViewHandle} that renders them from the run's result. Every node's NIC also reports the floods the
 * others overheard from it ({@link HostNic.Overheard}), which the views of their bridges add in.
 *
 * <p>The commands are injected messages, which the kernel delivers before anything the entities
 * themselves do at the same instant: a view at {@code t} shows the state just before the events of
 * {@code t}. Left out: keepalived's log needs no request (it is made of the observations keepalived
 * records anyway), nor does {@code ip netns} (namespaces are made before time 0 and never removed).
 */
public final class ViewRequest {
    private final long time;
    /** The nodes whose namespaces and bridges are snapshot; null for every node running the OVS agent. */
    private final List<String> nodes;

    private ViewRequest(long time, List<String> nodes) {
        if (time < 0) {
            throw new IllegalArgumentException("a view's time must be >= 0, got " + time);
        }
        this.time = time;
        this.nodes = nodes == null ? null : List.copyOf(nodes);
    }

    /** Every node's namespaces and bridges, and neutron-server, at {@code time} (ns of virtual time). */
    public static ViewRequest at(long time) {
        return new ViewRequest(time, null);
    }

    /** The same request for these nodes only: fewer snapshots in a cloud with thousands of routers. */
    public ViewRequest onNodes(String... nodes) {
        Set<String> chosen = new LinkedHashSet<>(List.of(nodes));
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("onNodes needs at least one node");
        }
        return new ViewRequest(time, new ArrayList<>(chosen));
    }

    public long time() {
        return time;
    }

    /** Whether the namespaces and bridges of {@code node} are snapshot. */
    public boolean covers(String node) {
        return nodes == null || nodes.contains(node);
    }

    /**
     * Injects the snapshot commands into {@code cloud}'s model builder; call before {@link Cloud#model()}.
     *
     * @throws IllegalArgumentException for a chosen node that does not exist or runs no Open vSwitch
     */
    public ViewHandle inject(Cloud cloud) {
        CloudInventory inventory = CloudInventory.of(cloud);
        List<String> chosen = nodes == null ? inventory.ovsNodes() : nodes;
        chosen.forEach(inventory::bridges);
        Model.Builder model = cloud.builder();
        for (String node : chosen) {
            inventory.namespaces(node).forEach(ns -> model.inject(time, ns.ref(), new NamespaceCommand.Snapshot()));
            inventory.bridges(node).values().forEach(b -> model.inject(time, b, new OvsCommand.Snapshot()));
        }
        // what the chosen nodes overheard is in their senders' account, which may be any node's
        cloud.ovsNodes().values().forEach(n -> model.inject(time, n.nic().ref(), HostNic.ReportOverheard.INSTANCE));
        cloud.externalSwitches().values().forEach(s -> model.inject(time, s.ref(), new OvsCommand.ReportOverheard()));
        model.inject(time, cloud.neutronServer(), NeutronServer.Snapshot.INSTANCE);
        return new ViewHandle(inventory, this);
    }

    /** The nodes covered, for messages: "every node" or their names. */
    String coverage() {
        return nodes == null ? "every node" : String.join(", ", nodes);
    }

    @Override
    public String toString() {
        return "views at " + VirtualTime.format(time) + " of " + coverage();
    }
}
