package io.kagami.net.ovs;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * What a bridge looked like at virtual time {@code time}, immutable: its ports with their carrier and
 * counters, its flows with their counters and ages, and its MAC learning table. An {@link OvsBridge}
 * records one on {@link OvsCommand.Snapshot}; {@link DumpFlows} and {@link VsctlShow} print them.
 *
 * @param bridge the bridge's name, such as {@code br-tun}
 * @param ports  by OpenFlow port number
 */
public record BridgeSnapshot(String bridge, long time, List<PortState> ports, List<Flow> flows, List<FdbEntry> fdb) {

    /** A port, whether its link is up, and its receive and transmit counters. */
    public record PortState(OvsPort port, boolean linkUp, long rxPackets, long rxBytes, long txPackets, long txBytes) {}

    public BridgeSnapshot {
        ports = List.copyOf(ports);
        flows = List.copyOf(flows);
        fdb = List.copyOf(fdb);
    }

    /** The flows of {@code table}, in precedence order. */
    public List<Flow> flows(int table) {
        return flows.stream().filter(f -> f.rule().table() == table).toList();
    }

    /** The port named {@code name}. */
    public PortState port(String name) {
        return ports.stream().filter(p -> p.port().name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("bridge " + bridge + " has no port " + name));
    }
}
