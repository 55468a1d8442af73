package io.kagami.net.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EtherPayload;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PcapWriterTest {

    private static final MacAddress VM_MAC = MacAddress.parse("fa:16:3e:00:00:05");
    private static final MacAddress ROUTER_MAC = MacAddress.parse("fa:16:3e:00:00:01");
    private static final EthernetFrame ARP = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC,
            ArpPacket.request(VM_MAC, Ipv4Address.parse("10.0.0.5"), Ipv4Address.parse("10.0.0.1")));
    private static final EthernetFrame PING = EthernetFrame.of(ROUTER_MAC, VM_MAC, Ipv4Packet.of(
            Ipv4Address.parse("10.0.0.5"), Ipv4Address.parse("10.0.0.1"), 64, IcmpEcho.request(1, 1, new byte[56])));

    /** Remembers whether it was closed. */
    private static final class Sink extends ByteArrayOutputStream {
        int closes;

        @Override
        public void close() {
            closes++;
        }
    }

    private static String hex(byte[] bytes, int from, int to) {
        return HexFormat.of().formatHex(Arrays.copyOfRange(bytes, from, to));
    }

    @Test
    void fileHeaderIsClassicPcapWithNanosecondsLittleEndian() throws IOException {
        Sink sink = new Sink();
        new PcapWriter(sink).close();
        byte[] bytes = sink.toByteArray();
        assertEquals(24, bytes.length);
        // magic a1b23c4d, version 2.4, thiszone 0, sigfigs 0, snaplen 262144, LINKTYPE_ETHERNET, all little-endian
        assertEquals("4d3cb2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "01000000",
                hex(bytes, 0, 24));
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA1B23C4D, header.getInt(0));
        assertEquals(262_144, header.getInt(16));
        assertEquals(1, header.getInt(20));
    }

    @Test
    void recordsCarryVirtualTimeAndTheFrameAsOnTheWire() throws IOException {
        Sink sink = new Sink();
        try (PcapWriter writer = new PcapWriter(sink)) {
            writer.write(3_000_000_007L, ARP);
            writer.write(4_294_967_295L * 1_000_000_000 + 999_999_999, PING);
        }
        byte[] bytes = sink.toByteArray();
        assertEquals(24 + 16 + 60 + 16 + 98, bytes.length);
        // seconds 3, nanoseconds 7, captured 60 (padded), on the wire 60
        assertEquals("03000000" + "07000000" + "3c000000" + "3c000000", hex(bytes, 24, 40));
        assertArrayEquals(ARP.toBytes(), Arrays.copyOfRange(bytes, 40, 100));
        ByteBuffer second = ByteBuffer.wrap(bytes, 100, 16).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xFFFF_FFFFL, second.getInt(100) & 0xFFFF_FFFFL, "the last second the format holds");
        assertEquals(999_999_999, second.getInt(104));
        assertEquals(98, second.getInt(108));
        assertEquals(98, second.getInt(112));
        assertArrayEquals(PING.toBytes(), Arrays.copyOfRange(bytes, 116, 214));
    }

    @Test
    void rejectsTimesOutsideTheFormat() throws IOException {
        try (PcapWriter writer = new PcapWriter(new Sink())) {
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> writer.write(-1, ARP));
            assertEquals("virtual time -1 ns out of the pcap range 0..4294967295 s", negative.getMessage());
            assertThrows(IllegalArgumentException.class, () -> writer.write(4_294_967_296L * 1_000_000_000, ARP));
        }
    }

    @Test
    void closeFlushesClosesOnceAndEndsWriting() throws IOException {
        Sink sink = new Sink();
        PcapWriter writer = new PcapWriter(sink);
        writer.write(0, ARP);
        writer.close();
        assertEquals(24 + 16 + 60, sink.size(), "everything reached the stream");
        assertEquals(1, sink.closes);
        writer.close();
        assertEquals(1, sink.closes, "closing twice closes the stream once");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> writer.write(1, ARP));
        assertEquals("pcap writer is closed", e.getMessage());
    }

    @Test
    void aFrameThatFailsToEncodeLeavesNoPartialRecord() throws IOException {
        EtherPayload liar = new EtherPayload() {
            @Override
            public int etherType() {
                return 0x88b5;
            }

            @Override
            public int length() {
                return 50;
            }

            @Override
            public void encode(ByteBuf out) {
                out.writeZero(10);
            }
        };
        Sink sink = new Sink();
        try (PcapWriter writer = new PcapWriter(sink)) {
            assertThrows(IllegalStateException.class, () -> writer.write(0, EthernetFrame.of(ROUTER_MAC, VM_MAC, liar)));
            writer.write(5, ARP);
        }
        byte[] bytes = sink.toByteArray();
        assertEquals(24 + 16 + 60, bytes.length);
        assertEquals("00000000" + "05000000" + "3c000000", hex(bytes, 24, 36));
        assertArrayEquals(ARP.toBytes(), Arrays.copyOfRange(bytes, 40, 100));
    }
}
