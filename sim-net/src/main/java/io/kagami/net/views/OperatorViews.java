package io.kagami.net.views;

import io.kagami.core.EntityRef;
import io.kagami.core.Observation;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.net.host.HostNic;
import io.kagami.net.netns.Iproute2;
import io.kagami.net.netns.NamespaceSnapshot;
import io.kagami.net.neutron.AgentListView;
import io.kagami.net.neutron.NeutronServer;
import io.kagami.net.ovs.BridgeSnapshot;
import io.kagami.net.ovs.DumpFlows;
import io.kagami.net.ovs.OverheardStream;
import io.kagami.net.ovs.OverheardLearning;
import io.kagami.net.ovs.OvsBridge;
import io.kagami.net.ovs.VsctlShow;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.topology.Cloud;
import io.kagami.net.wire.DeviceInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator would have seen at one virtual time of one run: the exact text of the commands
 * of DOMAIN.md section 6, rendered from the snapshots a {@link ViewRequest} asked for (and, for
 * keepalived's log, from keepalived's observations up to that time). Nodes are named as in the
 * {@link io.kagami.net.topology.CloudSpec} ({@code network-7}), routers by neutron name
 * ({@code router80}) or uuid, namespaces and bridges by their full names.
 *
 * <p>An unknown node, namespace, bridge or router gives an {@link IllegalArgumentException} naming
 * what was asked and listing what exists; a view of a node the request did not cover, or at a time
 * the run never reached, gives an {@link IllegalStateException} saying which. Left out: what a
 * powered-off node would answer (nothing): its entities still answer here.
 */
public final class OperatorViews {
    private final CloudInventory inventory;
    private final ViewRequest request;
    private final RunResult result;
    /** Entity name to the snapshot it recorded at the request's time (the first, if it recorded several). */
    private final Map<String, Object> snapshots = new HashMap<>();
    /** By receiver's tunnel address, what it overheard, as the senders' NICs reported it. */
    private final Map<Ipv4Address, List<OverheardStream>> overheard = new HashMap<>();
    /** By receiving provider bridge (its entity), what it overheard, as the external switches reported it. */
    private final Map<String, List<OverheardStream>> overheardOnUplinks = new HashMap<>();

    OperatorViews(CloudInventory inventory, ViewRequest request, RunResult result) {
        this.inventory = inventory;
        this.request = request;
        this.result = result;
        for (Observation o : result.observations()) {
            if (o.time() > request.time()) {
                break;
            }
            if (o.time() == request.time() && (o.value() instanceof NamespaceSnapshot
                    || o.value() instanceof BridgeSnapshot || o.value() instanceof NeutronServer.ServerSnapshot)) {
                snapshots.putIfAbsent(o.entity(), o.value());
            }
            if (o.time() == request.time() && o.value() instanceof HostNic.Overheard heard) {
                overheard.computeIfAbsent(heard.receiver(), r -> new ArrayList<>()).addAll(heard.streams());
            }
            if (o.time() == request.time() && o.value() instanceof OvsBridge.Overheard heard) {
                overheardOnUplinks.computeIfAbsent(heard.receiver(), r -> new ArrayList<>()).addAll(heard.streams());
            }
        }
    }

    public long time() {
        return request.time();
    }

    /** The names this view resolves: nodes, namespaces, bridges, routers. */
    public CloudInventory inventory() {
        return inventory;
    }

    /** {@code ip netns} on {@code node}: its qrouter- and qdhcp- namespaces, newest first ({@link IpNetns}). */
    public String ipNetns(String node) {
        return IpNetns.format(inventory.namespaces(node).stream().map(CloudInventory.NetNamespace::name).toList());
    }

    /** {@code ip netns exec <namespace> ip addr} on {@code node}. */
    public String ipAddr(String node, String namespace) {
        return Iproute2.addr(namespaceSnapshot(node, namespace));
    }

    /** {@code ip netns exec <namespace> ip route} on {@code node}. */
    public String ipRoute(String node, String namespace) {
        return Iproute2.route(namespaceSnapshot(node, namespace));
    }

    /** {@code ip netns exec <namespace> ip neigh} on {@code node}. */
    public String ipNeigh(String node, String namespace) {
        return Iproute2.neigh(namespaceSnapshot(node, namespace));
    }

    /** {@code ovs-vsctl show} on {@code node}: every bridge of the node ({@link VsctlShow}). */
    public String ovsVsctlShow(String node) {
        List<BridgeSnapshot> bridges = new ArrayList<>();
        inventory.bridges(node).keySet().forEach(bridge -> bridges.add(bridgeSnapshot(node, bridge)));
        return VsctlShow.format(node, bridges);
    }

    /** {@code ovs-ofctl dump-flows <bridge>} on {@code node} ({@link DumpFlows}). */
    public String dumpFlows(String node, String bridge) {
        return DumpFlows.format(bridgeSnapshot(node, bridge));
    }

    /**
     * The bridge's snapshot itself, for what the text does not show (its MAC table, port counters). br-tun,
     * br-int and the provider bridges include what they learned from the floods the node overheard
     * ({@link OverheardLearning}).
     */
    public BridgeSnapshot bridgeSnapshot(String node, String bridge) {
        String entity = inventory.bridge(node, bridge).name();
        BridgeSnapshot own = snapshot(node, entity, BridgeSnapshot.class);
        if (overheardOnUplinks.containsKey(entity)) {
            return OverheardLearning.providerBridge(own, overheardOnUplinks.get(entity));
        }
        if (!(bridge.equals(Cloud.BR_TUN) || bridge.equals(Cloud.BR_INT))) {
            return own;
        }
        List<OverheardStream> heard = overheard.getOrDefault(inventory.node(node).tunnelIp(), List.of());
        if (bridge.equals(Cloud.BR_TUN)) {
            return heard.isEmpty() ? own : OverheardLearning.brTun(own, heard);
        }
        BridgeSnapshot brInt = own;
        if (!heard.isEmpty()) {
            BridgeSnapshot brTun = snapshot(node, inventory.bridge(node, Cloud.BR_TUN).name(), BridgeSnapshot.class);
            brInt = OverheardLearning.brInt(brInt, brTun, heard);
        }
        for (EntityRef<DeviceInput> provider : inventory.bridges(node).values()) {
            List<OverheardStream> onUplink = overheardOnUplinks.get(provider.name());
            if (onUplink != null) {
                brInt = OverheardLearning.brIntBehind(brInt, snapshot(node, provider.name(), BridgeSnapshot.class),
                        onUplink);
            }
        }
        return brInt;
    }

    /** The namespace's snapshot itself. */
    public NamespaceSnapshot namespaceSnapshot(String node, String namespace) {
        return snapshot(node, inventory.namespace(node, namespace).ref().name(), NamespaceSnapshot.class);
    }

    /**
     * {@code openstack network agent list --router <router> --long}: the L3 agents hosting the router
     * with their liveness and HA state as neutron-server shows them ({@link AgentListView}).
     */
    public String agentListForRouter(String router) {
        CloudInventory.Router r = inventory.router(router);
        String server = inventory.cloud().neutronServer().name();
        NeutronServer.ServerSnapshot s = snapshot(null, server, NeutronServer.ServerSnapshot.class);
        List<NeutronServer.AgentRow> rows = s.routers().get(r.id());
        if (rows == null) {
            throw new IllegalStateException("neutron-server knows no router " + r.id() + " (" + r.name() + ")");
        }
        return AgentListView.render(rows);
    }

    /**
     * keepalived's lines in syslog on {@code node} for {@code router}'s VRRP instance, from the start
     * of the run up to and including the view's time ({@link KeepalivedSyslog}).
     */
    public String keepalivedLog(String node, String router) {
        Cloud.RouterInstance ri = inventory.routerOn(node, router);
        String entity = ri.keepalived().name();
        List<Observation> mine = new ArrayList<>();
        for (Observation o : result.observations()) {
            if (o.time() > request.time()) {
                break;
            }
            if (o.entity().equals(entity)) {
                mine.add(o);
            }
        }
        return KeepalivedSyslog.format(node, KeepalivedSyslog.pid(node, ri.routerId()), mine);
    }

    private <T> T snapshot(String node, String entity, Class<T> type) {
        if (node != null && !request.covers(node)) {
            throw new IllegalStateException("node '" + node + "' was not in the view request (" + request
                    + "): ask for it with ViewRequest.onNodes");
        }
        Object s = snapshots.get(entity);
        if (s == null) {
            String why = result.endTime() <= request.time()
                    ? "the run ended at " + VirtualTime.format(result.endTime()) + ", not after the view's time"
                    : "the view was requested on another model, or the entity did not answer";
            throw new IllegalStateException("no snapshot of " + entity + " at " + VirtualTime.format(request.time())
                    + ": " + why);
        }
        return type.cast(s);
    }
}
