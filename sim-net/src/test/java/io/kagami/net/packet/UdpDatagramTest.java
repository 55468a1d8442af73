package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UdpDatagramTest {

    private static final Ipv4Address VM = Ipv4Address.parse("10.0.0.5");
    private static final Ipv4Address DNS = Ipv4Address.parse("10.0.0.2");

    private static byte[] encode(UdpDatagram udp) {
        return WireBytes.encode(udp, VM, DNS);
    }

    private static UdpDatagram decode(byte[] bytes, int length) throws MalformedPacketException {
        return WireBytes.decode(bytes, buf -> UdpDatagram.decode(buf, length, VM, DNS));
    }

    private static String malformed(byte[] bytes, int length) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(bytes, length));
        assertTrue(e.getMessage().startsWith("UDP") || e.getMessage().startsWith("VXLAN"), e.getMessage());
        return e.getMessage();
    }

    private static String malformed(byte[] bytes) {
        return malformed(bytes, bytes.length);
    }

    @Test
    void layoutAndChecksumOverThePseudoHeader() {
        byte[] bytes = encode(UdpDatagram.of(40000, 53, RawUdpPayload.of(hex("616263"))));
        // source port 40000, destination 53, length 11, checksum, payload
        assertEquals("9c40" + "0035" + "000b", hex(Arrays.copyOf(bytes, 6)));
        assertEquals("616263", hex(Arrays.copyOfRange(bytes, 8, 11)));
        byte[] zeroed = bytes.clone();
        zeroed[6] = 0;
        zeroed[7] = 0;
        int expected = WireBytes.checksumOf(WireBytes.pseudoHeader(VM, DNS, 17, 11), zeroed);
        assertEquals(expected, (bytes[6] & 0xFF) << 8 | (bytes[7] & 0xFF));
        // By hand: pseudo-header 0a00+0005+0a00+0002+0011+000b, header 9c40+0035+000b, data 6162+6300.
        int sum = 0x0a00 + 0x0005 + 0x0a00 + 0x0002 + 0x0011 + 0x000b + 0x9c40 + 0x0035 + 0x000b + 0x6162 + 0x6300;
        sum = (sum & 0xFFFF) + (sum >>> 16);
        assertEquals(~sum & 0xFFFF, expected);
    }

    @Test
    void aChecksumComputingToZeroIsSentAsFfff() throws MalformedPacketException {
        // Choose the two payload bytes so that everything else sums to ffff: the checksum computes to zero.
        byte[] withZeroPayload = encode(UdpDatagram.withoutChecksum(1000, 2000, RawUdpPayload.of(new byte[2])));
        byte[] pseudo = WireBytes.pseudoHeader(VM, DNS, 17, 10);
        int partial = WireBytes.onesComplementSum(WireBytes.concat(pseudo, withZeroPayload), 0, 22, 0);
        int word = 0xFFFF - partial;
        UdpDatagram udp = UdpDatagram.of(1000, 2000, RawUdpPayload.of(new byte[] {(byte) (word >>> 8), (byte) word}));
        byte[] bytes = encode(udp);
        assertEquals("ffff", hex(Arrays.copyOfRange(bytes, 6, 8)), "0 would mean no checksum");
        assertEquals(udp, decode(bytes, bytes.length));
        assertTrue(decode(bytes, bytes.length).hasChecksum());
        bytes[6] = 0x12;
        bytes[7] = 0x34;
        assertEquals("UDP checksum 0x1234, expected 0xffff", malformed(bytes));
    }

    @Test
    void withoutChecksumWritesZeroAndDecodingDoesNotCheck() throws MalformedPacketException {
        UdpDatagram udp = UdpDatagram.withoutChecksum(40000, 53, RawUdpPayload.of(hex("616263")));
        byte[] bytes = encode(udp);
        assertEquals("0000", hex(Arrays.copyOfRange(bytes, 6, 8)));
        assertFalse(udp.hasChecksum());
        assertEquals(udp, decode(bytes, bytes.length));
        bytes[10] = 'x';
        assertEquals(UdpDatagram.withoutChecksum(40000, 53, RawUdpPayload.of(hex("616278"))), decode(bytes, 11));
        assertNotEquals(udp, UdpDatagram.of(40000, 53, RawUdpPayload.of(hex("616263"))));
    }

    @Test
    void roundTripsAloneAndInsideIpv4() throws MalformedPacketException {
        for (UdpDatagram udp : new UdpDatagram[] {
            UdpDatagram.of(68, 67, RawUdpPayload.of(new byte[300])),
            UdpDatagram.of(0, 0, RawUdpPayload.of(new byte[0])),
            UdpDatagram.of(65535, 65535, RawUdpPayload.of(hex("01"))),
            UdpDatagram.withoutChecksum(5000, 6000, RawUdpPayload.of(hex("0102")))}) {
            byte[] bytes = encode(udp);
            assertEquals(udp.length(), bytes.length);
            UdpDatagram decoded = decode(bytes, bytes.length);
            assertEquals(udp, decoded);
            assertEquals(udp.hashCode(), decoded.hashCode());
            assertEquals(udp.toString(), decoded.toString());
            Ipv4Packet packet = Ipv4Packet.of(VM, DNS, 64, udp);
            assertEquals(packet, WireBytes.decodeIpv4(packet.toBytes()));
        }
    }

    @Test
    void decodesPort4789AsVxlanAndOtherPortsAsRawBytes() throws MalformedPacketException {
        EthernetFrame inner = EthernetFrame.of(MacAddress.BROADCAST, MacAddress.parse("fa:16:3e:00:00:05"),
                ArpPacket.request(MacAddress.parse("fa:16:3e:00:00:05"), VM, DNS));
        UdpDatagram vxlan = UdpDatagram.of(50000, 4789, VxlanPacket.of(77, inner));
        assertInstanceOf(VxlanPacket.class, decode(encode(vxlan), vxlan.length()).payload());
        // Only the destination port decides: VXLAN bytes from port 4789 stay opaque.
        UdpDatagram fromVxlanPort = UdpDatagram.of(4789, 50000, RawUdpPayload.of(WireBytes.encode(
                VxlanPacket.of(77, inner))));
        assertInstanceOf(RawUdpPayload.class, decode(encode(fromVxlanPort), fromVxlanPort.length()).payload());
    }

    @Test
    void rejectsBadChecksumSayingWhatWasExpected() {
        byte[] bytes = encode(UdpDatagram.of(40000, 53, RawUdpPayload.of(hex("616263"))));
        String good = hex(Arrays.copyOfRange(bytes, 6, 8));
        bytes[6] = 0x12;
        bytes[7] = 0x34;
        assertEquals("UDP checksum 0x1234, expected 0x" + good, malformed(bytes));
        byte[] payload = encode(UdpDatagram.of(40000, 53, RawUdpPayload.of(hex("616263"))));
        payload[9] ^= 1;
        assertTrue(malformed(payload).startsWith("UDP checksum 0x" + good + ", expected "));
        // The pseudo-header's addresses are covered: a datagram checksummed for another source fails.
        byte[] other = WireBytes.encode(UdpDatagram.of(1, 2, RawUdpPayload.of(hex("00"))),
                Ipv4Address.parse("10.0.0.6"), DNS);
        assertTrue(malformed(other).startsWith("UDP checksum"));
    }

    @Test
    void rejectsTruncationAndLengthMismatch() {
        byte[] bytes = encode(UdpDatagram.of(40000, 53, RawUdpPayload.of(hex("616263"))));
        for (int k = 0; k < 8; k++) {
            assertEquals("UDP datagram truncated: " + k + " bytes, need 8 for the header",
                    malformed(Arrays.copyOf(bytes, k)));
        }
        assertEquals("UDP length field 11 does not match the 10 bytes of the IP payload", malformed(bytes, 10));
        assertEquals("UDP length field 11 does not match the 13 bytes of the IP payload",
                malformed(Arrays.copyOf(bytes, 13)));
        assertEquals("UDP datagram truncated: 11 bytes readable, length says 12", malformed(bytes, 12));
        assertEquals("UDP datagram length -3 is negative", malformed(bytes, -3));
        assertEquals("UDP datagram length 65516 above 65515, the most an IPv4 packet holds",
                malformed(new byte[65516]));
    }

    @Test
    void reportsVxlanErrors() {
        byte[] bytes = encode(UdpDatagram.of(50000, 4789, RawUdpPayload.of(hex("0000000000000100"))));
        assertTrue(malformed(bytes).startsWith("VXLAN flags 0x00 without the I bit"));
    }

    @Test
    void factoriesValidate() {
        RawUdpPayload empty = RawUdpPayload.of(new byte[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UdpDatagram.of(65536, 1, empty));
        assertEquals("UDP source port 65536 out of range 0..65535", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UdpDatagram.of(1, -1, empty));
        assertThrows(IllegalArgumentException.class, () -> UdpDatagram.withoutChecksum(1, 65536, empty));
        assertThrows(IllegalArgumentException.class, () -> RawUdpPayload.of(new byte[65508]));
        assertEquals(65515, UdpDatagram.of(1, 2, RawUdpPayload.of(new byte[65507])).length());
        assertThrows(NullPointerException.class, () -> UdpDatagram.of(1, 2, null));
    }

    @Test
    void accessorsEqualityAndToString() {
        UdpDatagram udp = UdpDatagram.of(40000, 53, RawUdpPayload.of(hex("616263")));
        assertEquals(40000, udp.srcPort());
        assertEquals(53, udp.dstPort());
        assertEquals(RawUdpPayload.of(hex("616263")), udp.payload());
        assertTrue(udp.hasChecksum());
        assertEquals(17, udp.protocol());
        assertEquals(11, udp.length());
        assertNotEquals(udp, UdpDatagram.of(40001, 53, RawUdpPayload.of(hex("616263"))));
        assertNotEquals(udp, UdpDatagram.of(40000, 54, RawUdpPayload.of(hex("616263"))));
        assertNotEquals(udp, UdpDatagram.of(40000, 53, RawUdpPayload.of(hex("6162"))));
        assertEquals("UDP 40000 > 53 len=11: raw len=3", udp.toString());
        assertEquals("UDP 40000 > 53 len=11 no-checksum: raw len=3",
                UdpDatagram.withoutChecksum(40000, 53, RawUdpPayload.of(hex("616263"))).toString());
    }

    @Test
    void rawPayloadCopiesItsBytes() {
        byte[] source = hex("0102");
        RawUdpPayload payload = RawUdpPayload.of(source);
        source[0] = 9;
        payload.bytes()[1] = 9;
        assertArrayEquals(hex("0102"), payload.bytes());
        assertArrayEquals(hex("0102"), WireBytes.encode(payload));
        assertEquals(RawUdpPayload.of(hex("0102")).hashCode(), payload.hashCode());
    }

    @Test
    void rejectsAPayloadThatLiesAboutItsLength() {
        UdpPayload liar = new UdpPayload() {
            @Override
            public int length() {
                return 2;
            }

            @Override
            public void encode(ByteBuf out) {
                out.writeZero(1);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> encode(UdpDatagram.of(1, 2, liar)));
        assertTrue(e.getMessage().contains("wrote 1 bytes but its length is 2"), e.getMessage());
    }
}
