package io.kagami.net.ovs;

import io.kagami.core.Observation;
import io.kagami.core.RunResult;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Packet;
import java.util.List;

/** What test runs recorded, by entity. */
final class Runs {
    private Runs() {}

    static List<Observation> of(RunResult run, String entity, Class<?> type) {
        return run.observations().stream()
                .filter(o -> o.entity().equals(entity) && type.isInstance(o.value()))
                .toList();
    }

    /** The frames a {@link TestHost} received, in order. */
    static List<EthernetFrame> received(RunResult run, String host) {
        return of(run, host, TestHost.Received.class).stream()
                .map(o -> ((TestHost.Received) o.value()).frame()).toList();
    }

    /** The snapshot a bridge recorded at {@code time}. */
    static BridgeSnapshot snapshot(RunResult run, String bridge, long time) {
        return of(run, bridge, BridgeSnapshot.class).stream()
                .filter(o -> o.time() == time)
                .map(o -> (BridgeSnapshot) o.value())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no snapshot of " + bridge + " at " + time));
    }

    /** The packets a {@link FakeUnderlay} carried, in order. */
    static List<Ipv4Packet> carried(RunResult run, String nic) {
        return of(run, nic, FakeUnderlay.Carried.class).stream()
                .map(o -> (Ipv4Packet) ((FakeUnderlay.Carried) o.value()).outer()).toList();
    }
}
