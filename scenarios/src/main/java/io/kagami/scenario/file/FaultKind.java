package io.kagami.scenario.file;

import io.kagami.net.topology.CloudSpec.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of {@link Scenario.Fault}, as written in files ({@code node_crash}), with the fields
 * each takes and the nodes it may target. Fields not listed for a kind must be absent.
 */
public enum FaultKind {
    /** The node loses power: every process and flow on it stops at once; no priority-0 advert. */
    NODE_CRASH("powers the node off: keepalived, the agents and all flows stop at once, no goodbye advert",
            Set.of(Role.NETWORK, Role.COMPUTE), false, "node"),
    /**
     * A crash, then the node boots again: flows and namespaces' state are lost; after power-up the
     * L3 agent (which starts keepalived) and the OVS agent (which wires the ha- ports) come back in
     * the order their delays say. L3 before OVS is the field story of the second master.
     */
    NODE_REBOOT("a crash, then a boot: flows are lost; the L3 agent (and keepalived) and the OVS agent come back"
            + " after their own delays", Set.of(Role.NETWORK, Role.COMPUTE), false,
            "node", "boot_after", "l3_agent_delay", "ovs_agent_delay"),
    /** keepalived killed (SIGKILL): no priority-0 advert, VIPs stay on the interfaces. */
    KEEPALIVED_SIGKILL("kills keepalived (SIGKILL): no priority-0 advert, the addresses stay",
            Set.of(Role.NETWORK), true, "node", "routers", "segments"),
    /** keepalived stopped gracefully (SIGTERM): a priority-0 advert, VIPs removed. */
    KEEPALIVED_SIGTERM("stops keepalived gracefully (SIGTERM): a priority-0 advert, the addresses removed",
            Set.of(Role.NETWORK), true, "node", "routers", "segments"),
    /** keepalived stopped gracefully and started again after {@code down_for}. */
    KEEPALIVED_RESTART("stops keepalived gracefully and starts it again after down_for",
            Set.of(Role.NETWORK), true, "node", "routers", "segments", "down_for"),
    /**
     * The HA network between two network nodes drops VRRP: both ways, or one way. Every project's
     * HA network, or those of the projects of the routers named: an HA network is one per project
     * and all its routers share it (DOMAIN.md section 2).
     */
    HA_PARTITION("the HA network between two network nodes stops carrying VRRP (both ways, or one way); every"
            + " project's, or those of the routers' projects", Set.of(Role.NETWORK), false,
            "between", "routers", "segments", "until", "one_way"),
    /** A NIC goes down: the tunnel NIC (VXLAN underlay) or the external uplink. */
    LINK_DOWN("a NIC goes down: tunnel (the VXLAN underlay) or external (the provider uplink)",
            Set.of(Role.NETWORK, Role.COMPUTE), false, "node", "link"),
    /** A NIC comes back up. */
    LINK_UP("a NIC comes back up", Set.of(Role.NETWORK, Role.COMPUTE), false, "node", "link"),
    /** A NIC goes down and up every {@code period} until {@code until}. */
    LINK_FLAP("a NIC goes down and up, each for period, until until", Set.of(Role.NETWORK, Role.COMPUTE), false,
            "node", "link", "period", "until"),
    /** The underlay between two servers' tunnel addresses loses a fraction of the VXLAN packets. */
    VXLAN_PATH_LOSS("the underlay path between two servers loses a fraction of the VXLAN packets, both ways",
            Set.of(Role.NETWORK, Role.COMPUTE), false, "between", "loss", "until"),
    /** The L3 agent stops and starts again after {@code down_for}; keepalived keeps running. */
    L3_AGENT_RESTART("the L3 agent stops and starts again after down_for; keepalived keeps running",
            Set.of(Role.NETWORK), true, "node", "down_for"),
    /**
     * neutron-server stops processing until {@code until}: the agents' RPCs (state reports and
     * heartbeats) wait in RabbitMQ's queues and are processed in order when it comes back.
     */
    NEUTRON_SERVER_OUTAGE("neutron-server stops processing until until: the agents' RPCs and heartbeats wait in the"
            + " message bus and are processed in order when it comes back", Set.of(Role.CONTROLLER), false, "until"),
    /** Every agent RPC to neutron-server takes {@code delay} longer, until {@code until}. */
    RPC_DELAY("every agent RPC to neutron-server takes delay longer (a slow message bus), until until",
            Set.of(Role.CONTROLLER), false, "delay", "until"),
    /** The node's tunnel NIC loses a fraction of everything it sends, until {@code until}. */
    LINK_LOSS("the node's tunnel NIC loses a fraction (loss) of everything it sends to every other server, until"
            + " until", Set.of(Role.NETWORK, Role.COMPUTE), false, "node", "loss", "until"),
    /** The node's tunnel NIC holds everything it sends {@code delay} longer, until {@code until}. */
    LINK_LATENCY("the node's tunnel NIC holds everything it sends delay longer (as netem delay), frames in order,"
            + " until until", Set.of(Role.NETWORK, Role.COMPUTE), false, "node", "delay", "until");

    /** The fields that say what a fault acts on. */
    public static final List<String> TARGET_FIELDS = List.of("node", "routers", "segments", "between");

    /** The fields a kind cannot do without (node defaults to master, the others to their defaults). */
    private static final List<String> REQUIRED = List.of("between", "delay");

    private final String summary;
    private final Set<Role> roles;
    private final boolean allowsAll;
    private final List<String> fields;

    FaultKind(String summary, Set<Role> roles, boolean allowsAll, String... fields) {
        this.summary = summary;
        this.roles = roles;
        this.allowsAll = allowsAll;
        this.fields = List.of(fields);
    }

    /** The name in files: {@code node_crash}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line on what it models. */
    public String summary() {
        return summary;
    }

    /** The fields it takes besides {@code at} and {@code kind}. */
    public List<String> fields() {
        return fields;
    }

    /** Every field it takes: at, kind, then {@link #fields()}. */
    public List<String> allFields() {
        List<String> all = new java.util.ArrayList<>(List.of("at", "kind"));
        all.addAll(fields);
        return all;
    }

    /**
     * The fields that must be given besides at and kind ({@code between}, {@code delay}); node
     * defaults to master.
     */
    public List<String> required() {
        return fields.stream().filter(REQUIRED::contains).toList();
    }

    /**
     * The roles of the servers it may target with {@code node} or {@code between}; for the kinds
     * that take neither, where it acts (neutron-server runs on the first controller).
     */
    public Set<Role> roles() {
        return roles;
    }

    /**
     * What a fault of this kind acts on, for messages: "acts on a node (node: a name, master, all)
     * and some routers there (routers or segments)".
     */
    public String targets() {
        List<String> parts = new java.util.ArrayList<>();
        if (fields.contains("node")) {
            parts.add("a node (node: a name, master" + (allowsAll ? ", all" : "") + ")");
        }
        if (fields.contains("between")) {
            parts.add("two nodes (between)");
        }
        if (fields.contains("routers")) {
            parts.add((this == HA_PARTITION ? "the HA networks of some routers' projects" : "some routers there")
                    + " (routers or segments)");
        }
        return parts.isEmpty() ? "acts on neutron-server and takes no target"
                : "acts on " + String.join(" and ", parts);
    }

    /** Whether {@code node: master} (the network node hosting the most masters) is allowed. */
    public boolean allowsMaster() {
        return fields.contains("node");
    }

    /** Whether {@code node: all} (every network node) is allowed. */
    public boolean allowsAll() {
        return allowsAll;
    }

    /** The kind written {@code name} in a file. */
    public static Optional<FaultKind> of(String name) {
        return Arrays.stream(values()).filter(k -> k.fileName().equals(name)).findFirst();
    }

    /** Every kind's name in files, in declaration order. */
    public static List<String> fileNames() {
        return Arrays.stream(values()).map(FaultKind::fileName).toList();
    }
}
