package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RawPayloadTest {

    @Test
    void copiesItsBytesInAndOut() {
        byte[] source = hex("0a0b0c");
        RawPayload payload = RawPayload.of(17, source);
        source[0] = 0;
        assertArrayEquals(hex("0a0b0c"), payload.bytes());
        payload.bytes()[1] = 0;
        assertArrayEquals(hex("0a0b0c"), payload.bytes());
        assertEquals(3, payload.length());
        assertEquals(17, payload.protocol());
    }

    @Test
    void encodesItsBytesVerbatim() {
        ByteBuf buf = Unpooled.buffer();
        try {
            RawPayload.of(6, hex("deadbeef")).encode(buf, Ipv4Address.of(1, 1, 1, 1), Ipv4Address.of(2, 2, 2, 2));
            byte[] written = new byte[buf.readableBytes()];
            buf.readBytes(written);
            assertArrayEquals(hex("deadbeef"), written);
        } finally {
            buf.release();
        }
    }

    @Test
    void validatesProtocolAndLength() {
        assertThrows(IllegalArgumentException.class, () -> RawPayload.of(256, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> RawPayload.of(-1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> RawPayload.of(17, new byte[65516]));
    }

    @Test
    void equalityByProtocolAndContent() {
        assertEquals(RawPayload.of(17, hex("01")), RawPayload.of(17, hex("01")));
        assertEquals(RawPayload.of(17, hex("01")).hashCode(), RawPayload.of(17, hex("01")).hashCode());
        assertNotEquals(RawPayload.of(17, hex("01")), RawPayload.of(6, hex("01")));
        assertNotEquals(RawPayload.of(17, hex("01")), RawPayload.of(17, hex("02")));
        assertEquals("raw proto=17 len=1", RawPayload.of(17, hex("01")).toString());
    }
}
