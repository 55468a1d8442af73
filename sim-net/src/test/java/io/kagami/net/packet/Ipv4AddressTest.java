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

class Ipv4AddressTest {

    @Test
    void parsesToNetworkOrderBits() {
        assertEquals(0xA9FE0001, Ipv4Address.parse("169.254.0.1").bits());
        assertEquals(0xE0000012, Ipv4Address.parse("224.0.0.18").bits());
        assertEquals(0, Ipv4Address.parse("0.0.0.0").bits());
        assertEquals(-1, Ipv4Address.parse("255.255.255.255").bits());
    }

    @Test
    void ofBuildsTheSameAddressAsParse() {
        assertEquals(Ipv4Address.parse("10.0.80.1"), Ipv4Address.of(10, 0, 80, 1));
        assertEquals(Ipv4Address.parse("255.0.128.7"), Ipv4Address.of(255, 0, 128, 7));
    }

    @Test
    void formatsAsDottedQuad() {
        assertEquals("169.254.192.1", new Ipv4Address(0xA9FEC001).toString());
        assertEquals("255.255.255.255", new Ipv4Address(-1).toString());
        assertEquals("0.0.0.0", new Ipv4Address(0).toString());
        for (String text : List.of("1.2.3.4", "192.168.80.1", "100.200.0.255")) {
            assertEquals(text, Ipv4Address.parse(text).toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.300", "", "1.2.3", "1.2.3.4.5", "1.2.3.4.", ".1.2.3", "1..2.3", "01.2.3.4",
        "1.2.3.00", " 1.2.3.4", "1.2.3.4 ", "a.b.c.d", "1.2.3.-4", "+1.2.3.4", "1.2.3.0x1", "1234.1.1.1",
        "256.0.0.0", "1.2.3.4/24", "1,2,3,4"})
    void rejectsBadStrings(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' is not an IPv4 address"), e.getMessage());
    }

    @Test
    void ofRejectsPartsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.of(256, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.of(10, -1, 0, 1));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Ipv4Address.of(10, 0, 0, 300));
        assertTrue(e.getMessage().contains("300"), e.getMessage());
    }

    @Test
    void comparesAsUnsignedNumbers() {
        Ipv4Address high = Ipv4Address.parse("200.0.0.1");
        Ipv4Address low = Ipv4Address.parse("10.0.0.1");
        assertTrue(high.compareTo(low) > 0);
        assertTrue(low.compareTo(high) < 0);
        assertEquals(0, high.compareTo(Ipv4Address.of(200, 0, 0, 1)));
        assertTrue(Ipv4Address.parse("169.254.192.10").compareTo(Ipv4Address.parse("169.254.192.9")) > 0);

        List<Ipv4Address> sorted = new ArrayList<>(List.of(Ipv4Address.parse("255.255.255.255"),
                Ipv4Address.parse("128.0.0.0"), Ipv4Address.parse("0.0.0.1"), Ipv4Address.parse("127.255.255.255")));
        Collections.sort(sorted);
        assertEquals("[0.0.0.1, 127.255.255.255, 128.0.0.0, 255.255.255.255]", sorted.toString());
    }

    @Test
    void subnetMembership() {
        Ipv4Address haNet = Ipv4Address.parse("169.254.192.0");
        assertTrue(Ipv4Address.parse("169.254.192.1").inSubnet(haNet, 18));
        assertTrue(Ipv4Address.parse("169.254.255.254").inSubnet(haNet, 18));
        assertFalse(Ipv4Address.parse("169.254.191.255").inSubnet(haNet, 18));
        assertFalse(Ipv4Address.parse("169.254.0.1").inSubnet(haNet, 18));
        assertTrue(Ipv4Address.parse("10.0.80.77").inSubnet(Ipv4Address.parse("10.0.80.1"), 24));
        assertTrue(Ipv4Address.parse("250.1.2.3").inSubnet(Ipv4Address.parse("0.0.0.0"), 0));
        assertTrue(Ipv4Address.parse("10.0.80.5").inSubnet(Ipv4Address.parse("10.0.80.5"), 32));
        assertFalse(Ipv4Address.parse("10.0.80.4").inSubnet(Ipv4Address.parse("10.0.80.5"), 32));
        assertTrue(Ipv4Address.parse("200.1.1.1").inSubnet(Ipv4Address.parse("128.0.0.0"), 1));
        assertFalse(Ipv4Address.parse("100.1.1.1").inSubnet(Ipv4Address.parse("128.0.0.0"), 1));
    }

    @Test
    void subnetRejectsBadPrefixLength() {
        Ipv4Address a = Ipv4Address.parse("10.0.0.1");
        assertThrows(IllegalArgumentException.class, () -> a.inSubnet(a, 33));
        assertThrows(IllegalArgumentException.class, () -> a.inSubnet(a, -1));
    }
}
