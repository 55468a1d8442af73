package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.decodeFrame;
import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EthernetFrameTest {

    private static final MacAddress VM_MAC = MacAddress.parse("fa:16:3e:00:00:05");
    private static final MacAddress ROUTER_MAC = MacAddress.parse("fa:16:3e:00:00:01");
    private static final Ipv4Address VM_IP = Ipv4Address.parse("10.0.0.5");
    private static final Ipv4Address GATEWAY = Ipv4Address.parse("10.0.0.1");
    private static final ArpPacket WHO_HAS = ArpPacket.request(VM_MAC, VM_IP, GATEWAY);

    private static String malformed(byte[] bytes) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decodeFrame(bytes));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        return e.getMessage();
    }

    @Test
    void aRetaggedFrameHashesAsAFrameMadeAfresh() {
        EthernetFrame hashedFirst = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS);
        int untagged = hashedFirst.hashCode();
        EthernetFrame neverHashed = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS);
        for (int vid : new int[] {0, 5, 4095}) {
            int expected = java.util.Objects.hash(MacAddress.BROADCAST, VM_MAC, vid, WHO_HAS);
            assertEquals(expected, hashedFirst.withVlan(vid).hashCode(), "from a hashed frame, vlan " + vid);
            assertEquals(expected, neverHashed.withVlan(vid).hashCode(), "from a frame never hashed, vlan " + vid);
            assertEquals(untagged, hashedFirst.withVlan(vid).withoutVlan().hashCode());
        }
        assertEquals(java.util.Objects.hash(MacAddress.BROADCAST, VM_MAC, -1, WHO_HAS), untagged);
    }

    @Test
    void taggedFrameMatchesThe8021qLayoutByteByByte() {
        EthernetFrame frame = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).withVlan(0x123);
        byte[] expected = WireBytes.concat(
                hex("ffffffffffff fa163e000005"), // destination, source
                hex("8100 0123"), // TPID, TCI: PCP 0, DEI 0, VID 0x123
                hex("0806"), // EtherType of the payload
                hex("0001 0800 06 04 0001 fa163e000005 0a000005 000000000000 0a000001"), // ARP, 28 bytes
                new byte[60 - 18 - 28]); // padding to the minimum
        assertArrayEquals(expected, frame.toBytes());
        assertEquals(60, frame.length());
        assertTrue(frame.hasVlan());
        assertEquals(0x123, frame.vlan());
        assertEquals(0x0806, frame.etherType());
    }

    @Test
    void untaggedFrameLayoutAndPadding() {
        EthernetFrame frame = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS);
        byte[] bytes = frame.toBytes();
        assertEquals("fffffffffffffa163e0000050806", hex(Arrays.copyOf(bytes, 14)));
        assertArrayEquals(WireBytes.encode(WHO_HAS), Arrays.copyOfRange(bytes, 14, 42));
        assertArrayEquals(new byte[18], Arrays.copyOfRange(bytes, 42, 60));
        assertEquals(60, frame.length());
        assertEquals(42, frame.unpaddedLength());
    }

    @Test
    void longFramesAreNotPadded() {
        Ipv4Packet packet = Ipv4Packet.of(VM_IP, GATEWAY, 64, IcmpEcho.request(1, 1, new byte[56]));
        EthernetFrame frame = EthernetFrame.of(ROUTER_MAC, VM_MAC, packet);
        assertEquals(14 + 84, frame.length());
        assertEquals(14 + 84 + 4, frame.withVlan(1).length());
        byte[] bytes = frame.toBytes();
        assertArrayEquals(packet.toBytes(), Arrays.copyOfRange(bytes, 14, bytes.length));
        // 46 bytes of payload make exactly 60: no padding, none needed.
        EthernetFrame exact = EthernetFrame.of(ROUTER_MAC, VM_MAC, RawEtherPayload.of(0x88cc, new byte[46]));
        assertEquals(60, exact.length());
        assertEquals(61, EthernetFrame.of(ROUTER_MAC, VM_MAC, RawEtherPayload.of(0x88cc, new byte[47])).length());
    }

    @Test
    void encodesAtTheWriterIndexOfABusyBuffer() {
        EthernetFrame frame = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).withVlan(7);
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(hex("aabb"));
            frame.encode(buf);
            assertEquals(62, buf.readableBytes());
            byte[] written = new byte[60];
            buf.getBytes(2, written);
            assertArrayEquals(frame.toBytes(), written);
        } finally {
            buf.release();
        }
    }

    @Test
    void vlanTagging() {
        EthernetFrame untagged = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS);
        assertFalse(untagged.hasVlan());
        IllegalStateException e = assertThrows(IllegalStateException.class, untagged::vlan);
        assertTrue(e.getMessage().startsWith("untagged frame has no VLAN id"), e.getMessage());
        assertSame(untagged, untagged.withoutVlan());

        EthernetFrame tagged = untagged.withVlan(4095);
        assertEquals(4095, tagged.vlan());
        assertEquals(1, tagged.withVlan(1).vlan(), "mod_vlan_vid replaces the tag");
        assertEquals(untagged, tagged.withoutVlan());
        assertEquals(0, untagged.withVlan(0).vlan(), "a priority tag");
        assertNotEquals(untagged, untagged.withVlan(0));
        assertThrows(IllegalArgumentException.class, () -> untagged.withVlan(4096));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> untagged.withVlan(-1));
        assertEquals("VLAN id -1 out of range 0..4095", range.getMessage());
    }

    @Test
    void roundTripsEveryKindOfPayload() throws MalformedPacketException {
        Ipv4Packet ping = Ipv4Packet.of(VM_IP, GATEWAY, 64, IcmpEcho.request(9, 3, hex("6162")));
        EthernetFrame inner = EthernetFrame.of(ROUTER_MAC, VM_MAC, ping);
        List<EthernetFrame> frames = List.of(
                EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS),
                EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).withVlan(3),
                EthernetFrame.of(ROUTER_MAC, VM_MAC, ping),
                EthernetFrame.of(ROUTER_MAC, VM_MAC, ping).withVlan(4095),
                EthernetFrame.of(MacAddress.ipv4Multicast(VrrpAdvertisement.MULTICAST_GROUP), ROUTER_MAC,
                        Ipv4Packet.of(GATEWAY, VrrpAdvertisement.MULTICAST_GROUP, 255,
                                VrrpAdvertisement.v2(1, 50, 2, List.of(GATEWAY)))),
                EthernetFrame.of(ROUTER_MAC, VM_MAC, VxlanPacket.encapsulate(Ipv4Address.parse("192.168.0.7"),
                        Ipv4Address.parse("192.168.0.8"), 1001, inner)),
                EthernetFrame.of(ROUTER_MAC, VM_MAC, RawEtherPayload.of(0x86dd, new byte[100])),
                EthernetFrame.of(ROUTER_MAC, VM_MAC, RawEtherPayload.of(0x88cc, new byte[46])).withVlan(12));
        for (EthernetFrame frame : frames) {
            byte[] bytes = frame.toBytes();
            assertEquals(frame.length(), bytes.length);
            EthernetFrame decoded = decodeFrame(bytes);
            assertEquals(frame, decoded);
            assertEquals(frame.hashCode(), decoded.hashCode());
            assertEquals(frame.toString(), decoded.toString());
            assertArrayEquals(bytes, decoded.toBytes());
        }
    }

    @Test
    void decodingIgnoresPaddingAfterIpv4AndArpButARawPayloadKeepsIt() throws MalformedPacketException {
        Ipv4Packet ping = Ipv4Packet.of(VM_IP, GATEWAY, 64, IcmpEcho.request(9, 3, new byte[0]));
        byte[] padded = EthernetFrame.of(ROUTER_MAC, VM_MAC, ping).toBytes();
        assertEquals(60, padded.length);
        padded[59] = 0x55; // padding need not be zero
        assertEquals(ping, decodeFrame(padded).payload());

        byte[] raw = EthernetFrame.of(ROUTER_MAC, VM_MAC, RawEtherPayload.of(0x86dd, hex("0102"))).toBytes();
        RawEtherPayload decoded = (RawEtherPayload) decodeFrame(raw).payload();
        assertEquals(46, decoded.length());
        assertArrayEquals(WireBytes.concat(hex("0102"), new byte[44]), decoded.bytes());
    }

    @Test
    void decodesUnpaddedFramesAndConsumesTheWholeBuffer() throws MalformedPacketException {
        EthernetFrame frame = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS);
        byte[] unpadded = Arrays.copyOf(frame.toBytes(), 42);
        ByteBuf buf = Unpooled.wrappedBuffer(WireBytes.concat(hex("eeee"), unpadded));
        try {
            buf.readerIndex(2);
            assertEquals(frame, EthernetFrame.decode(buf));
            assertEquals(0, buf.readableBytes());
        } finally {
            buf.release();
        }
    }

    @Test
    void decodingIgnoresPriorityAndDei() throws MalformedPacketException {
        byte[] bytes = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).withVlan(0x123).toBytes();
        bytes[14] = (byte) 0xF1; // PCP 7, DEI 1, VID 0x123
        EthernetFrame decoded = decodeFrame(bytes);
        assertEquals(0x123, decoded.vlan());
        assertEquals(0x01, decoded.toBytes()[14], "written back with PCP 0 and DEI 0");
    }

    @Test
    void rejectsTruncatedHeaders() {
        byte[] untagged = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).toBytes();
        for (int k = 0; k < 14; k++) {
            assertEquals("Ethernet header truncated: " + k + " bytes, need 14", malformed(Arrays.copyOf(untagged, k)));
        }
        byte[] tagged = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).withVlan(5).toBytes();
        for (int k = 14; k < 18; k++) {
            assertEquals("802.1Q tagged Ethernet header truncated: " + k + " bytes, need 18",
                    malformed(Arrays.copyOf(tagged, k)));
        }
        assertEquals("ARP packet truncated: 0 bytes, need 28", malformed(Arrays.copyOf(tagged, 18)));
        assertEquals("ARP packet truncated: 27 bytes, need 28", malformed(Arrays.copyOf(untagged, 41)));
    }

    @Test
    void rejectsStackedTagsAnd8023Frames() {
        byte[] qinq = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).withVlan(5).toBytes();
        qinq[16] = (byte) 0x81;
        qinq[17] = 0x00;
        assertEquals("stacked 802.1Q tags (QinQ) not modelled", malformed(qinq));

        // An STP BPDU: 802.3 length 0x0026 and LLC
        byte[] bpdu = WireBytes.concat(hex("0180c2000000 fa163e000005 0026 424203"), new byte[43]);
        assertEquals("EtherType field 0x0026 is an 802.3 length: 802.3/LLC frames not modelled, only Ethernet II",
                malformed(bpdu));
        byte[] tagged8023 = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).withVlan(5).toBytes();
        tagged8023[16] = 0x05;
        tagged8023[17] = (byte) 0xff;
        assertTrue(malformed(tagged8023).startsWith("EtherType field 0x05ff is an 802.3 length"));
    }

    @Test
    void rejectsARawPayloadLongerThan65535() throws MalformedPacketException {
        byte[] huge = new byte[14 + 65536];
        huge[12] = (byte) 0x86;
        huge[13] = (byte) 0xdd;
        assertEquals("Ethernet payload of 65536 bytes (EtherType 0x86dd) longer than 65535", malformed(huge));
        assertEquals(65535, decodeFrame(Arrays.copyOf(huge, 14 + 65535)).payload().length());
    }

    @Test
    void reportsPayloadErrors() {
        Ipv4Packet ping = Ipv4Packet.of(VM_IP, GATEWAY, 64, IcmpEcho.request(9, 3, new byte[0]));
        byte[] bytes = EthernetFrame.of(ROUTER_MAC, VM_MAC, ping).withVlan(9).toBytes();
        bytes[18 + 8] = 1; // TTL: the header checksum no longer holds
        assertTrue(malformed(bytes).startsWith("IPv4 header checksum"));
        byte[] arp = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).toBytes();
        arp[14 + 7] = 7;
        assertTrue(malformed(arp).startsWith("ARP operation 7"));
    }

    @Test
    void failureLeavesTheReaderIndexAlone() {
        byte[] bytes = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).toBytes();
        bytes[14 + 7] = 7;
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            assertThrows(MalformedPacketException.class, () -> EthernetFrame.decode(buf));
            assertEquals(0, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void equalityCoversEveryField() {
        EthernetFrame base = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS);
        assertEquals(base, EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, ArpPacket.request(VM_MAC, VM_IP, GATEWAY)));
        assertNotEquals(base, EthernetFrame.of(ROUTER_MAC, VM_MAC, WHO_HAS));
        assertNotEquals(base, EthernetFrame.of(MacAddress.BROADCAST, ROUTER_MAC, WHO_HAS));
        assertNotEquals(base, base.withVlan(1));
        assertNotEquals(base.withVlan(2), base.withVlan(1));
        assertNotEquals(base, EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, ArpPacket.gratuitous(VM_MAC, VM_IP)));
        assertThrows(NullPointerException.class, () -> EthernetFrame.of(null, VM_MAC, WHO_HAS));
        assertThrows(NullPointerException.class, () -> EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, null));
    }

    @Test
    void toStringShowsAddressesTagAndPayload() {
        assertEquals("Ethernet fa:16:3e:00:00:05 > ff:ff:ff:ff:ff:ff vlan=3: ARP request who-has 10.0.0.1 tell 10.0.0.5"
                        + " (fa:16:3e:00:00:05)",
                EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, WHO_HAS).withVlan(3).toString());
        assertEquals("Ethernet fa:16:3e:00:00:05 > fa:16:3e:00:00:01: raw ethertype=0x86dd len=2",
                EthernetFrame.of(ROUTER_MAC, VM_MAC, RawEtherPayload.of(0x86dd, hex("0102"))).toString());
    }

    @Test
    void rejectsAPayloadThatLiesAboutItsLength() {
        EtherPayload liar = new EtherPayload() {
            @Override
            public int etherType() {
                return 0x88b5;
            }

            @Override
            public int length() {
                return 4;
            }

            @Override
            public void encode(ByteBuf out) {
                out.writeZero(5);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EthernetFrame.of(ROUTER_MAC, VM_MAC, liar).withVlan(1).toBytes());
        assertTrue(e.getMessage().contains("wrote 5 bytes but its length is 4"), e.getMessage());
    }
}
