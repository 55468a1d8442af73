package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RawEtherPayloadTest {

    @Test
    void copiesItsBytesInAndOut() {
        byte[] source = hex("0a0b0c");
        RawEtherPayload payload = RawEtherPayload.of(0x86dd, source);
        source[0] = 0;
        assertArrayEquals(hex("0a0b0c"), payload.bytes());
        payload.bytes()[1] = 0;
        assertArrayEquals(hex("0a0b0c"), payload.bytes());
        assertEquals(3, payload.length());
        assertEquals(0x86dd, payload.etherType());
        assertArrayEquals(hex("0a0b0c"), WireBytes.encode(payload));
    }

    @Test
    void refusesTypesThatWouldReadBackAsAnotherFrame() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> RawEtherPayload.of(0x05ff, new byte[0]));
        assertEquals("EtherType 0x05ff out of range 0x0600..0xffff", length.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RawEtherPayload.of(0x10000, new byte[0]));
        IllegalArgumentException tag = assertThrows(IllegalArgumentException.class,
                () -> RawEtherPayload.of(0x8100, new byte[0]));
        assertEquals("EtherType 0x8100 is the 802.1Q tag: use EthernetFrame.withVlan", tag.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RawEtherPayload.of(0x86dd, new byte[65536]));
        assertEquals(0x0600, RawEtherPayload.of(0x0600, new byte[0]).etherType());
    }

    @Test
    void equalityByTypeAndContent() {
        assertEquals(RawEtherPayload.of(0x86dd, hex("01")), RawEtherPayload.of(0x86dd, hex("01")));
        assertEquals(RawEtherPayload.of(0x86dd, hex("01")).hashCode(), RawEtherPayload.of(0x86dd, hex("01")).hashCode());
        assertNotEquals(RawEtherPayload.of(0x86dd, hex("01")), RawEtherPayload.of(0x88cc, hex("01")));
        assertNotEquals(RawEtherPayload.of(0x86dd, hex("01")), RawEtherPayload.of(0x86dd, hex("02")));
        assertEquals("raw ethertype=0x86dd len=1", RawEtherPayload.of(0x86dd, hex("01")).toString());
    }
}
