package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Decoding arbitrary bytes either succeeds or throws {@link MalformedPacketException}, never anything
 * else. Mutated valid packets get their checksums repaired half of the time, and their length fields
 * some of the time, so the checks behind the checksums and lengths are reached too.
 */
class DecodeFuzzTest {

    private static final long SEED = 0x5EED_3768_5798L;
    private static final int ROUNDS = 4000;
    private static final int FRAME_ROUNDS = 20_000;
    private static final Ipv4Address SRC = Ipv4Address.parse("169.254.192.1");
    private static final Ipv4Address VIP = Ipv4Address.parse("169.254.0.1");
    private static final Ipv4Address VM_IP = Ipv4Address.parse("10.0.0.5");
    private static final Ipv4Address GATEWAY = Ipv4Address.parse("10.0.0.1");
    private static final MacAddress VM_MAC = MacAddress.parse("fa:16:3e:00:00:05");
    private static final MacAddress QR_MAC = MacAddress.parse("fa:16:3e:00:00:01");

    private static final List<Ipv4Packet> SEEDS = List.of(
            Ipv4Packet.of(SRC, VrrpAdvertisement.MULTICAST_GROUP, 255, VrrpAdvertisement.v2(1, 50, 2, List.of(VIP))),
            Ipv4Packet.of(SRC, VrrpAdvertisement.MULTICAST_GROUP, 255,
                    VrrpAdvertisement.v3(17, 100, 100, List.of(VIP, Ipv4Address.of(10, 0, 80, 1)))),
            Ipv4Packet.of(SRC, Ipv4Address.of(10, 0, 0, 9), 64, 3, true, RawPayload.of(89, hex("1f9012b5000c0000"))),
            Ipv4Packet.of(VM_IP, GATEWAY, 64, IcmpEcho.request(0x1234, 1, hex("0001020304050607"))),
            Ipv4Packet.of(GATEWAY, VM_IP, 64, IcmpEcho.request(0x1234, 1, new byte[0]).reply()),
            Ipv4Packet.of(VM_IP, GATEWAY, 64, 1, true, TcpSegment.of(51234, 22, 1000, 0, TcpSegment.SYN, 64240,
                    new byte[0])),
            Ipv4Packet.of(GATEWAY, VM_IP, 64, 2, true, TcpSegment.of(22, 51234, 5000, 1001,
                    TcpSegment.PSH | TcpSegment.ACK, 502, hex("5353482d322e30"))),
            Ipv4Packet.of(VM_IP, GATEWAY, 64, UdpDatagram.of(40000, 53, RawUdpPayload.of(hex("abcdef")))),
            Ipv4Packet.of(VM_IP, GATEWAY, 64, UdpDatagram.withoutChecksum(40000, 53, RawUdpPayload.of(hex("01")))));

    private static final List<EthernetFrame> FRAME_SEEDS = frameSeeds();

    private static List<EthernetFrame> frameSeeds() {
        ArpPacket whoHas = ArpPacket.request(VM_MAC, VM_IP, GATEWAY);
        List<EthernetFrame> frames = new ArrayList<>(List.of(
                EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, whoHas),
                EthernetFrame.of(VM_MAC, QR_MAC, ArpPacket.reply(QR_MAC, GATEWAY, VM_MAC, VM_IP)),
                EthernetFrame.of(MacAddress.BROADCAST, QR_MAC, ArpPacket.gratuitous(QR_MAC, GATEWAY)).withVlan(3),
                EthernetFrame.of(VM_MAC, QR_MAC, RawEtherPayload.of(0x86dd, hex("6000000000083afffe80"))),
                EthernetFrame.of(VM_MAC, QR_MAC, RawEtherPayload.of(0x88cc, new byte[0])).withVlan(4095)));
        for (Ipv4Packet packet : SEEDS) {
            frames.add(EthernetFrame.of(QR_MAC, VM_MAC, packet));
        }
        frames.add(EthernetFrame.of(QR_MAC, VM_MAC, SEEDS.get(6)).withVlan(100));
        Ipv4Address local = Ipv4Address.parse("192.168.100.7");
        Ipv4Address remote = Ipv4Address.parse("192.168.100.21");
        for (EthernetFrame inner : List.copyOf(frames)) {
            frames.add(EthernetFrame.of(MacAddress.parse("52:54:00:00:00:21"), MacAddress.parse("52:54:00:00:00:07"),
                    VxlanPacket.encapsulate(local, remote, 1001, inner)));
        }
        // a checksummed outer UDP header, as a tunnel with udpcsum on would send
        frames.add(EthernetFrame.of(QR_MAC, VM_MAC, Ipv4Packet.of(local, remote, 64,
                UdpDatagram.of(50000, VxlanPacket.UDP_PORT, VxlanPacket.of(7, frames.get(0))))));
        return List.copyOf(frames);
    }

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
                byte[] packet = mutatedVrrp(random);
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

    @Test
    void ethernetDecodeOnlyEverThrowsMalformedPacketException() {
        Random random = new Random(SEED + 2);
        Set<String> decodedKinds = new TreeSet<>();
        Set<String> rejectedBy = new TreeSet<>();
        for (int round = 0; round < FRAME_ROUNDS; round++) {
            byte[] bytes = round % 5 == 0 ? randomFrame(random) : mutatedFrame(random);
            try {
                EthernetFrame frame = WireBytes.decodeFrame(bytes);
                decoded++;
                decodedKinds.add(kind(frame));
                // Whatever decodes re-encodes to bytes that survive another round trip unchanged (not
                // always to an equal frame: a raw payload of a short frame takes the padding in).
                byte[] again = frame.toBytes();
                assertArrayEquals(again, WireBytes.decodeFrame(again).toBytes(), () -> hex(bytes));
            } catch (MalformedPacketException e) {
                rejected++;
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), () -> hex(bytes));
                String message = e.getMessage().replaceFirst("^VXLAN VNI \\d+ inner frame: ", "");
                rejectedBy.add(message.substring(0, message.indexOf(' ')));
            } catch (RuntimeException e) {
                fail("decoding " + hex(bytes) + " threw " + e, e);
            }
        }
        assertTrue(decoded > FRAME_ROUNDS / 10, "only " + decoded + " frames decoded: the fuzzer is too blunt");
        assertTrue(rejected > FRAME_ROUNDS / 4, "only " + rejected + " frames rejected");
        assertEquals(new TreeSet<>(List.of("ARP", "ICMP", "RawEther", "RawIp", "TCP", "UDP", "VRRP", "VXLAN")),
                decodedKinds, "kinds of frame decoded");
        assertTrue(rejectedBy.containsAll(List.of("802.1Q", "ARP", "Ethernet", "EtherType", "ICMP", "IPv4", "TCP",
                "UDP", "VRRP", "VXLAN")), "decoders that rejected something: " + rejectedBy);
    }

    /** What a decoded frame carries, looking through VXLAN. */
    private static String kind(EthernetFrame frame) {
        if (frame.payload() instanceof ArpPacket) {
            return "ARP";
        }
        if (!(frame.payload() instanceof Ipv4Packet packet)) {
            return "RawEther";
        }
        IpPayload payload = packet.payload();
        if (payload instanceof UdpDatagram udp && udp.payload() instanceof VxlanPacket) {
            return "VXLAN";
        }
        return switch (payload.protocol()) {
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 112 -> "VRRP";
            default -> "RawIp";
        };
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(72)];
        random.nextBytes(bytes);
        if (bytes.length > 0 && random.nextBoolean()) {
            bytes[0] = (byte) (0x40 | random.nextInt(16));
        }
        return bytes;
    }

    /** Random bytes, often with a modelled EtherType (or a tag and one) and an IPv4-looking first byte. */
    private static byte[] randomFrame(Random random) {
        byte[] bytes = new byte[random.nextInt(120)];
        random.nextBytes(bytes);
        int[] types = {0x0800, 0x0806, 0x8100};
        if (bytes.length >= 14 && random.nextInt(4) != 0) {
            int type = types[random.nextInt(types.length)];
            bytes[12] = (byte) (type >>> 8);
            bytes[13] = (byte) type;
            int at = 14;
            if (type == 0x8100 && bytes.length >= 18) {
                int inner = types[random.nextInt(2)];
                bytes[16] = (byte) (inner >>> 8);
                bytes[17] = (byte) inner;
                at = 18;
            }
            if (bytes.length > at) {
                bytes[at] = (byte) (0x45);
            }
        }
        return bytes;
    }

    private static byte[] mutatedPacket(Random random) {
        return mutated(random, SEEDS.get(random.nextInt(SEEDS.size())).toBytes(), false);
    }

    private static byte[] mutatedVrrp(Random random) {
        return mutated(random, SEEDS.get(random.nextInt(2)).toBytes(), false);
    }

    private static byte[] mutatedFrame(Random random) {
        return mutated(random, FRAME_SEEDS.get(random.nextInt(FRAME_SEEDS.size())).toBytes(), true);
    }

    private static byte[] mutated(Random random, byte[] bytes, boolean frame) {
        int edits = random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        switch (random.nextInt(4)) {
            case 0 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 1 -> bytes = Arrays.copyOf(bytes, bytes.length + random.nextInt(12));
            default -> { }
        }
        boolean lengths = random.nextInt(4) == 0;
        if (random.nextBoolean()) {
            if (frame) {
                repairFrame(bytes, 0, bytes.length, lengths);
            } else {
                repairIpv4(bytes, 0, bytes.length, lengths);
            }
        }
        return bytes;
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }

    private static void setU16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    /** Repairs the IPv4 packet inside the frame in {@code bytes[from..to)}, if it carries one. */
    private static void repairFrame(byte[] bytes, int from, int to, boolean lengths) {
        int typeAt = from + 12;
        if (to - from >= 18 && u16(bytes, typeAt) == 0x8100) {
            typeAt += 4;
        }
        if (typeAt + 2 <= to && u16(bytes, typeAt) == 0x0800) {
            repairIpv4(bytes, typeAt + 2, to, lengths);
        }
    }

    /**
     * Makes the checksums of the IPv4 packet at {@code start}, and of its ICMP, TCP, UDP or VRRP
     * payload, valid again where they fit; with {@code lengths}, first makes the IPv4 total length and
     * the UDP length match the bytes available. Recurses into VXLAN's inner frame, inner first.
     */
    private static void repairIpv4(byte[] bytes, int start, int limit, boolean lengths) {
        if (limit - start < 20) {
            return;
        }
        int headerLength = (bytes[start] & 0x0F) * 4;
        if (headerLength < 20 || start + headerLength > limit) {
            return;
        }
        if (lengths) {
            setU16(bytes, start + 2, Math.min(limit - start, 0xFFFF));
        }
        int end = Math.min(start + u16(bytes, start + 2), limit);
        int body = start + headerLength;
        int length = end - body;
        int protocol = bytes[start + 9] & 0xFF;
        long pseudo = length < 0 ? 0 : WireBytes.onesComplementSum(bytes, start + 12, start + 20, 0) + protocol + length;
        if (protocol == 1 && length >= 8) {
            WireBytes.fixChecksum(bytes, body, end, body + 2, 0);
        } else if (protocol == 6 && length >= 20) {
            WireBytes.fixChecksum(bytes, body, end, body + 16, pseudo);
        } else if (protocol == 17 && length >= 8) {
            if (lengths) {
                setU16(bytes, body + 4, length);
            }
            if (u16(bytes, body + 2) == VxlanPacket.UDP_PORT && length >= 16) {
                repairFrame(bytes, body + 16, end, lengths);
            }
            if (u16(bytes, body + 6) != 0) {
                WireBytes.fixChecksum(bytes, body, end, body + 6, pseudo);
            }
        } else if (protocol == 112 && length >= 8) {
            boolean v3 = (bytes[body] & 0xF0) == 0x30;
            WireBytes.fixChecksum(bytes, body, end, body + 6, v3 ? pseudo : 0);
        }
        WireBytes.fixChecksum(bytes, start, start + headerLength, start + 10, 0);
    }
}
