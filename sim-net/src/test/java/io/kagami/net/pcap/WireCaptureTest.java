package io.kagami.net.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.wire.CapturedFrame;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import io.kagami.net.wire.FrameIn;
import io.kagami.net.wire.LinkState;
import io.kagami.net.wire.Port;
import io.kagami.net.wire.PortSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The capture hook of {@link Fabric} and {@link Port}, and {@link PcapExport} over what it records. */
@ExtendWith(SharedKernel.class)
class WireCaptureTest {
    private static final long MS = VirtualTime.MILLISECOND;
    private final Kernel kernel;

    WireCaptureTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** A test device: transmits what it is told to on a port, records what it receives. */
    private static final class Talker implements Entity<DeviceInput> {
        record Send(int port, EthernetFrame frame) implements DeviceInput {}

        record Received(int port, EthernetFrame frame) {}

        private final List<Port> ports = new ArrayList<>();

        Talker(List<PortSpec> specs) {
            for (int i = 0; i < specs.size(); i++) {
                ports.add(new Port(i, specs.get(i)));
            }
        }

        @Override
        public void onMessage(Context<DeviceInput> ctx, DeviceInput message) {
            if (message instanceof Send s) {
                ports.get(s.port()).transmit(ctx, s.frame());
            } else if (message instanceof FrameIn in) {
                ctx.record(new Received(in.port(), in.frame()));
            } else if (message instanceof LinkState l) {
                ports.get(l.port()).setUp(l.up());
            } else {
                throw new IllegalArgumentException("a talker does not take " + message);
            }
        }
    }

    /** Frames told apart by the address they ask for. */
    private static EthernetFrame frame(int n) {
        MacAddress mac = MacAddress.parse("fa:16:3e:00:00:01");
        return EthernetFrame.of(MacAddress.BROADCAST, mac,
                ArpPacket.request(mac, Ipv4Address.of(10, 0, 0, 1), Ipv4Address.of(10, 0, 1, n)));
    }

    /**
     * a.eth0 -- b.eth0 in one group (no latency, like a namespace's interface and its br-int port);
     * a.eth1 -- c.eth0 across groups with 1 ms (like a NIC on the underlay).
     */
    private static final class Lab {
        final Fabric fabric = new Fabric(io.kagami.core.Model.builder());
        final Fabric.Device a = fabric.device("node-1/a", "node-1", Talker::new);
        final Fabric.Device b = fabric.device("node-1/b", "node-1", Talker::new);
        final Fabric.Device c = fabric.device("node-2/c", "node-2", Talker::new);

        Lab() {
            a.addPort("eth0");
            a.addPort("eth1");
            b.addPort("eth0");
            c.addPort("eth0");
            a.addPort("unplugged");
            fabric.connect(a, a.port("eth0"), b, b.port("eth0"), 0);
            fabric.connect(a, a.port("eth1"), c, c.port("eth0"), MS);
        }

        void send(long at, Fabric.Device from, String port, int frame) {
            fabric.model().inject(at, from.ref(), new Talker.Send(from.port(port), frame(frame)));
        }

        RunResult run(Kernel kernel, int partitions) {
            return kernel.run(fabric.model().build(), RunOptions.defaults().withPartitions(partitions)
                    .withUntil(100 * MS));
        }
    }

    private record Seen(long time, String entity, String capture, EthernetFrame frame) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Seen s && s.time == time && s.entity.equals(entity) && s.capture.equals(capture)
                    && Arrays.equals(s.frame.toBytes(), frame.toBytes());
        }

        @Override
        public int hashCode() {
            return Long.hashCode(time);
        }
    }

    private static List<Seen> captured(RunResult r) {
        return r.observations().stream().filter(o -> o.value() instanceof CapturedFrame)
                .map(o -> new Seen(o.time(), o.entity(), ((CapturedFrame) o.value()).capture(),
                        ((CapturedFrame) o.value()).frame())).toList();
    }

    private static long received(RunResult r, String entity) {
        return r.observations().stream().filter(o -> o.entity().equals(entity) && o.value() instanceof Talker.Received)
                .count();
    }

    @Test
    void aCapturedWireRecordsBothDirectionsAtTransmissionAndOthersNothing() {
        Lab lab = new Lab();
        assertEquals("node-1/a/eth0", lab.fabric.capture(lab.a, lab.a.port("eth0")));
        lab.send(1 * MS, lab.a, "eth0", 1);
        lab.send(2 * MS, lab.b, "eth0", 2);
        lab.send(3 * MS, lab.a, "eth1", 3);
        lab.send(4 * MS, lab.c, "eth0", 4);
        RunResult r = lab.run(kernel, 1);
        assertEquals(List.of(new Seen(1 * MS, "node-1/a", "node-1/a/eth0", frame(1)),
                new Seen(2 * MS, "node-1/b", "node-1/a/eth0", frame(2))), captured(r));
        assertEquals(2, received(r, "node-1/a"), "the uncaptured wire still carries frames");
        assertEquals(1, received(r, "node-2/c"));
    }

    @Test
    void aWireCapturedAtTheFarEndRecordsWhenEachEndTransmitsNotWhenTheFrameArrives() {
        Lab lab = new Lab();
        assertEquals("node-2/c/eth0", lab.fabric.capture("node-2/c", "eth0"));
        lab.send(1 * MS, lab.a, "eth1", 1);
        lab.send(5 * MS, lab.c, "eth0", 2);
        for (int partitions : new int[] {1, 2}) {
            RunResult r = lab.run(kernel, partitions);
            assertEquals(List.of(new Seen(1 * MS, "node-1/a", "node-2/c/eth0", frame(1)),
                    new Seen(5 * MS, "node-2/c", "node-2/c/eth0", frame(2))), captured(r), partitions + " partitions");
            List<Observation> arrivals = r.observations().stream()
                    .filter(o -> o.value() instanceof Talker.Received).toList();
            assertEquals(List.of(2 * MS, 6 * MS), arrivals.stream().map(Observation::time).toList());
        }
    }

    @Test
    void framesAreCapturedInCanonicalOrderAndLostFramesAreNot() {
        Lab lab = new Lab();
        lab.fabric.capture(lab.a, "eth0");
        lab.fabric.capture(lab.a, "eth1");
        // at the same instant: b (declared after a) sends first in injection order; a sends two in turn
        lab.send(1 * MS, lab.b, "eth0", 1);
        lab.send(1 * MS, lab.a, "eth0", 2);
        lab.send(1 * MS, lab.a, "eth1", 3);
        lab.send(1 * MS, lab.c, "eth0", 4);
        lab.fabric.model().inject(2 * MS, lab.a.ref(), new LinkState(lab.a.port("eth0"), false));
        lab.send(3 * MS, lab.a, "eth0", 5);
        lab.send(3 * MS, lab.a, "unplugged", 6);
        RunResult r = lab.run(kernel, 2);
        assertEquals(List.of(new Seen(1 * MS, "node-1/a", "node-1/a/eth0", frame(2)),
                new Seen(1 * MS, "node-1/a", "node-1/a/eth1", frame(3)),
                new Seen(1 * MS, "node-1/b", "node-1/a/eth0", frame(1)),
                new Seen(1 * MS, "node-2/c", "node-1/a/eth1", frame(4))), captured(r),
                "by time, then entity (a before b before c), then the order each transmitted; nothing without carrier");
    }

    @Test
    void captureNamesAWireOnceWhicheverEndAsksAndRefusesWhatCannotBeCaptured() {
        Lab lab = new Lab();
        String name = lab.fabric.capture(lab.b, "eth0");
        assertEquals("node-1/b/eth0", name);
        assertEquals(name, lab.fabric.capture(lab.a, "eth0"), "the other end of the same wire");
        assertEquals(name, lab.fabric.capture("node-1/b", "eth0"));
        assertEquals(List.of(name), lab.fabric.captures());
        assertEquals(name, lab.a.ports().get(lab.a.port("eth0")).capture());
        assertEquals(name, lab.b.ports().get(0).capture());
        assertEquals(null, lab.a.ports().get(lab.a.port("eth1")).capture());
        assertEquals("port node-1/a#unplugged is not wired: there is nothing to capture",
                assertThrows(IllegalArgumentException.class, () -> lab.fabric.capture(lab.a, "unplugged"))
                        .getMessage());
        assertEquals("device 'node-1/a' has no port #7",
                assertThrows(IllegalArgumentException.class, () -> lab.fabric.capture(lab.a, 7)).getMessage());
        assertEquals("device 'node-1/a' has no port 'eth9'",
                assertThrows(IllegalArgumentException.class, () -> lab.fabric.capture("node-1/a", "eth9")).getMessage());
        assertEquals("no device 'node-9/x' is declared",
                assertThrows(IllegalArgumentException.class, () -> lab.fabric.capture("node-9/x", "eth0")).getMessage());
    }

    // ---- PcapExport

    /** The records of a pcap file: time in ns, then the frame's bytes. */
    private record PcapRecord(long time, byte[] bytes) {}

    private static List<PcapRecord> readPcap(Path file) throws java.io.IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(PcapWriter.MAGIC_NANOSECONDS, in.getInt());
        in.position(24);
        List<PcapRecord> records = new ArrayList<>();
        while (in.hasRemaining()) {
            long seconds = in.getInt() & 0xFFFF_FFFFL;
            long nanos = in.getInt() & 0xFFFF_FFFFL;
            int captured = in.getInt();
            assertEquals(captured, in.getInt());
            byte[] bytes = new byte[captured];
            in.get(bytes);
            records.add(new PcapRecord(seconds * VirtualTime.SECOND + nanos, bytes));
        }
        return records;
    }

    @Test
    void exportWritesTheSelectedCapturesInCanonicalOrderWithTheirTimes(@TempDir Path dir) throws Exception {
        Lab lab = new Lab();
        String ab = lab.fabric.capture(lab.a, "eth0");
        String ac = lab.fabric.capture(lab.a, "eth1");
        lab.send(1 * MS, lab.a, "eth1", 1);
        lab.send(2 * MS, lab.b, "eth0", 2);
        lab.send(2 * MS, lab.a, "eth0", 3);
        lab.send(3 * MS + 7, lab.c, "eth0", 4);
        RunResult r = lab.run(kernel, 2);

        Path both = dir.resolve("both.pcap");
        assertEquals(4, PcapExport.write(r, List.of(ab, ac), both));
        List<PcapRecord> records = readPcap(both);
        assertEquals(List.of(1 * MS, 2 * MS, 2 * MS, 3 * MS + 7), records.stream().map(PcapRecord::time).toList());
        int[] order = {1, 3, 2, 4};
        for (int i = 0; i < order.length; i++) {
            assertArrayEquals(frame(order[i]).toBytes(), records.get(i).bytes(), "record " + i);
        }

        Path one = dir.resolve("a-eth1.pcap");
        assertEquals(2, PcapExport.write(r, List.of(ac), one), "one interface");
        assertEquals(List.of(1 * MS, 3 * MS + 7), readPcap(one).stream().map(PcapRecord::time).toList());

        Path none = dir.resolve("quiet.pcap");
        assertEquals(0, PcapExport.write(r, List.of("node-1/nothing"), none));
        assertEquals(24, Files.size(none), "a capture that saw nothing is a header alone");
        assertEquals(List.of("a-eth1.pcap", "both.pcap", "quiet.pcap"), listing(dir), "no temporary file left");

        assertEquals("no capture selected for " + none, assertThrows(IllegalArgumentException.class,
                () -> PcapExport.write(r, List.of(), none)).getMessage());
    }

    @Test
    void aFailedExportLeavesNoFileAndTheOldOneUntouched(@TempDir Path dir) throws Exception {
        io.kagami.net.packet.EtherPayload liar = new io.kagami.net.packet.EtherPayload() {
            @Override
            public int etherType() {
                return 0x88b5;
            }

            @Override
            public int length() {
                return 50;
            }

            @Override
            public void encode(io.netty.buffer.ByteBuf out) {
                out.writeZero(10);
            }
        };
        MacAddress mac = MacAddress.parse("fa:16:3e:00:00:01");
        List<Observation> observations = List.of(
                new Observation(1, "x", new CapturedFrame("x/eth0", frame(1))),
                new Observation(2, "x", new CapturedFrame("x/eth0", EthernetFrame.of(mac, mac, liar))));
        Path file = dir.resolve("capture.pcap");
        assertThrows(IllegalStateException.class, () -> PcapExport.write(observations, List.of("x/eth0"), file));
        assertEquals(List.of(), listing(dir), "no half-written file");

        Files.write(file, new byte[] {1, 2, 3});
        assertThrows(IllegalStateException.class, () -> PcapExport.write(observations, List.of("x/eth0"), file));
        assertEquals(List.of("capture.pcap"), listing(dir));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file), "the previous file is left as it was");

        assertEquals(1, PcapExport.write(observations.subList(0, 1), List.of("x/eth0"), file));
        assertEquals(24 + 16 + 60, Files.size(file), "replaced");
    }

    private static List<String> listing(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
