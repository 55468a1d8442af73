package io.kagami.net.topology;

import io.kagami.core.EntityRef;
import io.kagami.core.Model;
import io.kagami.core.VirtualTime;
import io.kagami.net.keepalived.KeepalivedInstance;
import io.kagami.net.keepalived.VrrpConfig;
import io.kagami.net.link.Lan;
import io.kagami.net.link.LanHost;
import io.kagami.net.packet.Ipv4Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Neutron HA router reduced to its keepalived instances: one per network node hosting it, each
 * on its node's ha- address, joined by the project's HA network (here a {@link Lan}). Each node is
 * a group of its own, so the HA network's latency is the lookahead between nodes. Left out until
 * the full network model: namespaces, OVS, VXLAN, the L3 agent, VIP installation.
 */
public final class HaRouter {

    /** A network node hosting the router: its name, ha- address, priority and keepalived start time. */
    public record Node(String name, Ipv4Address haAddress, int priority, long startAt) {}

    /**
     * The router's keepalived settings and its nodes.
     *
     * @param vrid           the router's VRID in its project's HA network; VIP 169.254.0.VRID/24
     * @param version        VRRP version
     * @param advertInterval advert_int (Neutron: ha_vrrp_advert_int, 2 s)
     * @param nopreempt      Neutron always sets it
     * @param latency        one-way latency of the HA network
     * @param nodes          the network nodes, each with a different name and address
     */
    public record Spec(int vrid, int version, long advertInterval, boolean nopreempt, long latency, List<Node> nodes) {
        public Spec {
            nodes = List.copyOf(nodes);
            if (nodes.size() < 2) {
                throw new IllegalArgumentException("an HA router needs at least 2 network nodes, got " + nodes.size());
            }
            if (nodes.stream().map(Node::name).distinct().count() < nodes.size()) {
                throw new IllegalArgumentException("network node names must differ: " + nodes);
            }
            if (nodes.stream().map(Node::haAddress).distinct().count() < nodes.size()) {
                throw new IllegalArgumentException("ha- addresses must differ: " + nodes);
            }
        }

        /**
         * What Neutron renders for the seed deployment: VRRPv2, advert_int 2 s, priority 50,
         * nopreempt, VRID 1, on network nodes 7 and 8 (ha- 169.254.192.1 and .2), keepalived started
         * on both at 0; the HA network crosses the VXLAN underlay (0.2 ms one way, an assumption).
         */
        public static Spec neutronDefaults() {
            return new Spec(1, 2, 2 * VirtualTime.SECOND, true, 200 * VirtualTime.MICROSECOND, List.of(
                    new Node("network-7", Ipv4Address.of(169, 254, 192, 1), 50, 0),
                    new Node("network-8", Ipv4Address.of(169, 254, 192, 2), 50, 0)));
        }

        public VrrpConfig config(Node node) {
            return VrrpConfig.neutron("VR_" + vrid, version, vrid, node.priority(), advertInterval, nopreempt,
                    node.haAddress(), List.of(Ipv4Address.of(169, 254, 0, vrid)));
        }
    }

    private final Spec spec;
    private final Model.Builder builder = Model.builder();
    private final Map<String, EntityRef<KeepalivedInstance.Input>> keepalived = new LinkedHashMap<>();

    private HaRouter(Spec spec) {
        this.spec = spec;
        Lan ha = new Lan("HA network", spec.latency());
        for (Node node : spec.nodes()) {
            VrrpConfig config = spec.config(node);
            EntityRef<KeepalivedInstance.Input> ref = builder.add(node.name() + "/keepalived/" + config.name(),
                    node.name(), () -> new KeepalivedInstance(config, new LanHost(ha)));
            ha.attach(ref, KeepalivedInstance.Received::new);
            keepalived.put(node.name(), ref);
            builder.inject(node.startAt(), ref, KeepalivedInstance.Signal.START);
        }
        List<Node> nodes = spec.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                builder.lookahead(nodes.get(i).name(), nodes.get(j).name(), spec.latency());
            }
        }
    }

    public static HaRouter of(Spec spec) {
        return new HaRouter(spec);
    }

    public Spec spec() {
        return spec;
    }

    /** Sends a signal to a node's keepalived at {@code at}: SIGTERM, SIGKILL (a crash too), or START. */
    public HaRouter signal(String node, long at, KeepalivedInstance.Signal signal) {
        builder.inject(at, instance(node), signal);
        return this;
    }

    /** Takes the node's ha- interface down or up at {@code at} (track_interface). */
    public HaRouter trackedInterface(String node, long at, KeepalivedInstance.TrackedInterface change) {
        builder.inject(at, instance(node), change);
        return this;
    }

    /** The node that hosts an instance, from the entity name of an observation. */
    public static String nodeOf(String entity) {
        return entity.substring(0, entity.indexOf('/'));
    }

    public Model model() {
        return builder.build();
    }

    private EntityRef<KeepalivedInstance.Input> instance(String node) {
        EntityRef<KeepalivedInstance.Input> ref = keepalived.get(node);
        if (ref == null) {
            throw new IllegalArgumentException("unknown network node '" + node + "': the router is on "
                    + String.join(", ", keepalived.keySet()));
        }
        return ref;
    }
}
