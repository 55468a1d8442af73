package io.kagami.net.views;

import io.kagami.core.EntityRef;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The things of a built {@link Cloud} an operator names, resolved to the entities behind them: the
 * servers of the spec ({@code network-7}), on every server running the OVS agent its bridges
 * ({@code br-int}, {@code br-tun}, the provider bridges such as {@code br-ex}) and its network
 * namespaces ({@code qrouter-<uuid>}, {@code qdhcp-<uuid>}) in the order they were created, the HA
 * routers by name ({@code router80}) or uuid with their instances, and neutron-server. A name that
 * is not there gives an {@link IllegalArgumentException} naming what was asked and what exists.
 *
 * <p>Namespaces are listed in the order the topology created them (entity order). Left out: the VMs' guests on compute nodes (virtual
 * machines, not network namespaces of the host), the outside world (external switches, the external
 * router, the client), and anything added after {@link Cloud#build}.
 */
public final class CloudInventory {
    /** How many names an error message lists before it says how many there are in all. */
    private static final int LISTED = 20;

    /** A router as neutron knows it: its name, its id and its instance on each hosting node. */
    public record Router(String name, String id, List<Cloud.RouterInstance> instances) {
        public Router {
            instances = List.copyOf(instances);
        }

        /** The nodes hosting the router, in the order neutron scheduled them. */
        public List<String> nodes() {
            return instances.stream().map(Cloud.RouterInstance::node).toList();
        }
    }

    /** A namespace on a node: its name and the entity of its IP stack. */
    public record NetNamespace(String name, EntityRef<DeviceInput> ref) {}

    private final Cloud cloud;
    private final Map<String, CloudSpec.Server> servers = new LinkedHashMap<>();
    private final Map<String, Map<String, EntityRef<DeviceInput>>> bridges = new LinkedHashMap<>();
    private final Map<String, List<NetNamespace>> namespaces = new LinkedHashMap<>();
    private final Map<String, Router> routersByName = new LinkedHashMap<>();
    private final Map<String, Router> routersById = new LinkedHashMap<>();

    private CloudInventory(Cloud cloud) {
        this.cloud = cloud;
        cloud.spec().servers().forEach(s -> servers.put(s.name(), s));
        for (var e : cloud.ovsNodes().entrySet()) {
            String node = e.getKey();
            Cloud.OvsNode n = e.getValue();
            Map<String, EntityRef<DeviceInput>> nodeBridges = new TreeMap<>();
            List<Fabric.Device> known = new ArrayList<>(List.of(n.brInt(), n.brTun()));
            known.addAll(n.providerBridges().values());
            known.forEach(d -> nodeBridges.put(localName(node, d.ref()), d.ref()));
            List<NetNamespace> list = new ArrayList<>();
            cloud.routers().stream().filter(r -> r.node().equals(node))
                    .forEach(r -> list.add(new NetNamespace(r.namespace(), r.device().ref())));
            cloud.dhcps().stream().filter(d -> d.node().equals(node))
                    .forEach(d -> list.add(new NetNamespace(d.namespace(), d.device().ref())));
            list.sort(Comparator.comparingInt(ns -> ns.ref().id()));
            bridges.put(node, nodeBridges);
            namespaces.put(node, List.copyOf(list));
        }
        Map<String, List<Cloud.RouterInstance>> instances = new LinkedHashMap<>();
        for (Cloud.RouterInstance ri : cloud.routers()) {
            instances.computeIfAbsent(ri.segment().router(), r -> new ArrayList<>()).add(ri);
        }
        instances.forEach((name, list) -> {
            Router r = new Router(name, list.get(0).routerId(), list);
            routersByName.put(name, r);
            routersById.put(r.id(), r);
        });
    }

    public static CloudInventory of(Cloud cloud) {
        return new CloudInventory(cloud);
    }

    public Cloud cloud() {
        return cloud;
    }

    /** Every server of the spec, in the spec's order. */
    public List<String> nodes() {
        return List.copyOf(servers.keySet());
    }

    /** The servers running the OVS agent (compute and network nodes). */
    public List<String> ovsNodes() {
        return List.copyOf(bridges.keySet());
    }

    /** The server named {@code node}, or an error listing the servers. */
    public CloudSpec.Server node(String node) {
        CloudSpec.Server s = servers.get(node);
        if (s == null) {
            throw unknown("node", node, "nodes are", servers.keySet());
        }
        return s;
    }

    /** The bridges of {@code node} by name, sorted by name. */
    public Map<String, EntityRef<DeviceInput>> bridges(String node) {
        Map<String, EntityRef<DeviceInput>> b = bridges.get(node(node).name());
        if (b == null) {
            throw new IllegalArgumentException("node '" + node + "' runs no Open vSwitch (it is a "
                    + servers.get(node).role().name().toLowerCase() + " node): nodes with bridges are "
                    + list(bridges.keySet()));
        }
        return b;
    }

    public EntityRef<DeviceInput> bridge(String node, String bridge) {
        EntityRef<DeviceInput> ref = bridges(node).get(bridge);
        if (ref == null) {
            throw unknown("bridge", bridge, node + "'s bridges are", bridges.get(node).keySet());
        }
        return ref;
    }

    /** The network namespaces of {@code node}, oldest first; none on a node without the OVS agent. */
    public List<NetNamespace> namespaces(String node) {
        return namespaces.getOrDefault(node(node).name(), List.of());
    }

    public NetNamespace namespace(String node, String namespace) {
        List<NetNamespace> all = namespaces(node);
        return all.stream().filter(ns -> ns.name().equals(namespace)).findFirst().orElseThrow(() -> all.isEmpty()
                ? new IllegalArgumentException("unknown namespace '" + namespace + "': " + node
                        + " has no network namespaces")
                : unknown("namespace", namespace, node + "'s namespaces are",
                        all.stream().map(NetNamespace::name).toList()));
    }

    /** Every router, in the order of the spec's segments. */
    public List<Router> routers() {
        return List.copyOf(routersByName.values());
    }

    /** The router named {@code router} (its neutron name or its uuid). */
    public Router router(String router) {
        Router r = routersByName.get(router);
        if (r == null) {
            r = routersById.get(router);
        }
        if (r == null) {
            throw unknown("router", router, "routers are", routersByName.values().stream()
                    .map(x -> x.name() + " (" + x.id() + ")").toList());
        }
        return r;
    }

    /** The instance of {@code router} on {@code node}. */
    public Cloud.RouterInstance routerOn(String node, String router) {
        node(node);
        Router r = router(router);
        return r.instances().stream().filter(ri -> ri.node().equals(node)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("router '" + router + "' is not on node '" + node + "': it is hosted on "
                        + list(r.nodes())));
    }

    /** {@code unknown KIND 'ASKED': WHERE a, b, c}, listing at most {@value #LISTED} names. */
    static IllegalArgumentException unknown(String kind, String asked, String where, Collection<String> existing) {
        return new IllegalArgumentException("unknown " + kind + " '" + asked + "': " + where + " " + list(existing));
    }

    static String list(Collection<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        if (names.size() <= LISTED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.stream().limit(LISTED).toList()) + ", ... (" + names.size() + " in all)";
    }

    private static String localName(String node, EntityRef<?> ref) {
        String name = ref.name();
        return name.startsWith(node + "/") ? name.substring(node.length() + 1) : name;
    }
}
