package io.kagami.net.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @Test
    void parsesToWireOrderBits() {
        assertEquals(0xFA163E123456L, MacAddress.parse("fa:16:3e:12:34:56").bits());
        assertEquals(0xFA163E123456L, MacAddress.parse("FA:16:3E:12:34:56").bits());
        assertEquals(0, MacAddress.parse("00:00:00:00:00:00").bits());
        assertEquals(0xFFFFFFFFFFFFL, MacAddress.parse("ff:ff:ff:ff:ff:ff").bits());
        assertEquals(0x010203040506L, MacAddress.parse("01:02:03:04:05:06").bits());
    }

    @Test
    void formatsLowercaseWithColons() {
        assertEquals("fa:16:3e:0a:0b:0c", new MacAddress(0xFA163E0A0B0CL).toString());
        assertEquals("00:00:00:00:00:01", new MacAddress(1).toString());
        for (String text : List.of("fa:16:3e:12:34:56", "00:00:5e:00:01:07", "ff:ff:ff:ff:ff:ff", "01:00:5e:7f:ff:fa")) {
            assertEquals(text, MacAddress.parse(text).toString());
        }
        assertEquals("fa:16:3e:ab:cd:ef", MacAddress.parse("FA:16:3E:AB:CD:EF").toString());
    }

    @Test
    void ofBytesInWireOrder() {
        assertEquals(MacAddress.parse("fa:16:3e:12:34:56"), MacAddress.of(0xfa, 0x16, 0x3e, 0x12, 0x34, 0x56));
        assertEquals(MacAddress.parse("fa:16:3e:12:34:56"),
                MacAddress.of(new byte[] {(byte) 0xfa, 0x16, 0x3e, 0x12, 0x34, 0x56}));
        assertEquals(MacAddress.BROADCAST, MacAddress.of(new byte[] {-1, -1, -1, -1, -1, -1}));
    }

    @Test
    void ofRejectsWrongCountsAndRanges() {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(1, 2, 3, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(1, 2, 3, 4, 5, 6, 7));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(new byte[5]));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MacAddress.of(1, 2, 3, 256, 5, 6));
        assertEquals("MAC address byte 256 out of range 0..255", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(1, 2, 3, -1, 5, 6));
    }

    @Test
    void constructorRejectsMoreThan48Bits() {
        assertThrows(IllegalArgumentException.class, () -> new MacAddress(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> new MacAddress(-1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fa:16:3e:12:34", "fa:16:3e:12:34:56:78", "fa-16-3e-12-34-56", "fa16.3e12.3456",
        "fa:16:3e:12:34:5", "fa:16:3e:12:34:5g", " fa:16:3e:12:34:56", "fa:16:3e:12:34:56 ", "fa:16:3e:12:3:456",
        "fa::16:3e:12:34:5", "fa:16:3e:12:34:٥٦", "+a:16:3e:12:34:56"})
    void rejectsBadStrings(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' is not a MAC address"), e.getMessage());
    }

    @Test
    void broadcastAndMulticastFollowTheIgBit() {
        assertTrue(MacAddress.BROADCAST.isBroadcast());
        assertTrue(MacAddress.BROADCAST.isMulticast());
        assertFalse(MacAddress.ZERO.isBroadcast());
        assertFalse(MacAddress.ZERO.isMulticast());
        assertTrue(MacAddress.parse("01:00:5e:00:00:12").isMulticast());
        assertFalse(MacAddress.parse("01:00:5e:00:00:12").isBroadcast());
        assertTrue(MacAddress.parse("33:33:00:00:00:01").isMulticast());
        assertFalse(MacAddress.parse("fa:16:3e:12:34:56").isMulticast());
        assertFalse(MacAddress.parse("00:00:5e:00:01:01").isMulticast());
        assertTrue(MacAddress.parse("fb:16:3e:12:34:56").isMulticast(), "the low bit of the first byte");
        assertFalse(MacAddress.parse("ff:ff:ff:ff:ff:fe").isBroadcast());
    }

    @Test
    void ipv4MulticastMapsTheLow23Bits() {
        assertEquals(MacAddress.parse("01:00:5e:00:00:12"), MacAddress.ipv4Multicast(VrrpAdvertisement.MULTICAST_GROUP));
        assertEquals(MacAddress.parse("01:00:5e:7f:ff:fa"), MacAddress.ipv4Multicast(Ipv4Address.parse("239.255.255.250")));
        // The 24th bit from the end is dropped: 224.128.0.1 and 224.0.0.1 share a MAC.
        assertEquals(MacAddress.parse("01:00:5e:00:00:01"), MacAddress.ipv4Multicast(Ipv4Address.parse("224.128.0.1")));
        assertEquals(MacAddress.parse("01:00:5e:00:00:01"), MacAddress.ipv4Multicast(Ipv4Address.parse("224.0.0.1")));
        assertTrue(MacAddress.ipv4Multicast(Ipv4Address.parse("224.0.0.18")).isMulticast());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MacAddress.ipv4Multicast(Ipv4Address.parse("10.0.0.18")));
        assertEquals("10.0.0.18 is not an IPv4 multicast group (224.0.0.0/4)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.ipv4Multicast(Ipv4Address.parse("240.0.0.1")));
    }

    @Test
    void ordersAs48BitNumbers() {
        List<MacAddress> sorted = new ArrayList<>(List.of(MacAddress.BROADCAST, MacAddress.parse("fa:16:3e:00:00:02"),
                MacAddress.ZERO, MacAddress.parse("7f:ff:ff:ff:ff:ff"), MacAddress.parse("80:00:00:00:00:00")));
        Collections.sort(sorted);
        assertEquals("[00:00:00:00:00:00, 7f:ff:ff:ff:ff:ff, 80:00:00:00:00:00, fa:16:3e:00:00:02, ff:ff:ff:ff:ff:ff]",
                sorted.toString());
        assertEquals(0, MacAddress.parse("fa:16:3e:00:00:02").compareTo(MacAddress.of(0xfa, 0x16, 0x3e, 0, 0, 2)));
    }
}
