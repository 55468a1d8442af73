package io.kagami.net.wire;

import io.kagami.core.Entity;
import io.kagami.core.EntityRef;
import io.kagami.core.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Wires devices together while a {@link Model} is built: declares each device entity with its
 * ports, connects ports pairwise with a latency, and declares the lookahead between the groups a
 * wire crosses (the least latency of any wire between them). Devices are made in each run from
 * the final port list, so wiring may go on after a device is declared.
 */
public final class Fabric {

    /** A device being declared: its entity and the ports added so far. */
    public static final class Device {
        private final EntityRef<DeviceInput> ref;
        private final String group;
        private final List<String> names = new ArrayList<>();
        private final Map<Integer, Endpoint> peers = new HashMap<>();
        private final Map<Integer, Long> latencies = new HashMap<>();

        private Device(EntityRef<DeviceInput> ref, String group) {
            this.ref = ref;
            this.group = group;
        }

        public EntityRef<DeviceInput> ref() {
            return ref;
        }

        public String group() {
            return group;
        }

        /** Adds a port and returns its index. Port names are unique within a device. */
        public int addPort(String name) {
            if (names.contains(name)) {
                throw new IllegalArgumentException("device '" + ref.name() + "' already has a port '" + name + "'");
            }
            names.add(name);
            return names.size() - 1;
        }

        public int port(String name) {
            int i = names.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("device '" + ref.name() + "' has no port '" + name + "'");
            }
            return i;
        }

        public Endpoint endpoint(int port) {
            return new Endpoint(ref, port);
        }

        /** The ports as wired when the run starts. */
        public List<PortSpec> ports() {
            List<PortSpec> specs = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                specs.add(new PortSpec(names.get(i), peers.get(i), latencies.getOrDefault(i, 0L)));
            }
            return specs;
        }
    }

    private final Model.Builder model;
    private final Map<String, Map<String, Long>> lookahead = new HashMap<>();

    public Fabric(Model.Builder model) {
        this.model = model;
    }

    public Model.Builder model() {
        return model;
    }

    /** Declares a device; {@code factory} makes it in each run from its final ports. */
    public Device device(String name, String group, Function<List<PortSpec>, Entity<DeviceInput>> factory) {
        Device[] self = new Device[1];
        EntityRef<DeviceInput> ref = model.add(name, group, () -> factory.apply(self[0].ports()));
        self[0] = new Device(ref, group);
        return self[0];
    }

    /** Connects two free ports with a wire of the given one-way latency (zero only within a group). */
    public void connect(Device a, int portA, Device b, int portB, long latency) {
        if (a.peers.containsKey(portA) || b.peers.containsKey(portB)) {
            throw new IllegalArgumentException("port already wired: " + a.ref.name() + "#" + a.names.get(portA)
                    + " or " + b.ref.name() + "#" + b.names.get(portB));
        }
        if (!a.group.equals(b.group)) {
            if (latency <= 0) {
                throw new IllegalArgumentException("a wire between " + a.group + " and " + b.group
                        + " needs a latency > 0");
            }
            long least = Math.min(latency, lookahead.computeIfAbsent(a.group, g -> new HashMap<>())
                    .getOrDefault(b.group, Long.MAX_VALUE));
            lookahead.get(a.group).put(b.group, least);
            lookahead.computeIfAbsent(b.group, g -> new HashMap<>()).put(a.group, least);
            model.lookahead(a.group, b.group, least);
        }
        a.peers.put(portA, b.endpoint(portB));
        a.latencies.put(portA, latency);
        b.peers.put(portB, a.endpoint(portA));
        b.latencies.put(portB, latency);
    }
}
