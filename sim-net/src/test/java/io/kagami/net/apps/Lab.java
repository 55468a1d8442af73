package io.kagami.net.apps;

import io.kagami.core.EntityRef;
import io.kagami.core.Kernel;
import io.kagami.core.Model;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.wire.DeviceInput;
import java.util.List;

/** Applications around a {@link FakeNetwork}, all in one group, for the tests. */
final class Lab {
    static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.80.5");
    /** Runs the SSH server. */
    static final Ipv4Address SERVER = Ipv4Address.parse("192.168.80.10");
    /** A host with nothing listening on port 22: answers with a RST. */
    static final Ipv4Address CLOSED_HOST = Ipv4Address.parse("192.168.80.11");
    /** Nothing there. */
    static final Ipv4Address BLACK_HOLE = Ipv4Address.parse("192.168.80.99");

    final FakeNetwork.Config net;
    final Model.Builder model = Model.builder();
    final EntityRef<DeviceInput> network;

    Lab(long latency) {
        net = new FakeNetwork.Config(latency).host(CLOSED_HOST).host(SERVER);
        FakeNetwork.Config config = net;
        network = model.add("net", "g", () -> new FakeNetwork(config));
    }

    EntityRef<SshServer.Input> server(String name, SshServer.Settings settings) {
        EntityRef<SshServer.Input> ref = model.add(name, "g", () -> new SshServer(network, SERVER, settings));
        net.socket(SERVER, SshServer.socket(ref, settings));
        return ref;
    }

    EntityRef<SshClient.Input> client(String name, Ipv4Address server, SshClient.Settings settings) {
        EntityRef<SshClient.Input> ref = model.add(name, "g", () -> new SshClient(network, CLIENT, server, settings));
        net.socket(CLIENT, SshClient.socket(ref, settings));
        return ref;
    }

    EntityRef<PingProbe.Input> ping(String name, Ipv4Address target, PingProbe.Settings settings) {
        EntityRef<PingProbe.Input> ref = model.add(name, "g", () -> new PingProbe(network, CLIENT, target, settings));
        net.socket(CLIENT, PingProbe.socket(ref));
        return ref;
    }

    RunResult run(Kernel kernel, long until) {
        return run(kernel, until, 1);
    }

    RunResult run(Kernel kernel, long until, long seed) {
        return kernel.run(model.build(), RunOptions.defaults().withUntil(until).withSeed(seed));
    }

    /** A duration such as {@code "10.5s"} in virtual time. */
    static long t(String duration) {
        return VirtualTime.parse(duration);
    }

    /** What {@code entity} recorded of type {@code type}, in order. */
    static <T> List<Observation> of(RunResult r, String entity, Class<T> type) {
        return r.observations().stream()
                .filter(o -> o.entity().equals(entity) && type.isInstance(o.value()))
                .toList();
    }

    static <T> List<T> values(RunResult r, String entity, Class<T> type) {
        return of(r, entity, type).stream().map(o -> type.cast(o.value())).toList();
    }

    static List<Long> times(RunResult r, String entity, Class<?> type) {
        return of(r, entity, type).stream().map(Observation::time).toList();
    }
}
