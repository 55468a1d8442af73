package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.decodeVrrp;
import static io.kagami.net.packet.WireBytes.encode;
import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class VrrpAdvertisementTest {

    private static final Ipv4Address SRC = Ipv4Address.parse("169.254.192.1");
    private static final Ipv4Address DST = VrrpAdvertisement.MULTICAST_GROUP;
    private static final Ipv4Address VIP = Ipv4Address.parse("169.254.0.1");

    private static VrrpAdvertisement neutronV2() {
        return VrrpAdvertisement.v2(1, 50, 2, List.of(VIP));
    }

    @Test
    void v2EncodingMatchesTheRfc3768LayoutByteByByte() {
        // RFC 3768 5.1: version 2 | type 1, VRID 1, priority 50, count 1, auth type 0, adver int 2 s,
        // checksum, 169.254.0.1, 8 bytes of authentication data.
        // Checksum by hand: words 2101 3201 0002 a9fe 0001 (auth data is zero) sum to fd03, ~fd03 = 02fc.
        int sum = 0x2101 + 0x3201 + 0x0002 + 0xA9FE + 0x0001;
        int checksum = ~sum & 0xFFFF;
        assertEquals(0x02FC, checksum);
        byte[] expected = {
            0x21, 1, 50, 1, 0, 2, (byte) (checksum >>> 8), (byte) checksum,
            (byte) 169, (byte) 254, 0, 1,
            0, 0, 0, 0, 0, 0, 0, 0
        };
        assertArrayEquals(expected, encode(neutronV2(), SRC, DST));
        assertEquals(expected.length, neutronV2().length());
    }

    @Test
    void v2ChecksumIgnoresTheIpAddressesAndSumsToFfff() {
        byte[] a = encode(VrrpAdvertisement.v2(7, 254, 1, List.of(VIP, Ipv4Address.parse("10.0.80.1"))), SRC, DST);
        byte[] b = encode(VrrpAdvertisement.v2(7, 254, 1, List.of(VIP, Ipv4Address.parse("10.0.80.1"))),
                Ipv4Address.parse("1.2.3.4"), Ipv4Address.parse("5.6.7.8"));
        assertArrayEquals(a, b);
        assertEquals(0xFFFF, WireBytes.onesComplementSum(a, 0, a.length, 0));
    }

    @Test
    void v3LayoutAndChecksumOverPseudoHeader() {
        VrrpAdvertisement advert = VrrpAdvertisement.v3(1, 50, 200, List.of(VIP));
        byte[] message = encode(advert, SRC, DST);
        // RFC 5798 5.1: version 3 | type 1, VRID, priority, count, rsvd(4) | max adver int (12 bits, cs),
        // checksum, addresses, and no authentication data.
        assertEquals("3101320100c8", hex(Arrays.copyOfRange(message, 0, 6)));
        assertEquals("a9fe0001", hex(Arrays.copyOfRange(message, 8, 12)));
        assertEquals(12, message.length);
        assertEquals(12, advert.length());

        byte[] pseudo = WireBytes.pseudoHeader(SRC, DST, 112, message.length);
        byte[] all = new byte[pseudo.length + message.length];
        System.arraycopy(pseudo, 0, all, 0, pseudo.length);
        System.arraycopy(message, 0, all, pseudo.length, message.length);
        assertEquals(0xFFFF, WireBytes.onesComplementSum(all, 0, all.length, 0));
        // Without the pseudo-header the message alone does not check out.
        assertNotEquals(0xFFFF, WireBytes.onesComplementSum(message, 0, message.length, 0));
    }

    @Test
    void v3ChecksumDependsOnTheAddresses() throws MalformedPacketException {
        VrrpAdvertisement advert = VrrpAdvertisement.v3(9, 100, 100, List.of(VIP));
        byte[] message = encode(advert, SRC, DST);
        assertEquals(advert, decodeVrrp(message, message.length, SRC, DST));
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> decodeVrrp(message, message.length, Ipv4Address.parse("169.254.192.2"), DST));
        assertTrue(e.getMessage().startsWith("VRRP checksum"), e.getMessage());
    }

    @Test
    void roundTrips() throws MalformedPacketException {
        List<Ipv4Address> many = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            many.add(Ipv4Address.of(10, i, 255 - i, i * 7 % 256));
        }
        List<VrrpAdvertisement> adverts = List.of(
                neutronV2(),
                VrrpAdvertisement.v2(255, 255, 255, List.of(VIP, Ipv4Address.parse("10.0.80.1"),
                        Ipv4Address.parse("192.168.80.1"))),
                VrrpAdvertisement.v2(254, 0, 1, many),
                VrrpAdvertisement.v3(1, 50, 200, List.of(VIP)),
                VrrpAdvertisement.v3(42, 1, 4095, List.of(VIP, Ipv4Address.parse("255.255.255.255"))),
                VrrpAdvertisement.v3(3, 0, 1, many));
        for (VrrpAdvertisement advert : adverts) {
            byte[] message = encode(advert, SRC, DST);
            assertEquals(advert.length(), message.length);
            ByteBuf buf = Unpooled.buffer();
            try {
                buf.writeBytes(message).writeBytes(hex("cafe"));
                VrrpAdvertisement decoded = VrrpAdvertisement.decode(buf, message.length, SRC, DST);
                assertEquals(advert, decoded);
                assertEquals(advert.hashCode(), decoded.hashCode());
                assertEquals(advert.toString(), decoded.toString());
                assertEquals(message.length, buf.readerIndex(), "reader index moves past the message only");
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void accessorsAndUnits() {
        VrrpAdvertisement v2 = neutronV2();
        assertEquals(2, v2.version());
        assertEquals(1, v2.vrid());
        assertEquals(50, v2.priority());
        assertEquals(2, v2.advertInterval());
        assertEquals(2_000_000_000L, v2.advertIntervalNanos());
        assertEquals(112, v2.protocol());
        assertEquals(List.of(VIP), v2.addresses());

        VrrpAdvertisement v3 = VrrpAdvertisement.v3(1, 50, 150, List.of(VIP));
        assertEquals(3, v3.version());
        assertEquals(150, v3.advertInterval());
        assertEquals(1_500_000_000L, v3.advertIntervalNanos());
        assertEquals(40_950_000_000L, VrrpAdvertisement.v3(1, 50, 4095, List.of(VIP)).advertIntervalNanos());
        assertEquals(255_000_000_000L, VrrpAdvertisement.v2(1, 50, 255, List.of(VIP)).advertIntervalNanos());
    }

    @Test
    void multicastGroupAndIpSettings() {
        assertEquals("224.0.0.18", VrrpAdvertisement.MULTICAST_GROUP.toString());
        assertEquals(255, VrrpAdvertisement.IP_TTL);
        assertEquals(0xC0, VrrpAdvertisement.IP_DSCP << 2, "keepalived's TOS byte");
    }

    @Test
    void toStringIsDeterministic() {
        assertEquals("VRRPv2 vrid=1 prio=50 int=2s addrs=[169.254.0.1]", neutronV2().toString());
        assertEquals("VRRPv3 vrid=2 prio=0 int=100cs addrs=[169.254.0.2, 10.0.0.1]",
                VrrpAdvertisement.v3(2, 0, 100, List.of(Ipv4Address.of(169, 254, 0, 2), Ipv4Address.of(10, 0, 0, 1)))
                        .toString());
    }

    @Test
    void equalityCoversEveryField() {
        VrrpAdvertisement base = neutronV2();
        assertEquals(base, VrrpAdvertisement.v2(1, 50, 2, new ArrayList<>(List.of(VIP))));
        assertNotEquals(base, VrrpAdvertisement.v3(1, 50, 2, List.of(VIP)));
        assertNotEquals(base, VrrpAdvertisement.v2(2, 50, 2, List.of(VIP)));
        assertNotEquals(base, VrrpAdvertisement.v2(1, 51, 2, List.of(VIP)));
        assertNotEquals(base, VrrpAdvertisement.v2(1, 50, 3, List.of(VIP)));
        assertNotEquals(base, VrrpAdvertisement.v2(1, 50, 2, List.of(Ipv4Address.of(169, 254, 0, 2))));
    }

    @Test
    void addressesAreCopiedAndUnmodifiable() {
        List<Ipv4Address> source = new ArrayList<>(List.of(VIP));
        VrrpAdvertisement advert = VrrpAdvertisement.v2(1, 50, 2, source);
        source.add(Ipv4Address.of(10, 0, 0, 1));
        assertEquals(List.of(VIP), advert.addresses());
        assertThrows(UnsupportedOperationException.class, () -> advert.addresses().add(VIP));
    }

    @Test
    void factoriesValidateRangesNamingTheField() {
        List<Ipv4Address> one = List.of(VIP);
        assertRejected("vrid 0 out of range 1..255", () -> VrrpAdvertisement.v2(0, 50, 2, one));
        assertRejected("vrid 256 out of range 1..255", () -> VrrpAdvertisement.v3(256, 50, 2, one));
        assertRejected("priority -1 out of range 0..255", () -> VrrpAdvertisement.v2(1, -1, 2, one));
        assertRejected("priority 256 out of range 0..255", () -> VrrpAdvertisement.v3(1, 256, 2, one));
        assertRejected("interval 0 s out of range 1..255 s", () -> VrrpAdvertisement.v2(1, 50, 0, one));
        assertRejected("interval 256 s out of range 1..255 s", () -> VrrpAdvertisement.v2(1, 50, 256, one));
        assertRejected("interval 0 cs out of range 1..4095 cs", () -> VrrpAdvertisement.v3(1, 50, 0, one));
        assertRejected("interval 4096 cs out of range 1..4095 cs", () -> VrrpAdvertisement.v3(1, 50, 4096, one));
        assertRejected("address count 0 out of range 1..255", () -> VrrpAdvertisement.v2(1, 50, 2, List.of()));
        List<Ipv4Address> tooMany = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            tooMany.add(new Ipv4Address(i));
        }
        assertRejected("address count 256 out of range 1..255", () -> VrrpAdvertisement.v3(1, 50, 2, tooMany));
    }

    private static void assertRejected(String message, Executable factory) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, factory);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    // ---- decoding errors ----

    /** A v2 or v3 message with the checksum made valid again after an edit. */
    private static byte[] fixed(byte[] message) {
        boolean v3 = (message[0] & 0xF0) == 0x30;
        long initial = v3 ? WireBytes.pseudoHeaderSum(SRC, DST, 112, message.length) : 0;
        WireBytes.fixChecksum(message, 0, message.length, 6, initial);
        return message;
    }

    private static String malformed(byte[] message, int length) {
        MalformedPacketException e =
                assertThrows(MalformedPacketException.class, () -> decodeVrrp(message, length, SRC, DST));
        assertTrue(e.getMessage() != null && e.getMessage().startsWith("VRRP"), e.getMessage());
        return e.getMessage();
    }

    private static String malformed(byte[] message) {
        return malformed(message, message.length);
    }

    @Test
    void rejectsBadVersion() {
        for (int version : new int[] {0, 1, 4, 6, 15}) {
            byte[] message = encode(neutronV2(), SRC, DST);
            message[0] = (byte) (version << 4 | 1);
            assertEquals("VRRP version " + version + " not supported, expected 2 or 3", malformed(fixed(message)));
        }
    }

    @Test
    void rejectsBadType() {
        byte[] message = encode(neutronV2(), SRC, DST);
        message[0] = 0x22;
        assertEquals("VRRP type 2, expected 1 (advertisement)", malformed(fixed(message)));
        byte[] v3 = encode(VrrpAdvertisement.v3(1, 50, 100, List.of(VIP)), SRC, DST);
        v3[0] = 0x30;
        assertEquals("VRRP type 0, expected 1 (advertisement)", malformed(fixed(v3)));
    }

    @Test
    void rejectsBadChecksumSayingWhatWasExpected() {
        byte[] message = encode(neutronV2(), SRC, DST);
        message[6] = 0x12;
        message[7] = 0x34;
        assertEquals("VRRP checksum 0x1234, expected 0x02fc", malformed(message));

        byte[] damaged = encode(neutronV2(), SRC, DST);
        damaged[11] ^= 0x01;
        assertTrue(malformed(damaged).startsWith("VRRP checksum 0x02fc, expected "));

        byte[] authData = encode(neutronV2(), SRC, DST);
        authData[19] = 1;
        assertTrue(malformed(authData).startsWith("VRRP checksum"), "auth data is covered by the checksum");
    }

    @Test
    void rejectsTruncationAtEveryLength() {
        for (VrrpAdvertisement advert : List.of(neutronV2(), VrrpAdvertisement.v3(1, 50, 100, List.of(VIP, VIP)))) {
            byte[] full = encode(advert, SRC, DST);
            for (int k = 0; k < full.length; k++) {
                byte[] cut = Arrays.copyOf(full, k);
                String message = malformed(cut);
                assertTrue(message.startsWith("VRRP message truncated: " + k + " bytes"), message);
                // The length says more than the buffer holds.
                assertTrue(malformed(cut, full.length).startsWith("VRRP message truncated"));
            }
        }
        byte[] v2 = encode(neutronV2(), SRC, DST);
        assertEquals("VRRP message truncated: 12 bytes, need 20 for 1 address", malformed(Arrays.copyOf(v2, 12)));
        assertEquals("VRRP message truncated: 5 bytes, need at least 8 for the header",
                malformed(Arrays.copyOf(v2, 5)));
        assertEquals("VRRP message truncated: 3 bytes readable, length says 20", malformed(Arrays.copyOf(v2, 3), 20));
    }

    @Test
    void rejectsNegativeLength() {
        assertEquals("VRRP message length -1 is negative", malformed(encode(neutronV2(), SRC, DST), -1));
    }

    @Test
    void rejectsALengthNoIpv4PacketHolds() {
        byte[] huge = Arrays.copyOf(encode(neutronV2(), SRC, DST), 65516);
        assertEquals("VRRP message length 65516 above 65515, the most an IPv4 packet holds", malformed(huge));
    }

    @Test
    void rejectsCountMismatch() {
        byte[] saysTwo = encode(neutronV2(), SRC, DST);
        saysTwo[3] = 2;
        assertEquals("VRRP message truncated: 20 bytes, need 24 for 2 addresses", malformed(fixed(saysTwo)));

        byte[] longer = Arrays.copyOf(encode(neutronV2(), SRC, DST), 24);
        assertEquals("VRRP message length 24 does not match its count of 1 address: expected 20 bytes",
                malformed(fixed(longer)));

        byte[] v3 = encode(VrrpAdvertisement.v3(1, 50, 100, List.of(VIP, VIP)), SRC, DST);
        v3[3] = 1;
        assertEquals("VRRP message length 16 does not match its count of 1 address: expected 12 bytes",
                malformed(fixed(v3)));

        byte[] none = Arrays.copyOf(encode(neutronV2(), SRC, DST), 16);
        none[3] = 0;
        assertEquals("VRRP address count 0 out of range 1..255", malformed(fixed(none)));
    }

    @Test
    void rejectsFieldsOutOfRange() {
        byte[] vrid = encode(neutronV2(), SRC, DST);
        vrid[1] = 0;
        assertEquals("VRRP vrid 0 out of range 1..255", malformed(fixed(vrid)));

        byte[] v2Interval = encode(neutronV2(), SRC, DST);
        v2Interval[5] = 0;
        assertEquals("VRRPv2 advert interval 0 s out of range 1..255 s", malformed(fixed(v2Interval)));

        byte[] v3Interval = encode(VrrpAdvertisement.v3(1, 50, 100, List.of(VIP)), SRC, DST);
        v3Interval[4] = (byte) 0xF0;
        v3Interval[5] = 0;
        assertEquals("VRRPv3 max advert interval 0 cs out of range 1..4095 cs", malformed(fixed(v3Interval)));

        byte[] auth = encode(neutronV2(), SRC, DST);
        auth[4] = 1;
        assertEquals("VRRP auth type 1 not supported, only 0 (none)", malformed(fixed(auth)));
    }

    @Test
    void ignoresV3ReservedBitsAndV2AuthData() throws MalformedPacketException {
        byte[] v3 = encode(VrrpAdvertisement.v3(1, 50, 100, List.of(VIP)), SRC, DST);
        v3[4] |= (byte) 0xF0;
        assertEquals(VrrpAdvertisement.v3(1, 50, 100, List.of(VIP)), decodeVrrp(fixed(v3), v3.length, SRC, DST));

        byte[] v2 = encode(neutronV2(), SRC, DST);
        v2[15] = 0x55;
        assertEquals(neutronV2(), decodeVrrp(fixed(v2), v2.length, SRC, DST));
    }

    @Test
    void failureLeavesTheReaderIndexAlone() {
        byte[] message = encode(neutronV2(), SRC, DST);
        message[7] ^= 1;
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        try {
            assertThrows(MalformedPacketException.class, () -> VrrpAdvertisement.decode(buf, message.length, SRC, DST));
            assertEquals(0, buf.readerIndex());
        } finally {
            buf.release();
        }
    }
}
