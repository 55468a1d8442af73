package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decoding arbitrary bytes either succeeds or throws {@link MalformedPacketException}, never anything
 * else. Mutated valid packets get their checksums repaired half of the time, so the checks behind the
 * checksums are reached too.
 */
class DecodeFuzzTest {

    private static final long SEED = 0x5EED_3768_5798L;
    private static final int ROUNDS = 4000;
    private static final Ipv4Address SRC = Ipv4Address.parse("169.254.192.1");
    private static final Ipv4Address VIP = Ipv4Address.parse("169.254.0.1");

    private static final List<Ipv4Packet> SEEDS = List.of(
            Ipv4Packet.of(SRC, VrrpAdvertisement.MULTICAST_GROUP, 255, VrrpAdvertisement.v2(1, 50, 2, List.of(VIP))),
            Ipv4Packet.of(SRC, VrrpAdvertisement.MULTICAST_GROUP, 255,
                    VrrpAdvertisement.v3(17, 100, 100, List.of(VIP, Ipv4Address.of(10, 0, 80, 1)))),
            Ipv4Packet.of(SRC, Ipv4Address.of(10, 0, 0, 9), 64, 3, true, RawPayload.of(17, hex("1f9012b5000c0000"))));

    private int decoded;
    private int rejected;

    @Test
    void ipv4DecodeOnlyEverThrowsMalformedPacketException() {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] bytes = round % 4 == 0 ? randomBytes(random) : mutatedPacket(random);
            try {
                Ipv4Packet packet = WireBytes.decodeIpv4(bytes);
                decoded++;
                // Whatever decodes re-encodes to something that decodes to the same packet.
                assertEquals(packet, WireBytes.decodeIpv4(packet.toBytes()), () -> hex(bytes));
            } catch (MalformedPacketException e) {
                rejected++;
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), () -> hex(bytes));
            } catch (RuntimeException e) {
                fail("decoding " + hex(bytes) + " threw " + e, e);
            }
        }
        assertTrue(decoded > ROUNDS / 20, "only " + decoded + " inputs decoded: the fuzzer is too blunt");
        assertTrue(rejected > ROUNDS / 2, "only " + rejected + " inputs rejected");
    }

    @Test
    void vrrpDecodeOnlyEverThrowsMalformedPacketException() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] bytes;
            if (round % 4 == 0) {
                bytes = randomBytes(random);
            } else {
                byte[] packet = mutatedPacket(random);
                bytes = Arrays.copyOfRange(packet, Math.min(20, packet.length), packet.length);
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(80) - 8 : bytes.length;
            try {
                WireBytes.decodeVrrp(bytes, length, SRC, VrrpAdvertisement.MULTICAST_GROUP);
                decoded++;
            } catch (MalformedPacketException e) {
                rejected++;
                assertTrue(e.getMessage() != null && e.getMessage().startsWith("VRRP"), () -> hex(bytes));
            } catch (RuntimeException e) {
                fail("decoding " + hex(bytes) + " with length " + length + " threw " + e, e);
            }
        }
        assertTrue(decoded > 0 && rejected > ROUNDS / 2, decoded + " decoded, " + rejected + " rejected");
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(72)];
        random.nextBytes(bytes);
        if (bytes.length > 0 && random.nextBoolean()) {
            bytes[0] = (byte) (0x40 | random.nextInt(16));
        }
        return bytes;
    }

    private static byte[] mutatedPacket(Random random) {
        byte[] bytes = SEEDS.get(random.nextInt(SEEDS.size())).toBytes();
        int edits = random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        switch (random.nextInt(4)) {
            case 0 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 1 -> bytes = Arrays.copyOf(bytes, bytes.length + random.nextInt(12));
            default -> { }
        }
        if (random.nextBoolean()) {
            repairChecksums(bytes);
        }
        return bytes;
    }

    /** Makes the IPv4 header checksum and, for VRRP, the VRRP checksum valid again where they fit. */
    private static void repairChecksums(byte[] bytes) {
        if (bytes.length < 20) {
            return;
        }
        int headerLength = (bytes[0] & 0x0F) * 4;
        int totalLength = (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
        int end = Math.min(totalLength, bytes.length);
        if ((bytes[9] & 0xFF) == 112 && headerLength >= 20 && end - headerLength >= 8) {
            boolean v3 = (bytes[headerLength] & 0xF0) == 0x30;
            long initial = 0;
            if (v3) {
                long addresses = WireBytes.onesComplementSum(bytes, 12, 20, 0);
                initial = addresses + 112 + (end - headerLength);
            }
            WireBytes.fixChecksum(bytes, headerLength, end, headerLength + 6, initial);
        }
        if (headerLength >= 20 && headerLength <= bytes.length) {
            WireBytes.fixChecksum(bytes, 0, headerLength, 10, 0);
        }
    }
}
