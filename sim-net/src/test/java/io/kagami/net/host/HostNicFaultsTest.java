package io.kagami.net.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.Kernel;
import io.kagami.core.Model;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.ovs.TunnelIn;
import io.kagami.net.ovs.TunnelOut;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.packet.RawPayload;
import io.kagami.net.packet.VxlanPacket;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import io.kagami.net.wire.LinkState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tunnel NIC's link faults: loss of everything it sends ({@link HostNic.SetLoss}) and an extra
 * delay ({@link HostNic.SetExtraDelay}) that queues frames in the NIC, keeps their order, and loses
 * those still queued when the carrier goes.
 */
@ExtendWith(SharedKernel.class)
class HostNicFaultsTest {
    private static final long S = VirtualTime.SECOND;
    private static final long MS = VirtualTime.MILLISECOND;
    private static final long LATENCY = 100 * VirtualTime.MICROSECOND;
    /** 8 Gbit/s: a byte takes 1 ns to serialise. */
    private static final long BANDWIDTH = 8_000_000_000L;
    private static final Ipv4Address A = Ipv4Address.of(10, 0, 0, 7);
    private static final Ipv4Address B = Ipv4Address.of(10, 0, 0, 3);
    private static final Ipv4Address C = Ipv4Address.of(10, 0, 0, 4);
    private static final MacAddress MAC_A = MacAddress.of(2, 0, 0, 0, 0, 7);
    private final Kernel kernel;

    HostNicFaultsTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** What B's and C's br-tun receive: the inner packet's identification, as a record. */
    private record Received(int id) {}

    private static final class Recorder implements Entity<DeviceInput> {
        @Override
        public void onMessage(Context<DeviceInput> ctx, DeviceInput input) {
            if (input instanceof TunnelIn in && in.inner().payload() instanceof Ipv4Packet p) {
                ctx.record(new Received(p.identification()));
            }
        }
    }

    /** Three servers' NICs, a full mesh; B's and C's decapsulated traffic goes to recorders. */
    private static final class Net {
        final Model.Builder m = Model.builder();
        final Fabric fabric = new Fabric(m);
        final Fabric.Device a;

        Net() {
            Map<String, Ipv4Address> remotesA = new HashMap<>(Map.of("to-b", B, "to-c", C));
            var recB = m.add("b/br-tun", "b", Recorder::new);
            var recC = m.add("c/br-tun", "c", Recorder::new);
            var recA = m.add("a/br-tun", "a", Recorder::new);
            a = fabric.device("a/nic", "a", w -> new HostNic(new HostNic.Config("a", A, MAC_A, remotesA, BANDWIDTH,
                    recA), w));
            Fabric.Device b = fabric.device("b/nic", "b", w -> new HostNic(new HostNic.Config("b", B,
                    MacAddress.of(2, 0, 0, 0, 0, 3), Map.of("to-a", A, "to-c", C), BANDWIDTH, recB), w));
            Fabric.Device c = fabric.device("c/nic", "c", w -> new HostNic(new HostNic.Config("c", C,
                    MacAddress.of(2, 0, 0, 0, 0, 4), Map.of("to-a", A, "to-b", B), BANDWIDTH, recC), w));
            fabric.connect(a, a.addPort("to-b"), b, b.addPort("to-a"), LATENCY);
            fabric.connect(a, a.addPort("to-c"), c, c.addPort("to-a"), LATENCY);
            fabric.connect(b, b.addPort("to-c"), c, c.addPort("to-b"), LATENCY);
        }

        /** A sends a VXLAN packet to {@code to} at {@code at}, numbered {@code id}. */
        Net send(long at, Ipv4Address to, int id) {
            m.inject(at, a.ref(), new TunnelOut(List.of(new TunnelOut.Packet(A, to, 5, inner(id)))));
            return this;
        }

        Net at(long at, DeviceInput command) {
            m.inject(at, a.ref(), command);
            return this;
        }
    }

    private static EthernetFrame inner(int id) {
        return EthernetFrame.of(MacAddress.of(2, 0, 0, 0, 1, 1), MacAddress.of(2, 0, 0, 0, 1, 2),
                Ipv4Packet.of(Ipv4Address.of(192, 168, 80, 10), Ipv4Address.of(192, 168, 80, 1), 64, id, false,
                        RawPayload.of(253, new byte[64])));
    }

    private static Ipv4Packet outer(Ipv4Address to, int id) {
        return VxlanPacket.encapsulate(A, to, 5, inner(id));
    }

    /** How long A's NIC takes to put one of these frames on the wire. */
    private static long serialisation() {
        return EthernetFrame.of(MacAddress.BROADCAST, MAC_A, outer(B, 0)).length() * 8L * S / BANDWIDTH;
    }

    private RunResult run(Net n, long until) {
        return kernel.run(n.m.build(), RunOptions.defaults().withPartitions(2).withUntil(until));
    }

    private static List<Observation> received(RunResult r, String entity) {
        return r.observations().stream().filter(o -> o.entity().equals(entity) && o.value() instanceof Received)
                .toList();
    }

    private static List<Integer> ids(List<Observation> obs) {
        return obs.stream().map(o -> ((Received) o.value()).id()).toList();
    }

    @Test
    void anExtraDelayHoldsEachFrameExactlyThatMuchLonger() {
        long tx = serialisation();
        Net n = new Net().send(S, B, 1)
                .at(2 * S, new HostNic.SetExtraDelay(5 * MS))
                .send(3 * S, B, 2).send(3 * S + MS, C, 3)
                .at(4 * S, new HostNic.SetExtraDelay(0))
                .send(5 * S, B, 4);
        RunResult r = run(n, 10 * S);
        List<Observation> atB = received(r, "b/br-tun");
        assertEquals(List.of(1, 2, 4), ids(atB));
        assertEquals(S + tx + LATENCY, atB.get(0).time(), "before the fault: serialisation and the wire");
        assertEquals(3 * S + 5 * MS + tx + LATENCY, atB.get(1).time(), "5 ms more");
        assertEquals(5 * S + tx + LATENCY, atB.get(2).time(), "after it: as before");
        List<Observation> atC = received(r, "c/br-tun");
        assertEquals(List.of(new Observation(3 * S + MS + 5 * MS + tx + LATENCY, "c/br-tun", new Received(3))), atC,
                "every path of the NIC");
    }

    @Test
    void framesKeepTheirOrderWhenTheDelayGoesDown() {
        long tx = serialisation();
        Net n = new Net().at(S, new HostNic.SetExtraDelay(50 * MS))
                .send(2 * S, B, 1).send(2 * S + MS, B, 2)
                .at(2 * S + 10 * MS, new HostNic.SetExtraDelay(0))
                .send(2 * S + 20 * MS, B, 3).send(2 * S + 60 * MS, B, 4);
        RunResult r = run(n, 10 * S);
        List<Observation> atB = received(r, "b/br-tun");
        assertEquals(List.of(1, 2, 3, 4), ids(atB), "no frame overtakes one held before it");
        assertEquals(2 * S + 50 * MS + tx + LATENCY, atB.get(0).time());
        assertEquals(2 * S + 51 * MS + tx + LATENCY, atB.get(1).time());
        // sent at 2.02 s without delay, it waits behind frame 2 (released at 2.051 s) and its serialisation
        assertEquals(2 * S + 51 * MS + 2 * tx + LATENCY, atB.get(2).time());
        assertEquals(2 * S + 60 * MS + tx + LATENCY, atB.get(3).time(), "once the queue is empty, no delay");
    }

    @Test
    void framesStillHeldWhenTheCarrierGoesAreLost() {
        Net n = new Net().at(S, new HostNic.SetExtraDelay(50 * MS)).send(2 * S, B, 1);
        n.at(2 * S + 10 * MS, new LinkState(n.a.port("to-b"), false));
        RunResult r = run(n, 10 * S);
        assertEquals(List.of(), received(r, "b/br-tun"));
        assertTrue(r.observations().stream().anyMatch(o -> o.value() instanceof HostNic.Dropped d
                && d.reason().equals("link down") && o.time() == 2 * S + 50 * MS));
    }

    @Test
    void lossOfTheNicDropsWhatItSendsToEveryServer() {
        Net n = new Net().at(S, new HostNic.SetLoss(1.0));
        for (int i = 0; i < 10; i++) {
            n.send(2 * S + i * MS, i % 2 == 0 ? B : C, i);
        }
        n.at(3 * S, new HostNic.SetLoss(0)).send(4 * S, B, 100).send(4 * S, C, 101);
        RunResult r = run(n, 10 * S);
        assertEquals(List.of(100), ids(received(r, "b/br-tun")));
        assertEquals(List.of(101), ids(received(r, "c/br-tun")));
        assertEquals(10, r.observations().stream().filter(o -> o.value() instanceof HostNic.Dropped d
                && d.reason().equals("loss")).count());
    }

    @Test
    void aLossRateLosesThatFractionAndCombinesWithAPathLoss() {
        Net n = new Net().at(S, new HostNic.SetLoss(0.5)).at(S, new HostNic.SetPathLoss(C, 0.5));
        for (int i = 0; i < 2000; i++) {
            n.send(2 * S + i * MS, i % 2 == 0 ? B : C, i);
        }
        RunResult r = run(n, 10 * S);
        int toB = received(r, "b/br-tun").size();
        int toC = received(r, "c/br-tun").size();
        assertTrue(toB > 430 && toB < 570, "half of 1000 reach B: " + toB);
        assertTrue(toC > 190 && toC < 310, "a quarter of 1000 reach C (both losses): " + toC);
    }

    @Test
    void theCommandsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new HostNic.SetLoss(1.5));
        assertThrows(IllegalArgumentException.class, () -> new HostNic.SetExtraDelay(-1));
    }
}
