package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VxlanPacketTest {

    private static final Ipv4Address NETWORK_7 = Ipv4Address.parse("192.168.100.7");
    private static final Ipv4Address COMPUTE_1 = Ipv4Address.parse("192.168.100.21");
    private static final MacAddress VM_MAC = MacAddress.parse("fa:16:3e:00:00:05");
    private static final MacAddress ROUTER_MAC = MacAddress.parse("fa:16:3e:00:00:01");
    private static final Ipv4Address VM_IP = Ipv4Address.parse("10.0.0.5");
    private static final Ipv4Address GATEWAY = Ipv4Address.parse("10.0.0.1");
    private static final EthernetFrame GARP =
            EthernetFrame.of(MacAddress.BROADCAST, ROUTER_MAC, ArpPacket.gratuitous(ROUTER_MAC, GATEWAY));

    private static EthernetFrame tcpFrame(int srcPort, int dstPort, long seq, byte[] data) {
        return EthernetFrame.of(ROUTER_MAC, VM_MAC, Ipv4Packet.of(VM_IP, Ipv4Address.parse("203.0.113.9"), 64,
                TcpSegment.of(srcPort, dstPort, seq, 1, TcpSegment.ACK, 502, data)));
    }

    private static VxlanPacket decode(byte[] bytes, int length) throws MalformedPacketException {
        return WireBytes.decode(bytes, buf -> VxlanPacket.decode(buf, length));
    }

    private static String malformed(byte[] bytes) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(bytes, bytes.length));
        assertTrue(e.getMessage().startsWith("VXLAN"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void headerMatchesRfc7348ByteByByte() {
        byte[] bytes = WireBytes.encode(VxlanPacket.of(0x123456, GARP));
        // flags: only the I bit; 24 reserved bits; VNI 0x123456; 8 reserved bits
        assertEquals("08" + "000000" + "123456" + "00", hex(Arrays.copyOf(bytes, 8)));
        // then the inner frame, unpadded: 14 + 28 bytes, not 60
        assertEquals(8 + 42, bytes.length);
        assertArrayEquals(Arrays.copyOf(GARP.toBytes(), 42), Arrays.copyOfRange(bytes, 8, bytes.length));
        assertEquals(50, VxlanPacket.of(0x123456, GARP).length());
    }

    @Test
    void encapsulateBuildsTheOuterPacketAsOvsSendsIt() {
        Ipv4Packet outer = VxlanPacket.encapsulate(NETWORK_7, COMPUTE_1, 1001, GARP);
        byte[] bytes = outer.toBytes();
        assertEquals(20 + 8 + 8 + 42, bytes.length);
        // IPv4: version 4, IHL 5, TOS 0, total length 78, id 0, DF, TTL 64, protocol 17 (UDP)
        assertEquals("4500004e" + "0000" + "4000" + "40" + "11", hex(Arrays.copyOf(bytes, 10)));
        assertEquals(0xFFFF, WireBytes.onesComplementSum(bytes, 0, 20, 0));
        assertEquals("c0a86407" + "c0a86415", hex(Arrays.copyOfRange(bytes, 12, 20)));
        // UDP: source port from the hash, destination 4789, length 58, checksum 0
        int srcPort = (bytes[20] & 0xFF) << 8 | (bytes[21] & 0xFF);
        assertEquals(VxlanPacket.sourcePort(GARP), srcPort);
        assertEquals("12b5" + "003a" + "0000", hex(Arrays.copyOfRange(bytes, 22, 28)));
        // VXLAN header with VNI 1001 = 0x0003e9, then the inner frame
        assertEquals("08000000" + "0003e9" + "00", hex(Arrays.copyOfRange(bytes, 28, 36)));
        assertArrayEquals(Arrays.copyOf(GARP.toBytes(), 42), Arrays.copyOfRange(bytes, 36, bytes.length));

        UdpDatagram udp = (UdpDatagram) outer.payload();
        assertEquals(VxlanPacket.of(1001, GARP), udp.payload());
        assertEquals(64, outer.ttl());
        assertTrue(outer.dontFragment());
        assertEquals(0, outer.identification());
    }

    @Test
    void overheadIs50BytesSoAProjectMtuOf1450FillsA1500Underlay() {
        Ipv4Packet full = Ipv4Packet.of(VM_IP, GATEWAY, 64, IcmpEcho.request(1, 1, new byte[1450 - 28]));
        EthernetFrame inner = EthernetFrame.of(ROUTER_MAC, VM_MAC, full);
        Ipv4Packet outer = VxlanPacket.encapsulate(NETWORK_7, COMPUTE_1, 1001, inner);
        assertEquals(1500, outer.totalLength());
        EthernetFrame onTheWire = EthernetFrame.of(MacAddress.parse("52:54:00:00:00:21"),
                MacAddress.parse("52:54:00:00:00:07"), outer);
        assertEquals(inner.length() + 50, onTheWire.length());
    }

    @Test
    void theOuterFramesLengthIsKnownWithoutBuildingIt() {
        EthernetFrame tiny = EthernetFrame.of(ROUTER_MAC, VM_MAC, RawEtherPayload.of(0x88b5, new byte[0]));
        for (EthernetFrame inner : List.of(tiny, GARP, GARP.withVlan(5), tcpFrame(40000, 22, 7, new byte[1400]))) {
            EthernetFrame outer = EthernetFrame.of(MacAddress.BROADCAST, VM_MAC,
                    VxlanPacket.encapsulate(NETWORK_7, COMPUTE_1, 1001, inner));
            assertEquals(outer.length(), VxlanPacket.outerFrameLength(inner), inner.toString());
        }
    }

    @Test
    void roundTripsThroughTheOuterFrame() throws MalformedPacketException {
        for (EthernetFrame inner : List.of(GARP, GARP.withVlan(5), tcpFrame(40000, 22, 7, hex("5353")),
                EthernetFrame.of(VM_MAC, ROUTER_MAC, RawEtherPayload.of(0x86dd, hex("6000"))))) {
            EthernetFrame outer = EthernetFrame.of(MacAddress.parse("52:54:00:00:00:21"),
                    MacAddress.parse("52:54:00:00:00:07"), VxlanPacket.encapsulate(NETWORK_7, COMPUTE_1, 16777215, inner));
            EthernetFrame decoded = WireBytes.decodeFrame(outer.toBytes());
            assertEquals(outer, decoded);
            VxlanPacket vxlan = (VxlanPacket) ((UdpDatagram) ((Ipv4Packet) decoded.payload()).payload()).payload();
            assertEquals(inner, vxlan.inner());
            assertEquals(16777215, vxlan.vni());
            assertEquals(outer.toString(), decoded.toString());
        }
    }

    @Test
    void sourcePortIsAStableHashOfTheFlowInLinuxsDefaultRange() {
        assertEquals(VxlanPacket.sourcePort(GARP), VxlanPacket.sourcePort(
                EthernetFrame.of(MacAddress.BROADCAST, ROUTER_MAC, ArpPacket.gratuitous(ROUTER_MAC, GATEWAY))));
        // Segments of one TCP connection share a port whatever their sequence numbers and data.
        assertEquals(VxlanPacket.sourcePort(tcpFrame(40000, 22, 1, new byte[0])),
                VxlanPacket.sourcePort(tcpFrame(40000, 22, 99999, hex("abcdef"))));

        Set<Integer> ports = new HashSet<>();
        int changed = 0;
        for (int p = 1024; p < 3024; p++) {
            int port = VxlanPacket.sourcePort(tcpFrame(p, 22, 0, new byte[0]));
            assertTrue(port >= 32768 && port <= 60999, "port " + port + " outside 32768..60999");
            ports.add(port);
            if (port != VxlanPacket.sourcePort(tcpFrame(p, 23, 0, new byte[0]))) {
                changed++;
            }
        }
        assertTrue(ports.size() > 1800, "2000 flows on only " + ports.size() + " ports");
        assertTrue(changed > 1950, "the destination port changed the source port for only " + changed + " flows");
        assertTrue(ports.stream().anyMatch(p -> p < 34000) && ports.stream().anyMatch(p -> p > 59000),
                "flows do not spread over the whole range");
        assertNotEquals(VxlanPacket.sourcePort(GARP), VxlanPacket.sourcePort(
                EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, ArpPacket.gratuitous(VM_MAC, GATEWAY))));
    }

    @Test
    void rejectsAHeaderWithoutTheIBit() {
        byte[] bytes = WireBytes.encode(VxlanPacket.of(5, GARP));
        bytes[0] = 0x00;
        assertEquals("VXLAN flags 0x00 without the I bit (0x08): no valid VNI", malformed(bytes));
        bytes[0] = (byte) 0xF7;
        assertEquals("VXLAN flags 0xf7 without the I bit (0x08): no valid VNI", malformed(bytes));
    }

    @Test
    void rejectsReservedBitsAsLinuxDoes() {
        for (int at : new int[] {0, 1, 2, 3, 7}) {
            byte[] bytes = WireBytes.encode(VxlanPacket.of(5, GARP));
            bytes[at] |= (byte) 0x80;
            assertTrue(malformed(bytes).startsWith("VXLAN reserved bits set"), "byte " + at);
        }
        byte[] gbp = WireBytes.encode(VxlanPacket.of(5, GARP));
        gbp[0] = (byte) 0x88;
        gbp[2] = 0x01;
        gbp[3] = 0x02;
        assertEquals("VXLAN reserved bits set (flags 0x88, reserved 0x000102 and 0x00): extensions such as GBP are"
                + " not modelled, Linux drops these", malformed(gbp));
    }

    @Test
    void rejectsTruncationAndBadInnerFramesNamingTheVni() throws MalformedPacketException {
        byte[] bytes = WireBytes.encode(VxlanPacket.of(1001, GARP));
        for (int k = 0; k < 8; k++) {
            assertEquals("VXLAN header truncated: " + k + " bytes, need 8", malformed(Arrays.copyOf(bytes, k)));
        }
        assertEquals("VXLAN VNI 1001 inner frame: Ethernet header truncated: 0 bytes, need 14",
                malformed(Arrays.copyOf(bytes, 8)));
        assertEquals("VXLAN VNI 1001 inner frame: ARP packet truncated: 27 bytes, need 28",
                malformed(Arrays.copyOf(bytes, bytes.length - 1)));
        assertEquals("VXLAN packet truncated: 50 bytes readable, length says 51",
                assertThrows(MalformedPacketException.class, () -> decode(bytes, 51)).getMessage());
        assertEquals("VXLAN packet length -1 is negative",
                assertThrows(MalformedPacketException.class, () -> decode(bytes, -1)).getMessage());
        assertEquals("VXLAN packet length 65508 above 65507, the most an IPv4 packet holds",
                malformed(WireBytes.concat(bytes, new byte[65508 - bytes.length])));
        // Bytes after the inner ARP (padding of the inner frame) are accepted.
        assertEquals(VxlanPacket.of(1001, GARP), decode(WireBytes.concat(bytes, new byte[18]), 68));
    }

    @Test
    void decodingMovesTheReaderIndexOnlyOnSuccess() throws MalformedPacketException {
        byte[] bytes = WireBytes.concat(hex("ee"), WireBytes.encode(VxlanPacket.of(1, GARP)), hex("ee"));
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            buf.readerIndex(1);
            assertEquals(VxlanPacket.of(1, GARP), VxlanPacket.decode(buf, 50));
            assertEquals(51, buf.readerIndex());
            buf.readerIndex(2);
            assertThrows(MalformedPacketException.class, () -> VxlanPacket.decode(buf, 49));
            assertEquals(2, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void factoriesValidate() {
        assertThrows(IllegalArgumentException.class, () -> VxlanPacket.of(-1, GARP));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VxlanPacket.of(1 << 24, GARP));
        assertEquals("VXLAN VNI 16777216 out of range 0..16777215", e.getMessage());
        assertThrows(NullPointerException.class, () -> VxlanPacket.of(1, null));
        EthernetFrame huge = EthernetFrame.of(ROUTER_MAC, VM_MAC, RawEtherPayload.of(0x86dd, new byte[65500]));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> VxlanPacket.of(1, huge));
        assertTrue(tooLong.getMessage().startsWith("VXLAN packet of 65522 bytes does not fit"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VxlanPacket.encapsulate(NETWORK_7, COMPUTE_1, 1, huge));
    }

    @Test
    void equalityAndToString() {
        VxlanPacket base = VxlanPacket.of(1001, GARP);
        assertEquals(base, VxlanPacket.of(1001, EthernetFrame.of(MacAddress.BROADCAST, ROUTER_MAC,
                ArpPacket.gratuitous(ROUTER_MAC, GATEWAY))));
        assertEquals(base.hashCode(), VxlanPacket.of(1001, GARP).hashCode());
        assertNotEquals(base, VxlanPacket.of(1002, GARP));
        assertNotEquals(base, VxlanPacket.of(1001, GARP.withVlan(1)));
        assertEquals("VXLAN vni=1001: Ethernet fa:16:3e:00:00:01 > ff:ff:ff:ff:ff:ff: ARP request who-has 10.0.0.1"
                + " tell 10.0.0.1 (fa:16:3e:00:00:01 to ff:ff:ff:ff:ff:ff)", base.toString());
        assertEquals(4789, VxlanPacket.UDP_PORT);
    }
}
