package io.kagami.net.packet;

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
import org.junit.jupiter.api.Test;

class IcmpEchoTest {

    private static final Ipv4Address VM = Ipv4Address.parse("10.0.0.5");
    private static final Ipv4Address GATEWAY = Ipv4Address.parse("10.0.0.1");

    private static byte[] encode(IcmpEcho echo) {
        return WireBytes.encode(echo, VM, GATEWAY);
    }

    private static IcmpEcho decode(byte[] bytes, int length) throws MalformedPacketException {
        return WireBytes.decode(bytes, buf -> IcmpEcho.decode(buf, length));
    }

    private static String malformed(byte[] bytes, int length) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(bytes, length));
        assertTrue(e.getMessage().startsWith("ICMP"), e.getMessage());
        return e.getMessage();
    }

    private static String malformed(byte[] bytes) {
        return malformed(bytes, bytes.length);
    }

    /** With the ICMP checksum made valid again after an edit. */
    private static byte[] fixed(byte[] message) {
        WireBytes.fixChecksum(message, 0, message.length, 2, 0);
        return message;
    }

    @Test
    void requestLayoutAndChecksumByHand() {
        // type 8, code 0, checksum, identifier 0x1234, sequence 1, data "abc"
        // words: 0800 + 1234 + 0001 + 6162 + 6300 = 0xde97; checksum ~0xde97 = 0x2168
        int sum = 0x0800 + 0x1234 + 0x0001 + 0x6162 + 0x6300;
        assertEquals(0x2168, ~sum & 0xFFFF);
        assertArrayEquals(hex("0800 2168 1234 0001 616263"), encode(IcmpEcho.request(0x1234, 1, hex("616263"))));
    }

    @Test
    void replyHasTypeZeroAndTheSameContent() {
        IcmpEcho request = IcmpEcho.request(0x1234, 1, hex("616263"));
        IcmpEcho reply = request.reply();
        assertFalse(reply.isRequest());
        assertTrue(request.isRequest());
        assertEquals(0x1234, reply.id());
        assertEquals(1, reply.seq());
        assertArrayEquals(hex("616263"), reply.data());
        byte[] bytes = encode(reply);
        assertEquals(0, bytes[0]);
        assertEquals(0, bytes[1]);
        // The reply's checksum is the request's plus 0x0800, since only the type word changed.
        assertEquals("0000" + "2968", hex(Arrays.copyOf(bytes, 4)));
        assertEquals(0xFFFF, WireBytes.onesComplementSum(bytes, 0, bytes.length, 0));
        IllegalStateException e = assertThrows(IllegalStateException.class, reply::reply);
        assertTrue(e.getMessage().startsWith("an echo reply is not answered"), e.getMessage());
    }

    @Test
    void checksumIgnoresTheIpAddresses() {
        IcmpEcho echo = IcmpEcho.request(7, 9, new byte[56]);
        assertArrayEquals(encode(echo), WireBytes.encode(echo, Ipv4Address.of(1, 2, 3, 4), Ipv4Address.of(5, 6, 7, 8)));
        byte[] bytes = encode(echo);
        assertEquals(0xFFFF, WireBytes.onesComplementSum(bytes, 0, bytes.length, 0));
    }

    @Test
    void roundTripsAloneAndInsideIpv4() throws MalformedPacketException {
        for (IcmpEcho echo : new IcmpEcho[] {IcmpEcho.request(0, 0, new byte[0]), IcmpEcho.request(65535, 65535,
                hex("ff")), IcmpEcho.request(0x1234, 7, new byte[56]).reply()}) {
            byte[] bytes = encode(echo);
            assertEquals(echo.length(), bytes.length);
            IcmpEcho decoded = decode(bytes, bytes.length);
            assertEquals(echo, decoded);
            assertEquals(echo.hashCode(), decoded.hashCode());
            assertEquals(echo.toString(), decoded.toString());
            Ipv4Packet packet = Ipv4Packet.of(VM, GATEWAY, 64, echo);
            assertEquals(packet, WireBytes.decodeIpv4(packet.toBytes()));
        }
    }

    @Test
    void dataIsCopiedInAndOut() {
        byte[] data = hex("0102");
        IcmpEcho echo = IcmpEcho.request(1, 1, data);
        data[0] = 9;
        echo.data()[1] = 9;
        assertArrayEquals(hex("0102"), echo.data());
    }

    @Test
    void factoriesValidateRanges() {
        assertThrows(IllegalArgumentException.class, () -> IcmpEcho.request(65536, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> IcmpEcho.request(-1, 0, new byte[0]));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> IcmpEcho.request(0, 70000, new byte[0]));
        assertEquals("ICMP echo sequence number 70000 out of range 0..65535", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IcmpEcho.request(0, 0, new byte[65508]));
        assertEquals(65515, IcmpEcho.request(0, 0, new byte[65507]).length());
    }

    @Test
    void rejectsTruncationAndBadLengths() {
        byte[] full = encode(IcmpEcho.request(1, 2, hex("00")));
        for (int k = 0; k < 8; k++) {
            assertEquals("ICMP message truncated: " + k + " bytes, need 8", malformed(Arrays.copyOf(full, k)));
        }
        assertEquals("ICMP message length -1 is negative", malformed(full, -1));
        assertEquals("ICMP message truncated: 9 bytes readable, length says 10", malformed(full, 10));
        assertEquals("ICMP message length 65516 above 65515, the most an IPv4 packet holds", malformed(full, 65516));
    }

    @Test
    void rejectsBadChecksumSayingWhatWasExpected() {
        byte[] bytes = encode(IcmpEcho.request(0x1234, 1, hex("616263")));
        bytes[2] = 0x12;
        bytes[3] = 0x34;
        assertEquals("ICMP checksum 0x1234, expected 0x2168", malformed(bytes));
        byte[] data = encode(IcmpEcho.request(0x1234, 1, hex("616263")));
        data[10] = 'x';
        assertTrue(malformed(data).startsWith("ICMP checksum 0x2168, expected "), "the data is covered");
    }

    @Test
    void rejectsOtherTypesAndCodes() {
        for (int type : new int[] {3, 5, 11, 13, 255}) {
            byte[] bytes = encode(IcmpEcho.request(1, 1, new byte[0]));
            bytes[0] = (byte) type;
            assertEquals("ICMP type " + type + " not modelled: only echo request (8) and echo reply (0)",
                    malformed(fixed(bytes)));
        }
        byte[] code = encode(IcmpEcho.request(1, 1, new byte[0]));
        code[1] = 1;
        assertEquals("ICMP echo request with code 1, expected 0", malformed(fixed(code)));
        byte[] replyCode = encode(IcmpEcho.request(1, 1, new byte[0]).reply());
        replyCode[1] = 3;
        assertEquals("ICMP echo reply with code 3, expected 0", malformed(fixed(replyCode)));
    }

    @Test
    void decodingMovesTheReaderIndexOnlyOnSuccess() throws MalformedPacketException {
        byte[] bytes = WireBytes.concat(encode(IcmpEcho.request(1, 1, hex("01"))), hex("ffff"));
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            assertEquals(IcmpEcho.request(1, 1, hex("01")), IcmpEcho.decode(buf, 9));
            assertEquals(9, buf.readerIndex());
            buf.readerIndex(0);
            assertThrows(MalformedPacketException.class, () -> IcmpEcho.decode(buf, 10));
            assertEquals(0, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void equalityAndToString() {
        IcmpEcho base = IcmpEcho.request(1, 2, hex("01"));
        assertEquals(base, IcmpEcho.request(1, 2, hex("01")));
        assertNotEquals(base, base.reply());
        assertNotEquals(base, IcmpEcho.request(2, 2, hex("01")));
        assertNotEquals(base, IcmpEcho.request(1, 3, hex("01")));
        assertNotEquals(base, IcmpEcho.request(1, 2, hex("02")));
        assertEquals("ICMP echo request id=1 seq=2 len=1", base.toString());
        assertEquals("ICMP echo reply id=1 seq=2 len=1", base.reply().toString());
        assertEquals(1, base.protocol());
    }
}
