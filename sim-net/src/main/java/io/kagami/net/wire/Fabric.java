package io.kagami.net.wire;

import io.kagami.core.Entity;
import io.kagami.core.EntityRef;
import io.kagami.core.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Wires devices together while a {@link Model} is built: declares each device entity with its
 * ports, connects ports pairwise with a latency, and declares the lookahead between the groups a
 * wire crosses (the least latency of any wire between them). Devices are made in each run from
 * the final port list, so wiring may go on after a device is declared.
 *
 * <p>Wires may be captured ({@link #capture}): both ends of a captured wire record each frame they
 * put on it ({@link CapturedFrame}), which {@code io.kagami.net.pcap.PcapExport} writes to a pcap
 * file after the run. Every wire joins two ports, so capturing an interface and capturing its link
 * are the same thing here; a wire that is not captured costs one test per frame.
 */
public final class Fabric {

    /** A device being declared: its entity and the ports added so far. */
    public final class Device {
        private final EntityRef<DeviceInput> ref;
        private final String group;
        private final List<String> names = new ArrayList<>();
        /** Each port's index, by name: br-int has thousands of ports at scale. */
        private final Map<String, Integer> indexOf = new HashMap<>();
        private final Map<Integer, Endpoint> peers = new HashMap<>();
        private final Map<Integer, Long> latencies = new HashMap<>();
        private final Map<Integer, String> captures = new HashMap<>();
        private final Map<Integer, ReceiveFilter> ignores = new HashMap<>();

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
            if (indexOf.putIfAbsent(name, names.size()) != null) {
                throw new IllegalArgumentException("device '" + ref.name() + "' already has a port '" + name + "'");
            }
            names.add(name);
            return names.size() - 1;
        }

        public int port(String name) {
            Integer i = indexOf.get(name);
            if (i == null) {
                throw new IllegalArgumentException("device '" + ref.name() + "' has no port '" + name + "'");
            }
            return i;
        }

        /**
         * Declares what this device discards on arrival at {@code port}: its peer, wired now or later,
         * skips posting such frames ({@link ReceiveFilter}).
         */
        public void ignores(String port, ReceiveFilter filter) {
            ignores.put(port(port), filter);
        }

        public Endpoint endpoint(int port) {
            return new Endpoint(ref, port);
        }

        /** The ports as wired when the run starts. */
        public List<PortSpec> ports() {
            List<PortSpec> specs = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Endpoint peer = peers.get(i);
                ReceiveFilter peerIgnores = peer == null ? null : devices.get(peer.device().name()).ignores.get(peer.port());
                specs.add(new PortSpec(names.get(i), peer, latencies.getOrDefault(i, 0L), captures.get(i), peerIgnores));
            }
            return specs;
        }
    }

    private final Model.Builder model;
    private final Map<String, Map<String, Long>> lookahead = new HashMap<>();
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final List<String> captures = new ArrayList<>();

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
        devices.put(name, self[0]);
        return self[0];
    }

    /** The device declared as entity {@code name}. */
    public Device device(String name) {
        Device d = devices.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no device '" + name + "' is declared");
        }
        return d;
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

    /**
     * Captures the wire on port {@code port} of {@code device}, in every run made from now on: both
     * ends of the wire record each frame they transmit on it, so the capture holds both directions.
     * Returns the capture's name, {@code <device entity>/<port name>} (for example
     * {@code network-8/qrouter-<uuid>/ha-1a2b3c4d-5e}). A wire captured already, from either end,
     * keeps its first name, which is returned.
     *
     * @throws IllegalArgumentException if the port does not exist or is not wired
     */
    public String capture(Device device, int port) {
        if (port < 0 || port >= device.names.size()) {
            throw new IllegalArgumentException("device '" + device.ref.name() + "' has no port #" + port);
        }
        Endpoint peer = device.peers.get(port);
        if (peer == null) {
            throw new IllegalArgumentException("port " + device.ref.name() + "#" + device.names.get(port)
                    + " is not wired: there is nothing to capture");
        }
        String known = device.captures.get(port);
        if (known != null) {
            return known;
        }
        String name = device.ref.name() + "/" + device.names.get(port);
        device.captures.put(port, name);
        devices.get(peer.device().name()).captures.put(peer.port(), name);
        captures.add(name);
        return name;
    }

    /** As {@link #capture(Device, int)}, the port by name. */
    public String capture(Device device, String port) {
        return capture(device, device.port(port));
    }

    /** As {@link #capture(Device, int)}, the device by entity name and the port by name. */
    public String capture(String device, String port) {
        return capture(device(device), port);
    }

    /** The names of the captured wires, in the order they were captured. */
    public List<String> captures() {
        return List.copyOf(captures);
    }
}
