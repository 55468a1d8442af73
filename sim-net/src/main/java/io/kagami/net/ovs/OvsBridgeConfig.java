package io.kagami.net.ovs;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A bridge as it stands when a run starts: its name, its ports, and the flows already installed (what
 * the agent put there before time 0). Every bridge is in {@code fail_mode: secure}, as Neutron sets
 * br-int, br-tun and the physical bridges: without a matching flow, a packet is dropped.
 */
public record OvsBridgeConfig(String name, List<OvsPort> ports, List<FlowRule> flows) {

    public OvsBridgeConfig {
        Objects.requireNonNull(name, "name");
        ports = List.copyOf(ports);
        flows = List.copyOf(flows);
        Set<String> names = new HashSet<>();
        Set<Integer> numbers = new HashSet<>();
        for (OvsPort p : ports) {
            if (!names.add(p.name()) || !numbers.add(p.ofport())) {
                throw new IllegalArgumentException("bridge " + name + ": port " + p.name() + " (ofport "
                        + p.ofport() + ") repeats another port's name or number");
            }
        }
    }
}
