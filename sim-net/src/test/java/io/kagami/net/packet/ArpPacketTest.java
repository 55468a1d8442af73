package io.kagami.net.packet;

import static io.kagami.net.packet.WireBytes.decodeFrame;
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
import java.util.List;
import org.junit.jupiter.api.Test;

class ArpPacketTest {

    private static final MacAddress VM_MAC = MacAddress.parse("fa:16:3e:00:00:05");
    private static final MacAddress ROUTER_MAC = MacAddress.parse("fa:16:3e:00:00:01");
    private static final Ipv4Address VM_IP = Ipv4Address.parse("10.0.0.5");
    private static final Ipv4Address GATEWAY = Ipv4Address.parse("10.0.0.1");

    private static ArpPacket decode(byte[] bytes) throws MalformedPacketException {
        return WireBytes.decode(bytes, ArpPacket::decode);
    }

    private static String malformed(byte[] bytes) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(bytes));
        assertTrue(e.getMessage().startsWith("ARP"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void requestMatchesTheRfc826LayoutByteByByte() {
        // hardware 1 (Ethernet), protocol 0800, hlen 6, plen 4, op 1, sender MAC/IP, target MAC zero, target IP
        byte[] expected = hex("0001 0800 06 04 0001" + "fa163e000005 0a000005" + "000000000000 0a000001");
        assertArrayEquals(expected, WireBytes.encode(ArpPacket.request(VM_MAC, VM_IP, GATEWAY)));
        assertEquals(28, ArpPacket.request(VM_MAC, VM_IP, GATEWAY).length());
    }

    @Test
    void replyLayout() {
        byte[] expected = hex("0001 0800 06 04 0002" + "fa163e000001 0a000001" + "fa163e000005 0a000005");
        assertArrayEquals(expected, WireBytes.encode(ArpPacket.reply(ROUTER_MAC, GATEWAY, VM_MAC, VM_IP)));
    }

    @Test
    void gratuitousIsARequestForItsOwnAddressAsKeepalivedSendsIt() {
        Ipv4Address vip = Ipv4Address.parse("172.24.4.10");
        MacAddress qg = MacAddress.parse("fa:16:3e:aa:bb:cc");
        ArpPacket garp = ArpPacket.gratuitous(qg, vip);
        // keepalived's vrrp_arp.c: op request, target MAC ff:ff:ff:ff:ff:ff, target IP = sender IP
        assertArrayEquals(hex("0001 0800 06 04 0001" + "fa163eaabbcc ac18040a" + "ffffffffffff ac18040a"),
                WireBytes.encode(garp));
        assertTrue(garp.isGratuitous());
        assertEquals(ArpPacket.Op.REQUEST, garp.op());
        assertFalse(ArpPacket.request(VM_MAC, VM_IP, GATEWAY).isGratuitous());
        assertFalse(ArpPacket.reply(ROUTER_MAC, GATEWAY, VM_MAC, VM_IP).isGratuitous());
        assertTrue(ArpPacket.reply(qg, vip, MacAddress.BROADCAST, vip).isGratuitous(), "a gratuitous reply");
        assertTrue(ArpPacket.request(qg, vip, vip).isGratuitous(), "the kernel's form, target MAC zero");
    }

    @Test
    void accessors() {
        ArpPacket reply = ArpPacket.reply(ROUTER_MAC, GATEWAY, VM_MAC, VM_IP);
        assertEquals(ArpPacket.Op.REPLY, reply.op());
        assertEquals(ROUTER_MAC, reply.senderMac());
        assertEquals(GATEWAY, reply.senderIp());
        assertEquals(VM_MAC, reply.targetMac());
        assertEquals(VM_IP, reply.targetIp());
        assertEquals(0x0806, reply.etherType());
        assertEquals(1, ArpPacket.Op.REQUEST.code());
        assertEquals(2, ArpPacket.Op.REPLY.code());
        assertEquals(MacAddress.ZERO, ArpPacket.request(VM_MAC, VM_IP, GATEWAY).targetMac());
    }

    @Test
    void roundTripsInsideAPaddedFrame() throws MalformedPacketException {
        for (ArpPacket arp : List.of(ArpPacket.request(VM_MAC, VM_IP, GATEWAY),
                ArpPacket.reply(ROUTER_MAC, GATEWAY, VM_MAC, VM_IP),
                ArpPacket.gratuitous(ROUTER_MAC, GATEWAY))) {
            EthernetFrame frame = EthernetFrame.of(MacAddress.BROADCAST, arp.senderMac(), arp);
            byte[] bytes = frame.toBytes();
            assertEquals(60, bytes.length, "14 + 28 padded to 60");
            assertArrayEquals(new byte[18], Arrays.copyOfRange(bytes, 42, 60));
            EthernetFrame decoded = decodeFrame(bytes);
            assertEquals(frame, decoded);
            assertEquals(arp, decoded.payload());
            assertEquals(arp.hashCode(), decoded.payload().hashCode());
            assertEquals(arp.toString(), decoded.payload().toString());
        }
    }

    @Test
    void leavesTrailingBytesUnread() throws MalformedPacketException {
        byte[] bytes = WireBytes.concat(WireBytes.encode(ArpPacket.request(VM_MAC, VM_IP, GATEWAY)), hex("aabbcc"));
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            assertEquals(ArpPacket.request(VM_MAC, VM_IP, GATEWAY), ArpPacket.decode(buf));
            assertEquals(28, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void rejectsTruncationAtEveryLength() {
        byte[] full = WireBytes.encode(ArpPacket.request(VM_MAC, VM_IP, GATEWAY));
        for (int k = 0; k < full.length; k++) {
            assertEquals("ARP packet truncated: " + k + " bytes, need 28", malformed(Arrays.copyOf(full, k)));
        }
    }

    @Test
    void rejectsOtherHardwareAndProtocols() {
        String suffix = " not modelled: only Ethernet/IPv4 (1, 0x0800, 6/4)";
        byte[] hardware = WireBytes.encode(ArpPacket.request(VM_MAC, VM_IP, GATEWAY));
        hardware[1] = 6; // IEEE 802
        assertEquals("ARP for hardware type 6, protocol 0x0800, address lengths 6/4" + suffix, malformed(hardware));
        byte[] ipv6 = WireBytes.encode(ArpPacket.request(VM_MAC, VM_IP, GATEWAY));
        ipv6[2] = (byte) 0x86;
        ipv6[3] = (byte) 0xdd;
        assertEquals("ARP for hardware type 1, protocol 0x86dd, address lengths 6/4" + suffix, malformed(ipv6));
        byte[] lengths = WireBytes.encode(ArpPacket.request(VM_MAC, VM_IP, GATEWAY));
        lengths[4] = 20;
        lengths[5] = 16;
        assertEquals("ARP for hardware type 1, protocol 0x0800, address lengths 20/16" + suffix, malformed(lengths));
    }

    @Test
    void rejectsOtherOperations() {
        for (int op : new int[] {0, 3, 4, 8, 0x0101}) {
            byte[] bytes = WireBytes.encode(ArpPacket.request(VM_MAC, VM_IP, GATEWAY));
            bytes[6] = (byte) (op >>> 8);
            bytes[7] = (byte) op;
            assertEquals("ARP operation " + op + " not modelled: only 1 (request) and 2 (reply)", malformed(bytes));
        }
    }

    @Test
    void failureLeavesTheReaderIndexAlone() {
        byte[] bytes = WireBytes.encode(ArpPacket.request(VM_MAC, VM_IP, GATEWAY));
        bytes[7] = 9;
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            assertThrows(MalformedPacketException.class, () -> ArpPacket.decode(buf));
            assertEquals(0, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void equalityCoversEveryField() {
        ArpPacket base = ArpPacket.reply(ROUTER_MAC, GATEWAY, VM_MAC, VM_IP);
        assertEquals(base, ArpPacket.reply(ROUTER_MAC, GATEWAY, VM_MAC, VM_IP));
        assertNotEquals(base, ArpPacket.reply(VM_MAC, GATEWAY, VM_MAC, VM_IP));
        assertNotEquals(base, ArpPacket.reply(ROUTER_MAC, VM_IP, VM_MAC, VM_IP));
        assertNotEquals(base, ArpPacket.reply(ROUTER_MAC, GATEWAY, ROUTER_MAC, VM_IP));
        assertNotEquals(base, ArpPacket.reply(ROUTER_MAC, GATEWAY, VM_MAC, GATEWAY));
        assertNotEquals(ArpPacket.request(ROUTER_MAC, GATEWAY, VM_IP),
                ArpPacket.reply(ROUTER_MAC, GATEWAY, MacAddress.ZERO, VM_IP));
        assertThrows(NullPointerException.class, () -> ArpPacket.request(null, VM_IP, GATEWAY));
    }

    @Test
    void toStringInTcpdumpsWords() {
        assertEquals("ARP request who-has 10.0.0.1 tell 10.0.0.5 (fa:16:3e:00:00:05)",
                ArpPacket.request(VM_MAC, VM_IP, GATEWAY).toString());
        assertEquals("ARP reply 10.0.0.1 is-at fa:16:3e:00:00:01 (to 10.0.0.5 fa:16:3e:00:00:05)",
                ArpPacket.reply(ROUTER_MAC, GATEWAY, VM_MAC, VM_IP).toString());
        assertEquals("ARP request who-has 10.0.0.1 tell 10.0.0.1 (fa:16:3e:00:00:01 to ff:ff:ff:ff:ff:ff)",
                ArpPacket.gratuitous(ROUTER_MAC, GATEWAY).toString());
    }
}
