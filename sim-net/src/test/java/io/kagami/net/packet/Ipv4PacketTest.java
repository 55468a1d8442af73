package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.decodeIpv4;
import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv4PacketTest {

    private static final Ipv4Address SRC = Ipv4Address.parse("169.254.192.1");
    private static final Ipv4Address GROUP = VrrpAdvertisement.MULTICAST_GROUP;
    private static final Ipv4Address VIP = Ipv4Address.parse("169.254.0.1");

    /** An advert as keepalived sends it: TOS 0xc0, TTL 255, DF clear, a per-advert identification. */
    private static Ipv4Packet keepalivedAdvert(VrrpAdvertisement advert) {
        return Ipv4Packet.of(SRC, GROUP, VrrpAdvertisement.IP_TTL, 1, false, advert)
                .withDscp(VrrpAdvertisement.IP_DSCP);
    }

    @Test
    void headerChecksumOfAWellKnownExample() {
        // The example header of the Wikipedia "Internet checksum" article: UDP 192.168.0.1 -> 192.168.0.199,
        // total length 0x73, DF, TTL 64, checksum b861.
        Ipv4Packet packet = Ipv4Packet.of(Ipv4Address.parse("192.168.0.1"), Ipv4Address.parse("192.168.0.199"),
                64, 0, true, RawPayload.of(17, new byte[0x73 - 20]));
        byte[] bytes = packet.toBytes();
        assertEquals("45000073000040004011b861c0a80001c0a800c7", hex(Arrays.copyOf(bytes, 20)));
    }

    @Test
    void vrrpPacketLayoutAndHeaderChecksum() {
        VrrpAdvertisement advert = VrrpAdvertisement.v2(1, 50, 2, List.of(VIP));
        byte[] bytes = keepalivedAdvert(advert).toBytes();
        assertEquals(40, bytes.length);
        // version 4, IHL 5, TOS c0, total length 40, id 1, no flags, TTL 255, protocol 112, (checksum), src, dst
        assertEquals("45c000280001" + "0000" + "ff70", hex(Arrays.copyOfRange(bytes, 0, 10)));
        assertEquals("a9fec001" + "e0000012", hex(Arrays.copyOfRange(bytes, 12, 20)));
        assertEquals(0xFFFF, WireBytes.onesComplementSum(bytes, 0, 20, 0));
        assertArrayEquals(WireBytes.encode(advert, SRC, GROUP), Arrays.copyOfRange(bytes, 20, 40));
    }

    @Test
    void v3PayloadChecksumUsesTheHeaderAddresses() {
        byte[] bytes = keepalivedAdvert(VrrpAdvertisement.v3(5, 50, 100, List.of(VIP))).toBytes();
        assertEquals(0xFFFF, WireBytes.onesComplementSum(bytes, 0, 20, 0));
        // Pseudo-header taken from the encoded header: src, dst, zero, protocol, VRRP length.
        long pseudo = WireBytes.onesComplementSum(bytes, 12, 20, 0) + 112 + (bytes.length - 20);
        assertEquals(0xFFFF, WireBytes.onesComplementSum(bytes, 20, bytes.length, pseudo));
    }

    @Test
    void encodesAtTheWriterIndexOfABusyBuffer() {
        Ipv4Packet packet = keepalivedAdvert(VrrpAdvertisement.v3(5, 50, 100, List.of(VIP)));
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(hex("ffffff"));
            packet.encode(buf);
            byte[] written = new byte[buf.readableBytes() - 3];
            buf.getBytes(3, written);
            assertArrayEquals(packet.toBytes(), written);
            assertEquals(0xFFFF, WireBytes.onesComplementSum(written, 0, 20, 0));
        } finally {
            buf.release();
        }
    }

    @Test
    void roundTrips() throws MalformedPacketException {
        List<Ipv4Packet> packets = List.of(
                keepalivedAdvert(VrrpAdvertisement.v2(1, 50, 2, List.of(VIP))),
                keepalivedAdvert(VrrpAdvertisement.v3(200, 100, 4095, List.of(VIP, Ipv4Address.of(10, 0, 80, 1)))),
                Ipv4Packet.of(SRC, GROUP, 255, VrrpAdvertisement.v2(3, 0, 1, List.of(VIP, VIP, VIP))),
                Ipv4Packet.of(Ipv4Address.parse("10.0.80.10"), Ipv4Address.parse("192.168.80.5"), 64, 65535, true,
                        TcpSegment.of(22, 50010, 1, 0, TcpSegment.SYN, 0x2000, new byte[0])),
                Ipv4Packet.of(Ipv4Address.parse("255.255.255.255"), Ipv4Address.parse("0.0.0.0"), 0,
                        IcmpEcho.request(0, 0, new byte[0])).withDscp(63),
                Ipv4Packet.of(SRC, GROUP, 1, UdpDatagram.of(5353, 5353, RawUdpPayload.of(hex("0102030405")))),
                Ipv4Packet.of(SRC, GROUP, 1, RawPayload.of(47, hex("0102030405"))),
                Ipv4Packet.of(Ipv4Address.parse("255.255.255.255"), Ipv4Address.parse("0.0.0.0"), 0,
                        RawPayload.of(50, new byte[0])).withDscp(63));
        for (Ipv4Packet packet : packets) {
            byte[] bytes = packet.toBytes();
            assertEquals(packet.totalLength(), bytes.length);
            Ipv4Packet decoded = decodeIpv4(bytes);
            assertEquals(packet, decoded);
            assertEquals(packet.hashCode(), decoded.hashCode());
            assertEquals(packet.toString(), decoded.toString());
            assertArrayEquals(bytes, decoded.toBytes());
        }
    }

    @Test
    void decodesToTheRightPayloadType() throws MalformedPacketException {
        VrrpAdvertisement advert = VrrpAdvertisement.v2(1, 50, 2, List.of(VIP));
        Ipv4Packet vrrp = decodeIpv4(keepalivedAdvert(advert).toBytes());
        assertEquals(advert, vrrp.payload());
        assertEquals(112, vrrp.protocol());
        assertEquals(48, vrrp.dscp());
        assertEquals(255, vrrp.ttl());
        assertEquals(1, vrrp.identification());
        assertFalse(vrrp.dontFragment());
        assertEquals(SRC, vrrp.src());
        assertEquals(GROUP, vrrp.dst());

        Ipv4Packet raw = decodeIpv4(Ipv4Packet.of(SRC, GROUP, 9, RawPayload.of(89, hex("abcdef"))).toBytes());
        assertEquals(RawPayload.of(89, hex("abcdef")), raw.payload());
        assertEquals(89, raw.protocol());
    }

    @Test
    void decodesEachModelledProtocolToItsClass() throws MalformedPacketException {
        Ipv4Address a = Ipv4Address.of(10, 0, 0, 5);
        Ipv4Address b = Ipv4Address.of(10, 0, 0, 1);
        List<IpPayload> payloads = List.of(
                IcmpEcho.request(7, 1, hex("abcd")),
                TcpSegment.of(40000, 22, 5, 0, TcpSegment.SYN, 64240, new byte[0]),
                UdpDatagram.of(68, 67, RawUdpPayload.of(hex("0101"))),
                UdpDatagram.withoutChecksum(33000, VxlanPacket.UDP_PORT, VxlanPacket.of(5, EthernetFrame.of(
                        MacAddress.BROADCAST, MacAddress.parse("fa:16:3e:00:00:05"),
                        ArpPacket.request(MacAddress.parse("fa:16:3e:00:00:05"), a, b)))));
        for (IpPayload payload : payloads) {
            Ipv4Packet decoded = decodeIpv4(Ipv4Packet.of(a, b, 64, payload).toBytes());
            assertEquals(payload.getClass(), decoded.payload().getClass());
            assertEquals(payload, decoded.payload());
        }
    }

    @Test
    void aRawPayloadOfAModelledProtocolDecodesAsThatProtocolOrFails() throws MalformedPacketException {
        Ipv4Address a = Ipv4Address.of(10, 0, 0, 5);
        Ipv4Address b = Ipv4Address.of(10, 0, 0, 1);
        byte[] echo = WireBytes.encode(IcmpEcho.request(1, 2, hex("00")), a, b);
        assertEquals(IcmpEcho.request(1, 2, hex("00")), decodeIpv4(Ipv4Packet.of(a, b, 64, RawPayload.of(1, echo))
                .toBytes()).payload());
        echo[4] ^= 1;
        assertTrue(malformed(Ipv4Packet.of(a, b, 64, RawPayload.of(1, echo)).toBytes()).startsWith("ICMP checksum"));
    }

    @Test
    void isTheEtherPayloadOfType0800() {
        Ipv4Packet packet = keepalivedAdvert(VrrpAdvertisement.v2(1, 50, 2, List.of(VIP)));
        EtherPayload payload = packet;
        assertEquals(0x0800, payload.etherType());
        assertEquals(40, payload.length());
        assertArrayEquals(packet.toBytes(), WireBytes.encode(payload));
    }

    @Test
    void leavesLinkPaddingUnread() throws MalformedPacketException {
        Ipv4Packet packet = keepalivedAdvert(VrrpAdvertisement.v2(1, 50, 2, List.of(VIP)));
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(packet.toBytes()).writeZero(6);
            assertEquals(packet, Ipv4Packet.decode(buf));
            assertEquals(40, buf.readerIndex());
            assertEquals(6, buf.readableBytes());
        } finally {
            buf.release();
        }
    }

    @Test
    void skipsOptions() throws MalformedPacketException {
        // IHL 6: one word of options (three NOPs and an end-of-options), then a 3-byte payload of protocol 0x59.
        byte[] bytes = hex("46000001" + "1234" + "4000" + "4059" + "0000" + "0a000001" + "0a000002" + "01010100" + "aabbcc");
        bytes[3] = (byte) bytes.length;
        WireBytes.fixChecksum(bytes, 0, 24, 10, 0);
        Ipv4Packet decoded = decodeIpv4(bytes);
        assertEquals(Ipv4Packet.of(Ipv4Address.of(10, 0, 0, 1), Ipv4Address.of(10, 0, 0, 2), 64, 0x1234, true,
                RawPayload.of(89, hex("aabbcc"))), decoded);
        assertEquals(23, decoded.totalLength());

        bytes[20] = 7; // damage an option: the header checksum covers the options too
        assertTrue(malformed(bytes).startsWith("IPv4 header checksum"));
    }

    private static String malformed(byte[] bytes) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decodeIpv4(bytes));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        return e.getMessage();
    }

    private static byte[] vrrpBytes() {
        return keepalivedAdvert(VrrpAdvertisement.v2(1, 50, 2, List.of(VIP))).toBytes();
    }

    /** The bytes with the header checksum made valid again after an edit. */
    private static byte[] fixed(byte[] bytes) {
        WireBytes.fixChecksum(bytes, 0, 20, 10, 0);
        return bytes;
    }

    @Test
    void rejectsTruncationAtEveryLength() {
        byte[] full = vrrpBytes();
        for (int k = 0; k < full.length; k++) {
            String message = malformed(Arrays.copyOf(full, k));
            String expected = k < 20
                    ? "IPv4 header truncated: " + k + " bytes, need 20"
                    : "IPv4 total length 40 larger than the " + k + " bytes available";
            assertEquals(expected, message);
        }
    }

    @Test
    void rejectsBadVersion() {
        byte[] bytes = vrrpBytes();
        bytes[0] = 0x65;
        assertEquals("IP version 6, expected 4", malformed(fixed(bytes)));
    }

    @Test
    void rejectsBadHeaderLengths() {
        byte[] shortIhl = vrrpBytes();
        shortIhl[0] = 0x44;
        assertEquals("IPv4 header length (IHL) 4 words, minimum 5", malformed(fixed(shortIhl)));

        byte[] longIhl = vrrpBytes();
        longIhl[0] = 0x4F;
        assertEquals("IPv4 header truncated: 40 bytes, IHL says 60", malformed(longIhl));

        byte[] smallTotal = vrrpBytes();
        smallTotal[3] = 19;
        assertEquals("IPv4 total length 19 smaller than header length 20", malformed(fixed(smallTotal)));

        byte[] largeTotal = vrrpBytes();
        largeTotal[2] = 1;
        assertEquals("IPv4 total length 296 larger than the 40 bytes available", malformed(fixed(largeTotal)));
    }

    @Test
    void rejectsBadHeaderChecksum() {
        byte[] bytes = vrrpBytes();
        int good = (bytes[10] & 0xFF) << 8 | (bytes[11] & 0xFF);
        bytes[10] = 0x12;
        bytes[11] = 0x34;
        assertEquals(String.format("IPv4 header checksum 0x1234, expected 0x%04x", good), malformed(bytes));

        byte[] ttl = vrrpBytes();
        ttl[8] = (byte) 254;
        assertTrue(malformed(ttl).startsWith("IPv4 header checksum"));
    }

    @Test
    void rejectsFragments() {
        byte[] more = vrrpBytes();
        more[6] = 0x20;
        assertEquals("IPv4 fragment (MF=1, offset 0 bytes): fragments are not modelled", malformed(fixed(more)));
        byte[] offset = vrrpBytes();
        offset[7] = 3;
        assertEquals("IPv4 fragment (MF=0, offset 24 bytes): fragments are not modelled", malformed(fixed(offset)));
    }

    @Test
    void reportsTransportErrorsFromThePayload() {
        Ipv4Address a = Ipv4Address.of(10, 0, 0, 5);
        Ipv4Address b = Ipv4Address.of(10, 0, 0, 1);
        byte[] udp = Ipv4Packet.of(a, b, 64, UdpDatagram.of(1000, 53, RawUdpPayload.of(hex("0102")))).toBytes();
        udp[29] ^= 1;
        assertTrue(malformed(udp).startsWith("UDP checksum"));
        byte[] tcp = Ipv4Packet.of(a, b, 64, TcpSegment.of(1000, 80, 1, 0, TcpSegment.SYN, 1, new byte[0])).toBytes();
        tcp[15] = 9; // another destination: the IP header is fixed, the TCP pseudo-header sum is not
        assertTrue(malformed(fixed(tcp)).startsWith("TCP checksum"));
        byte[] icmp = Ipv4Packet.of(a, b, 64, RawPayload.of(1, hex("0300fcff00000000"))).toBytes();
        assertEquals("ICMP type 3 not modelled: only echo request (8) and echo reply (0)", malformed(icmp));
    }

    @Test
    void reportsVrrpErrorsFromThePayload() {
        byte[] bytes = vrrpBytes();
        bytes[20 + 2] = 51; // priority changed, VRRP checksum now wrong
        assertTrue(malformed(bytes).startsWith("VRRP checksum"));

        byte[] v3 = keepalivedAdvert(VrrpAdvertisement.v3(5, 50, 100, List.of(VIP))).toBytes();
        v3[15] = 2; // another source address: the IP header is fixed, the VRRP pseudo-header sum is not
        assertTrue(malformed(fixed(v3)).startsWith("VRRP checksum"));
    }

    @Test
    void failureLeavesTheReaderIndexAlone() {
        byte[] bytes = vrrpBytes();
        bytes[25] ^= 1;
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            assertThrows(MalformedPacketException.class, () -> Ipv4Packet.decode(buf));
            assertEquals(0, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void factoriesValidateFields() {
        RawPayload empty = RawPayload.of(17, new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> Ipv4Packet.of(SRC, GROUP, 256, empty));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Packet.of(SRC, GROUP, -1, empty));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Packet.of(SRC, GROUP, 64, 65536, false, empty));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ipv4Packet.of(SRC, GROUP, 64, empty).withDscp(64));
        assertEquals("IPv4 DSCP 64 out of range 0..63", e.getMessage());
        assertThrows(NullPointerException.class, () -> Ipv4Packet.of(null, GROUP, 64, empty));
        assertEquals(65535, Ipv4Packet.of(SRC, GROUP, 64, RawPayload.of(17, new byte[65515])).totalLength());
    }

    @Test
    void defaultsAndEquality() {
        RawPayload payload = RawPayload.of(17, hex("01"));
        Ipv4Packet base = Ipv4Packet.of(SRC, GROUP, 64, payload);
        assertEquals(0, base.identification());
        assertFalse(base.dontFragment());
        assertEquals(0, base.dscp());
        assertEquals(21, base.totalLength());
        assertEquals(base, Ipv4Packet.of(SRC, GROUP, 64, 0, false, RawPayload.of(17, hex("01"))));
        assertNotEquals(base, Ipv4Packet.of(GROUP, GROUP, 64, payload));
        assertNotEquals(base, Ipv4Packet.of(SRC, SRC, 64, payload));
        assertNotEquals(base, Ipv4Packet.of(SRC, GROUP, 63, payload));
        assertNotEquals(base, Ipv4Packet.of(SRC, GROUP, 64, 1, false, payload));
        assertNotEquals(base, Ipv4Packet.of(SRC, GROUP, 64, 0, true, payload));
        assertNotEquals(base, base.withDscp(1));
        assertNotEquals(base, Ipv4Packet.of(SRC, GROUP, 64, RawPayload.of(17, hex("02"))));
    }

    @Test
    void toStringShowsHeaderAndPayload() {
        assertEquals("IPv4 169.254.192.1 > 224.0.0.18 ttl=255 dscp=48 id=1 len=40: VRRPv2 vrid=1 prio=50 int=2s"
                        + " addrs=[169.254.0.1]",
                keepalivedAdvert(VrrpAdvertisement.v2(1, 50, 2, List.of(VIP))).toString());
        assertEquals("IPv4 10.0.0.1 > 10.0.0.2 ttl=64 dscp=0 id=7 DF len=23: raw proto=17 len=3",
                Ipv4Packet.of(Ipv4Address.of(10, 0, 0, 1), Ipv4Address.of(10, 0, 0, 2), 64, 7, true,
                        RawPayload.of(17, hex("010203"))).toString());
    }

    @Test
    void rejectsAPayloadThatLiesAboutItsLength() {
        IpPayload liar = new IpPayload() {
            @Override
            public int protocol() {
                return 253;
            }

            @Override
            public int length() {
                return 4;
            }

            @Override
            public void encode(ByteBuf out, Ipv4Address src, Ipv4Address dst) {
                out.writeZero(3);
            }
        };
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Ipv4Packet.of(SRC, GROUP, 64, liar).toBytes());
        assertTrue(e.getMessage().contains("wrote 3 bytes but its length is 4"), e.getMessage());
    }
}
