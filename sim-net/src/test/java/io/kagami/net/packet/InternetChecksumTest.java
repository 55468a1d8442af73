package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to 2ddf0, folded ddf2.
        ByteBuf buf = Unpooled.wrappedBuffer(hex("0001 f203 f4f5 f6f7"));
        try {
            assertEquals(0xDDF2, InternetChecksum.sum(buf, 0, 8, 0));
            assertEquals(0x220D, InternetChecksum.checksum(buf, 0, 8, 0));
        } finally {
            buf.release();
        }
    }

    @Test
    void oddLengthPadsWithZero() {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("010203"));
        try {
            assertEquals(0x0102 + 0x0300, InternetChecksum.sum(buf, 0, 3, 0));
        } finally {
            buf.release();
        }
    }

    @Test
    void sumsAnArbitraryRangeWithoutMovingIndices() {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("ffff 0001 f203 f4f5 f6f7 ffff"));
        try {
            buf.readerIndex(1);
            assertEquals(0xDDF2, InternetChecksum.sum(buf, 2, 8, 0));
            assertEquals(1, buf.readerIndex());
            assertEquals(12, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void matchesIndependentArithmeticOnRandomData() {
        Random random = new Random(1071);
        for (int round = 0; round < 500; round++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            int initial = random.nextInt(0x40000);
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            try {
                assertEquals(WireBytes.onesComplementSum(bytes, 0, bytes.length, initial),
                        InternetChecksum.sum(buf, 0, bytes.length, initial), () -> hex(bytes));
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void chainedSumsEqualTheSumOfTheConcatenation() {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7"));
        try {
            int first = InternetChecksum.sum(buf, 0, 6, 0);
            assertEquals(InternetChecksum.sum(buf, 0, 20, 0), InternetChecksum.sum(buf, 6, 14, first));
        } finally {
            buf.release();
        }
    }

    @Test
    void pseudoHeaderSumEqualsTheSumOfItsBytes() {
        Ipv4Address src = Ipv4Address.parse("169.254.192.1");
        Ipv4Address dst = Ipv4Address.parse("224.0.0.18");
        byte[] pseudo = WireBytes.pseudoHeader(src, dst, 112, 12);
        ByteBuf empty = Unpooled.EMPTY_BUFFER;
        int folded = InternetChecksum.sum(empty, 0, 0, InternetChecksum.ipv4PseudoHeaderSum(src, dst, 112, 12));
        assertEquals(WireBytes.onesComplementSum(pseudo, 0, pseudo.length, 0), folded);
    }

    @Test
    void validAcceptsBothFormsOfZeroAndRejectsDamage() {
        // The data word ffff sums to ffff, so the checksum is 0000; ffff is the other form of zero.
        for (String text : new String[] {"ffff 0000", "ffff ffff"}) {
            ByteBuf buf = Unpooled.wrappedBuffer(hex(text));
            try {
                assertTrue(InternetChecksum.isValid(buf, 0, 4, 0), text);
            } finally {
                buf.release();
            }
        }
        ByteBuf damaged = Unpooled.wrappedBuffer(hex("0001 f203 f4f5 f6f7 220c"));
        try {
            assertFalse(InternetChecksum.isValid(damaged, 0, 10, 0));
            damaged.setShort(8, 0x220D);
            assertTrue(InternetChecksum.isValid(damaged, 0, 10, 0));
        } finally {
            damaged.release();
        }
    }
}
