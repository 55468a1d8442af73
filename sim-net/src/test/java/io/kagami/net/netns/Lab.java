package io.kagami.net.netns;

import io.kagami.core.EntityRef;
import io.kagami.core.Kernel;
import io.kagami.core.Model;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import java.util.List;

/**
 * A small test network built with the real {@link Fabric}: namespaces, hubs standing for LANs,
 * recorder applications, all in one group, with 1 ms wires; and the observations of a run, filtered.
 */
final class Lab {

    static final long WIRE = VirtualTime.millis(1);
    static final String GROUP = "lab";

    private final Model.Builder model = Model.builder();
    private final Fabric fabric = new Fabric(model);

    static Ipv4Address ip(String dotted) {
        return Ipv4Address.parse(dotted);
    }

    static MacAddress mac(int last) {
        return MacAddress.of(0xfa, 0x16, 0x3e, 0, 0, last);
    }

    /** A VM-like namespace with one interface eth0 holding {@code cidr}, a host's sysctls. */
    static NamespaceConfig host(String name, String cidr, int macByte) {
        return NamespaceConfig.of(name, List.of(
                InterfaceConfig.ethernet("eth0", mac(macByte), 1450).withAddress(InterfaceAddress.parse(cidr))));
    }

    static Ipv4Packet ping(String src, String dst, int seq) {
        return Ipv4Packet.of(ip(src), ip(dst), 64, IcmpEcho.request(0x1234, seq, new byte[56]));
    }

    static Ipv4Packet tcp(String src, String dst, int dstPort, long seq, long ack, int flags) {
        return Ipv4Packet.of(ip(src), ip(dst), 64, TcpSegment.of(40000, dstPort, seq, ack, flags, 64240, new byte[0]));
    }

    Fabric.Device namespace(NamespaceConfig config) {
        return Namespace.declare(fabric, config.name(), GROUP, config);
    }

    Fabric.Device hub(String name) {
        return fabric.device(name, GROUP, Hub::new);
    }

    EntityRef<Object> recorder(String name) {
        return model.add(name, GROUP, Recorder::new);
    }

    /** Wires interface {@code port} of {@code device} to a new port of {@code hub}. */
    void plug(Fabric.Device device, String port, Fabric.Device hub) {
        fabric.connect(device, device.port(port), hub, hub.addPort(device.ref().name() + "." + port), WIRE);
    }

    /** Wires two devices back to back. */
    void cable(Fabric.Device a, String portA, Fabric.Device b, String portB) {
        fabric.connect(a, a.port(portA), b, b.port(portB), WIRE);
    }

    <M> void at(double seconds, EntityRef<M> to, M message) {
        model.inject(VirtualTime.seconds(seconds), to, message);
    }

    void at(double seconds, Fabric.Device to, DeviceInput message) {
        at(seconds, to.ref(), message);
    }

    Model build() {
        return model.build();
    }

    RunResult run(Kernel kernel, double untilSeconds) {
        return kernel.run(build(), RunOptions.defaults().withUntil(VirtualTime.seconds(untilSeconds)));
    }

    /** The values of type {@code type} that {@code entity} recorded, with their times. */
    static <T> List<Timed<T>> recorded(RunResult result, String entity, Class<T> type) {
        return result.observations().stream()
                .filter(o -> o.entity().equals(entity) && type.isInstance(o.value()))
                .map(o -> new Timed<>(o.time(), type.cast(o.value())))
                .toList();
    }

    /** An observed value and its virtual time. */
    record Timed<T>(long time, T value) {}
}
