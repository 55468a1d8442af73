package io.kagami.scenario.cli;

import io.kagami.net.topology.Cloud;
import io.kagami.net.wire.Fabric;
import io.kagami.net.wire.PortSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wires {@code kagami run --pcap} captures. By default what an operator would run tcpdump on
 * to see a failover: on every network node, every router namespace's ha- (VRRP, its GARPs), qr-
 * and qg- (the routed and NATed traffic, the GARPs of a new master) interfaces, and on every node
 * the tunnel NIC's wires (the same, VXLAN-encapsulated, as the underlay carries it). Narrowed by
 * node, and by interface: a kind ({@code ha}, {@code qr}, {@code qg}, {@code tunnel}) or the start
 * of an interface's name ({@code ha-1a2b3c4d}; a NIC's wires are named {@code to-<node>}).
 *
 * <p>A wire joins two ports, so a wire between two selected NICs is captured once; frames crossing
 * several selected wires (an advert on ha-, then on the tunnel) appear once per wire, as with
 * {@code tcpdump -i any}.
 */
final class PcapSelection {
    static final String TUNNEL = "tunnel";
    static final List<String> DEFAULT_INTERFACES = List.of("ha", "qr", "qg", TUNNEL);

    private PcapSelection() {}

    /** A wire that may be captured: the device and port at this end, and the interface's name. */
    private record Wire(Fabric.Device device, String port, boolean tunnel) {}

    /**
     * Captures the selected wires on {@code cloud}'s fabric (before its model is built for the run)
     * and returns their capture names, in a stable order.
     *
     * @param nodes      the nodes to capture on, or null for all
     * @param interfaces kinds or name prefixes, or null for {@link #DEFAULT_INTERFACES}
     * @throws IllegalArgumentException naming the option and the value that selects nothing
     */
    static List<String> capture(Cloud cloud, List<String> nodes, List<String> interfaces) {
        Map<String, List<Wire>> wiresOf = wires(cloud);
        List<String> chosenNodes = nodes == null ? List.copyOf(wiresOf.keySet()) : List.copyOf(new LinkedHashSet<>(nodes));
        for (String node : chosenNodes) {
            if (!wiresOf.containsKey(node)) {
                throw new IllegalArgumentException("--pcap-nodes: no node '" + node + "' with interfaces to capture;"
                        + " the nodes are " + String.join(", ", wiresOf.keySet()));
            }
        }
        List<String> items = interfaces == null ? DEFAULT_INTERFACES : interfaces;
        Set<String> names = new LinkedHashSet<>();
        Set<String> matched = new LinkedHashSet<>();
        for (String node : wiresOf.keySet()) {
            if (!chosenNodes.contains(node)) {
                continue;
            }
            for (Wire w : wiresOf.get(node)) {
                for (String item : items) {
                    if (item.equals(TUNNEL) ? w.tunnel() : !item.isEmpty() && w.port().startsWith(item)) {
                        matched.add(item);
                        names.add(cloud.fabric().capture(w.device(), w.port()));
                        break;
                    }
                }
            }
        }
        for (String item : items) {
            if (!matched.contains(item)) {
                throw new IllegalArgumentException("--pcap-interfaces: '" + item + "' matches no interface on "
                        + (nodes == null ? "any node" : String.join(", ", chosenNodes)) + "; give ha, qr, qg, "
                        + TUNNEL + " or the start of an interface's name (kagami show lists them)");
            }
        }
        return List.copyOf(names);
    }

    /** Every node's wires that may be captured: routers' ha-, qr-, qg- in router order, then the NIC's. */
    private static Map<String, List<Wire>> wires(Cloud cloud) {
        Map<String, List<Wire>> wires = new LinkedHashMap<>();
        for (Map.Entry<String, Cloud.OvsNode> e : cloud.ovsNodes().entrySet()) {
            List<Wire> own = new ArrayList<>();
            for (Cloud.RouterInstance r : cloud.routers()) {
                if (r.node().equals(e.getKey())) {
                    for (String port : List.of(r.ha(), r.qr(), r.qg())) {
                        own.add(new Wire(r.device(), port, false));
                    }
                }
            }
            Fabric.Device nic = e.getValue().nic();
            for (PortSpec p : nic.ports()) {
                if (p.peer() != null) {
                    own.add(new Wire(nic, p.name(), true));
                }
            }
            wires.put(e.getKey(), own);
        }
        return wires;
    }
}
