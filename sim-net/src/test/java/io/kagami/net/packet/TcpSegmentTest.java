package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TcpSegmentTest {

    private static final Ipv4Address CLIENT = Ipv4Address.parse("203.0.113.9");
    private static final Ipv4Address FLOATING_IP = Ipv4Address.parse("172.24.4.10");

    private static byte[] encode(TcpSegment segment) {
        return WireBytes.encode(segment, CLIENT, FLOATING_IP);
    }

    private static TcpSegment decode(byte[] bytes, int length) throws MalformedPacketException {
        return WireBytes.decode(bytes, buf -> TcpSegment.decode(buf, length, CLIENT, FLOATING_IP));
    }

    private static String malformed(byte[] bytes, int length) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(bytes, length));
        assertTrue(e.getMessage().startsWith("TCP"), e.getMessage());
        return e.getMessage();
    }

    private static String malformed(byte[] bytes) {
        return malformed(bytes, bytes.length);
    }

    /** With the TCP checksum made valid again after an edit. */
    private static byte[] fixed(byte[] segment) {
        WireBytes.fixChecksum(segment, 0, segment.length, 16,
                WireBytes.pseudoHeaderSum(CLIENT, FLOATING_IP, 6, segment.length));
        return segment;
    }

    @Test
    void synLayoutAndChecksumOverThePseudoHeader() {
        TcpSegment syn = TcpSegment.of(51234, 22, 0xA1B2C3D4L, 0, TcpSegment.SYN, 64240, new byte[0]);
        byte[] bytes = encode(syn);
        // ports, sequence, acknowledgement, data offset 5 | flags 0x002, window, checksum, urgent pointer
        assertEquals("c822" + "0016" + "a1b2c3d4" + "00000000" + "5002" + "faf0", hex(Arrays.copyOf(bytes, 16)));
        assertEquals("0000", hex(Arrays.copyOfRange(bytes, 18, 20)));
        byte[] zeroed = bytes.clone();
        zeroed[16] = 0;
        zeroed[17] = 0;
        int expected = WireBytes.checksumOf(WireBytes.pseudoHeader(CLIENT, FLOATING_IP, 6, 20), zeroed);
        assertEquals(expected, (bytes[16] & 0xFF) << 8 | (bytes[17] & 0xFF));
        assertEquals(20, syn.length());
    }

    @Test
    void dataAndFlagsLayout() {
        TcpSegment segment = TcpSegment.of(22, 51234, 0xFFFFFFFFL, 0x80000000L,
                TcpSegment.PSH | TcpSegment.ACK, 502, hex("5353482d"));
        byte[] bytes = encode(segment);
        assertEquals("0016" + "c822" + "ffffffff" + "80000000" + "5018" + "01f6", hex(Arrays.copyOf(bytes, 16)));
        assertEquals("5353482d", hex(Arrays.copyOfRange(bytes, 20, 24)));
        byte[] pseudo = WireBytes.pseudoHeader(CLIENT, FLOATING_IP, 6, 24);
        assertEquals(0xFFFF, WireBytes.onesComplementSum(WireBytes.concat(pseudo, bytes), 0, 36, 0));
        assertEquals(0x10 | 0x08, segment.flags());
        assertEquals(0x01, TcpSegment.FIN);
        assertEquals(0x02, TcpSegment.SYN);
        assertEquals(0x04, TcpSegment.RST);
    }

    @Test
    void roundTripsAloneAndInsideIpv4() throws MalformedPacketException {
        for (TcpSegment segment : new TcpSegment[] {
            TcpSegment.of(51234, 22, 1000, 0, TcpSegment.SYN, 64240, new byte[0]),
            TcpSegment.of(22, 51234, 5000, 1001, TcpSegment.SYN | TcpSegment.ACK, 65160, new byte[0]),
            TcpSegment.of(51234, 22, 1001, 5001, TcpSegment.PSH | TcpSegment.ACK, 502, hex("5353482d322e300d0a")),
            TcpSegment.of(51234, 22, 0xFFFFFFFFL, 0xFFFFFFFFL, TcpSegment.FIN | TcpSegment.ACK, 0, new byte[0]),
            TcpSegment.of(0, 65535, 0, 0, TcpSegment.RST, 65535, new byte[1])}) {
            byte[] bytes = encode(segment);
            TcpSegment decoded = decode(bytes, bytes.length);
            assertEquals(segment, decoded);
            assertEquals(segment.hashCode(), decoded.hashCode());
            assertEquals(segment.toString(), decoded.toString());
            Ipv4Packet packet = Ipv4Packet.of(CLIENT, FLOATING_IP, 64, segment);
            assertEquals(packet, WireBytes.decodeIpv4(packet.toBytes()));
        }
    }

    @Test
    void decodingSkipsOptionsByTheDataOffset() throws MalformedPacketException {
        // A Linux SYN's options: MSS 1460, SACK permitted, timestamps, NOP, window scale 7 (20 bytes, offset 10)
        byte[] syn = hex("c822 0016 00000064 00000000 a002 faf0 0000 0000"
                + "020405b4 0402 080a 00000001 00000000 01 030307" + "abcd");
        assertEquals(42, syn.length);
        TcpSegment decoded = decode(fixed(syn), syn.length);
        assertEquals(TcpSegment.of(51234, 22, 100, 0, TcpSegment.SYN, 64240, hex("abcd")), decoded);
        syn[23] ^= 1; // damage the MSS: the checksum covers the options
        assertTrue(malformed(syn).startsWith("TCP checksum"));
    }

    @Test
    void decodingIgnoresUrgEceCwrAndTheUrgentPointer() throws MalformedPacketException {
        byte[] bytes = encode(TcpSegment.of(1, 2, 3, 4, TcpSegment.ACK, 5, new byte[0]));
        bytes[12] |= 0x01; // NS / AccECN
        bytes[13] |= (byte) 0xE0; // CWR, ECE, URG
        bytes[19] = 9;
        assertEquals(TcpSegment.of(1, 2, 3, 4, TcpSegment.ACK, 5, new byte[0]), decode(fixed(bytes), 20));
    }

    @Test
    void rejectsBadChecksumSayingWhatWasExpected() {
        byte[] bytes = encode(TcpSegment.of(51234, 22, 1, 0, TcpSegment.SYN, 64240, new byte[0]));
        String good = hex(Arrays.copyOfRange(bytes, 16, 18));
        bytes[16] = 0x12;
        bytes[17] = 0x34;
        assertEquals("TCP checksum 0x1234, expected 0x" + good, malformed(bytes));
        byte[] other = WireBytes.encode(TcpSegment.of(1, 2, 3, 4, TcpSegment.ACK, 5, new byte[0]), FLOATING_IP,
                Ipv4Address.parse("10.0.0.5"));
        assertTrue(malformed(other).startsWith("TCP checksum"), "the pseudo-header's addresses are covered");
    }

    @Test
    void rejectsTruncationAndBadDataOffsets() {
        byte[] bytes = encode(TcpSegment.of(51234, 22, 1, 0, TcpSegment.SYN, 64240, hex("01")));
        for (int k = 0; k < 20; k++) {
            assertEquals("TCP header truncated: " + k + " bytes, need 20", malformed(Arrays.copyOf(bytes, k)));
        }
        byte[] small = bytes.clone();
        small[12] = 0x40;
        assertEquals("TCP data offset 4 words, minimum 5", malformed(fixed(small)));
        byte[] large = bytes.clone();
        large[12] = 0x60;
        assertEquals("TCP header truncated: 21 bytes, data offset says 24", malformed(fixed(large)));
        assertEquals("TCP segment truncated: 21 bytes readable, length says 22", malformed(bytes, 22));
        assertEquals("TCP segment length -1 is negative", malformed(bytes, -1));
        assertEquals("TCP segment length 65516 above 65515, the most an IPv4 packet holds",
                malformed(WireBytes.concat(bytes, new byte[65516 - bytes.length])));
    }

    @Test
    void factoriesValidateNamingTheField() {
        byte[] none = new byte[0];
        assertEquals("TCP sequence number 4294967296 out of range 0..4294967295", assertThrows(
                IllegalArgumentException.class, () -> TcpSegment.of(1, 2, 1L << 32, 0, 0, 0, none)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TcpSegment.of(1, 2, -1, 0, 0, 0, none));
        assertThrows(IllegalArgumentException.class, () -> TcpSegment.of(1, 2, 0, 1L << 32, 0, 0, none));
        assertThrows(IllegalArgumentException.class, () -> TcpSegment.of(65536, 2, 0, 0, 0, 0, none));
        assertThrows(IllegalArgumentException.class, () -> TcpSegment.of(1, -2, 0, 0, 0, 0, none));
        assertThrows(IllegalArgumentException.class, () -> TcpSegment.of(1, 2, 0, 0, 0, 65536, none));
        assertThrows(IllegalArgumentException.class, () -> TcpSegment.of(1, 2, 0, 0, 0, 0, new byte[65496]));
        assertEquals("TCP flags 0x20: only FIN, SYN, RST, PSH and ACK (0x1f) are modelled", assertThrows(
                IllegalArgumentException.class, () -> TcpSegment.of(1, 2, 0, 0, 0x20, 0, none)).getMessage());
        assertEquals(65515, TcpSegment.of(1, 2, 0, 0, 0, 0, new byte[65495]).length());
    }

    @Test
    void accessorsCopyTheDataAndEquality() {
        byte[] data = hex("0102");
        TcpSegment segment = TcpSegment.of(1, 2, 3, 4, TcpSegment.ACK, 5, data);
        data[0] = 9;
        segment.data()[1] = 9;
        assertArrayEquals(hex("0102"), segment.data());
        assertEquals(1, segment.srcPort());
        assertEquals(2, segment.dstPort());
        assertEquals(3, segment.seq());
        assertEquals(4, segment.ack());
        assertEquals(5, segment.window());
        assertEquals(6, segment.protocol());
        assertNotEquals(segment, TcpSegment.of(9, 2, 3, 4, TcpSegment.ACK, 5, hex("0102")));
        assertNotEquals(segment, TcpSegment.of(1, 9, 3, 4, TcpSegment.ACK, 5, hex("0102")));
        assertNotEquals(segment, TcpSegment.of(1, 2, 9, 4, TcpSegment.ACK, 5, hex("0102")));
        assertNotEquals(segment, TcpSegment.of(1, 2, 3, 9, TcpSegment.ACK, 5, hex("0102")));
        assertNotEquals(segment, TcpSegment.of(1, 2, 3, 4, TcpSegment.RST, 5, hex("0102")));
        assertNotEquals(segment, TcpSegment.of(1, 2, 3, 4, TcpSegment.ACK, 9, hex("0102")));
        assertNotEquals(segment, TcpSegment.of(1, 2, 3, 4, TcpSegment.ACK, 5, hex("0109")));
    }

    @Test
    void toStringNamesTheFlags() {
        assertEquals("TCP 22 > 51234 [SYN, ACK] seq=5000 ack=1001 win=65160 len=0",
                TcpSegment.of(22, 51234, 5000, 1001, TcpSegment.SYN | TcpSegment.ACK, 65160, new byte[0]).toString());
        assertEquals("TCP 1 > 2 [FIN, SYN, RST, PSH, ACK] seq=0 ack=0 win=0 len=3",
                TcpSegment.of(1, 2, 0, 0, 0x1F, 0, new byte[3]).toString());
        assertEquals("TCP 1 > 2 [] seq=0 ack=0 win=0 len=0", TcpSegment.of(1, 2, 0, 0, 0, 0, new byte[0]).toString());
    }

    @Test
    void resetForASegmentWithAckTakesItsAcknowledgementNumber() {
        TcpSegment data = TcpSegment.of(51234, 22, 1000, 2001, TcpSegment.ACK | TcpSegment.PSH, 64240, new byte[36]);
        assertEquals(TcpSegment.of(22, 51234, 2001, 0, TcpSegment.RST, 0, new byte[0]), TcpSegment.resetFor(data));
    }

    @Test
    void resetForASegmentWithoutAckAcknowledgesDataSynAndFinAcrossTheWrap() {
        TcpSegment syn = TcpSegment.of(51234, 22, 0xFFFF_FFFFL, 0, TcpSegment.SYN, 64240, new byte[0]);
        assertEquals(TcpSegment.of(22, 51234, 0, 0, TcpSegment.RST | TcpSegment.ACK, 0, new byte[0]),
                TcpSegment.resetFor(syn));
        TcpSegment finWithData = TcpSegment.of(51234, 22, 1000, 0, TcpSegment.FIN, 0, new byte[5]);
        assertEquals(TcpSegment.of(22, 51234, 0, 1006, TcpSegment.RST | TcpSegment.ACK, 0, new byte[0]),
                TcpSegment.resetFor(finWithData));
    }

    @Test
    void aResetIsNotAnswered() {
        assertNull(TcpSegment.resetFor(TcpSegment.of(22, 51234, 7, 0, TcpSegment.RST, 0, new byte[0])));
        assertNull(TcpSegment.resetFor(
                TcpSegment.of(22, 51234, 7, 8, TcpSegment.RST | TcpSegment.ACK, 0, new byte[0])));
    }
}
