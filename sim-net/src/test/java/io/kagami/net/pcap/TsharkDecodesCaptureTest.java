package io.kagami.net.pcap;

import static io.kagami.net.testing.Tshark.BAD;
import static io.kagami.net.testing.Tshark.CHECKSUM_STATUS_FIELDS;
import static io.kagami.net.testing.Tshark.GOOD;
import static io.kagami.net.testing.Tshark.NOT_PRESENT;
import static io.kagami.net.testing.Tshark.PI_CHECKSUM;
import static io.kagami.net.testing.Tshark.assertNoWarnings;
import static io.kagami.net.testing.Tshark.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.packet.RawEtherPayload;
import io.kagami.net.packet.RawPayload;
import io.kagami.net.packet.RawUdpPayload;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.packet.UdpDatagram;
import io.kagami.net.packet.VrrpAdvertisement;
import io.kagami.net.packet.VxlanPacket;
import io.kagami.net.testing.Tshark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's dissectors as an independent judge of the wire encodings: a capture of every kind of
 * frame the package builds, as they meet in an L3 HA deployment, is read back by {@code tshark} with
 * IPv4, UDP and TCP checksum validation on (ICMP's and VRRP's are always validated). Every frame must
 * decode without a malformed-packet or checksum complaint, and the fields tshark reads must be the
 * ones written. A second capture of deliberately broken checksums proves the validation is live.
 */
class TsharkDecodesCaptureTest {

    private static final MacAddress VM_MAC = MacAddress.parse("fa:16:3e:00:00:05");
    private static final MacAddress QR_MAC = MacAddress.parse("fa:16:3e:00:00:01");
    private static final MacAddress HA_MAC = MacAddress.parse("fa:16:3e:00:c0:01");
    private static final MacAddress NODE_7_MAC = MacAddress.parse("52:54:00:00:00:07");
    private static final MacAddress COMPUTE_1_MAC = MacAddress.parse("52:54:00:00:00:21");
    private static final Ipv4Address VM_IP = Ipv4Address.parse("10.0.0.5");
    private static final Ipv4Address GATEWAY = Ipv4Address.parse("10.0.0.1");
    private static final Ipv4Address CLIENT = Ipv4Address.parse("203.0.113.9");
    private static final Ipv4Address FLOATING_IP = Ipv4Address.parse("172.24.4.10");
    private static final Ipv4Address HA_IP = Ipv4Address.parse("169.254.192.1");
    private static final Ipv4Address VIP = Ipv4Address.parse("169.254.0.1");
    private static final Ipv4Address NODE_7 = Ipv4Address.parse("192.168.100.7");
    private static final Ipv4Address COMPUTE_1 = Ipv4Address.parse("192.168.100.21");

    /** A frame, when it is captured, and what tshark must read in it: field name to its values, comma-joined. */
    private record Captured(long timeNanos, EthernetFrame frame, Map<String, String> fields) {}

    private final List<Captured> capture = new ArrayList<>();

    private void add(long timeNanos, EthernetFrame frame, String... fieldValuePairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldValuePairs.length; i += 2) {
            fields.put(fieldValuePairs[i], fieldValuePairs[i + 1]);
        }
        capture.add(new Captured(timeNanos, frame, fields));
    }

    private static EthernetFrame underlay(Ipv4Packet outer) {
        return EthernetFrame.of(COMPUTE_1_MAC, NODE_7_MAC, outer);
    }

    private void buildCapture() {
        ArpPacket whoHas = ArpPacket.request(VM_MAC, VM_IP, GATEWAY);
        add(0, EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, whoHas),
                "frame.protocols", "eth:ethertype:arp", "frame.len", "60", "frame.time_epoch", "0.000000000",
                "eth.dst", "ff:ff:ff:ff:ff:ff", "arp.opcode", "1", "arp.src.hw_mac", "fa:16:3e:00:00:05",
                "arp.src.proto_ipv4", "10.0.0.5", "arp.dst.hw_mac", "00:00:00:00:00:00",
                "arp.dst.proto_ipv4", "10.0.0.1", "arp.isgratuitous", "");
        add(1_500_000_000L, EthernetFrame.of(VM_MAC, QR_MAC, ArpPacket.reply(QR_MAC, GATEWAY, VM_MAC, VM_IP)),
                "frame.protocols", "eth:ethertype:arp", "frame.time_epoch", "1.500000000", "arp.opcode", "2",
                "arp.src.hw_mac", "fa:16:3e:00:00:01", "arp.src.proto_ipv4", "10.0.0.1",
                "arp.dst.hw_mac", "fa:16:3e:00:00:05", "arp.dst.proto_ipv4", "10.0.0.5");
        add(2_000_000_007L, EthernetFrame.of(MacAddress.BROADCAST, QR_MAC, ArpPacket.gratuitous(QR_MAC, GATEWAY)),
                "frame.protocols", "eth:ethertype:arp", "frame.time_epoch", "2.000000007", "arp.opcode", "1",
                "arp.isgratuitous", "1", "arp.src.proto_ipv4", "10.0.0.1", "arp.dst.proto_ipv4", "10.0.0.1",
                "arp.dst.hw_mac", "ff:ff:ff:ff:ff:ff");

        IcmpEcho ping = IcmpEcho.request(0x1234, 7, "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"
                .getBytes(StandardCharsets.US_ASCII));
        add(3_000_000_000L, EthernetFrame.of(QR_MAC, VM_MAC, Ipv4Packet.of(VM_IP, GATEWAY, 64, 11, true, ping)),
                "frame.protocols", "eth:ethertype:ip:icmp:data", "frame.len", "98", "ip.src", "10.0.0.5",
                "ip.dst", "10.0.0.1", "ip.ttl", "64", "ip.id", "0x000b", "ip.flags.df", "1", "icmp.type", "8",
                "icmp.code", "0", "icmp.ident", "4660", "icmp.seq", "7", "data.len", "56");
        add(3_000_400_000L, EthernetFrame.of(VM_MAC, QR_MAC, Ipv4Packet.of(GATEWAY, VM_IP, 64, 12, false,
                        ping.reply())),
                "frame.protocols", "eth:ethertype:ip:icmp:data", "icmp.type", "0", "icmp.ident", "4660",
                "icmp.seq", "7", "icmp.resp_to", "4", "ip.flags.df", "0");

        // A client's SSH connection to a floating IP, as it enters qg-: handshake, banner, FIN.
        add(4_000_000_000L, EthernetFrame.of(QR_MAC, VM_MAC, Ipv4Packet.of(CLIENT, FLOATING_IP, 64, 1, true,
                        TcpSegment.of(51234, 22, 1000, 0, TcpSegment.SYN, 64240, new byte[0]))),
                "frame.protocols", "eth:ethertype:ip:tcp", "tcp.flags", "0x0002", "tcp.srcport", "51234",
                "tcp.dstport", "22", "tcp.seq_raw", "1000", "tcp.ack_raw", "0", "tcp.window_size_value", "64240",
                "tcp.len", "0");
        add(4_000_100_000L, EthernetFrame.of(VM_MAC, QR_MAC, Ipv4Packet.of(FLOATING_IP, CLIENT, 64, 0, true,
                        TcpSegment.of(22, 51234, 5000, 1001, TcpSegment.SYN | TcpSegment.ACK, 65160, new byte[0]))),
                "frame.protocols", "eth:ethertype:ip:tcp", "tcp.flags", "0x0012", "tcp.seq_raw", "5000",
                "tcp.ack_raw", "1001", "tcp.ack", "1");
        add(4_000_200_000L, EthernetFrame.of(QR_MAC, VM_MAC, Ipv4Packet.of(CLIENT, FLOATING_IP, 64, 2, true,
                        TcpSegment.of(51234, 22, 1001, 5001, TcpSegment.ACK, 502, new byte[0]))),
                "frame.protocols", "eth:ethertype:ip:tcp", "tcp.flags", "0x0010", "tcp.seq", "1", "tcp.ack", "1");
        add(4_000_300_000L, EthernetFrame.of(QR_MAC, VM_MAC, Ipv4Packet.of(CLIENT, FLOATING_IP, 64, 3, true,
                        TcpSegment.of(51234, 22, 1001, 5001, TcpSegment.PSH | TcpSegment.ACK, 502,
                                "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII)))),
                "frame.protocols", "eth:ethertype:ip:tcp:ssh", "tcp.flags", "0x0018", "tcp.len", "21",
                "ssh.protocol", "SSH-2.0-OpenSSH_9.2");
        add(4_000_400_000L, EthernetFrame.of(QR_MAC, VM_MAC, Ipv4Packet.of(CLIENT, FLOATING_IP, 64, 4, true,
                        TcpSegment.of(51234, 22, 1022, 5001, TcpSegment.FIN | TcpSegment.ACK, 502, new byte[0]))),
                "frame.protocols", "eth:ethertype:ip:tcp", "tcp.flags", "0x0011", "tcp.seq", "22");

        add(5_000_000_000L, EthernetFrame.of(QR_MAC, VM_MAC, Ipv4Packet.of(VM_IP, Ipv4Address.parse("10.0.0.2"), 64,
                        UdpDatagram.of(40000, 33434, RawUdpPayload.of(new byte[] {1, 2, 3, 4, 5})))),
                "frame.protocols", "eth:ethertype:ip:udp:data", "udp.srcport", "40000", "udp.dstport", "33434",
                "udp.length", "13", "udp.checksum.status", GOOD, "data.len", "5");

        // keepalived's adverts on the HA network: TTL 255, TOS 0xc0, to 224.0.0.18 and its MAC.
        MacAddress vrrpMac = MacAddress.ipv4Multicast(VrrpAdvertisement.MULTICAST_GROUP);
        add(6_000_000_000L, EthernetFrame.of(vrrpMac, HA_MAC, Ipv4Packet.of(HA_IP, VrrpAdvertisement.MULTICAST_GROUP,
                        VrrpAdvertisement.IP_TTL, VrrpAdvertisement.v2(1, 50, 2, List.of(VIP)))
                        .withDscp(VrrpAdvertisement.IP_DSCP)),
                "frame.protocols", "eth:ethertype:ip:vrrp", "eth.dst", "01:00:5e:00:00:12", "ip.dst", "224.0.0.18",
                "ip.ttl", "255", "ip.dsfield.dscp", "48", "vrrp.version", "2", "vrrp.type", "1",
                "vrrp.virt_rtr_id", "1", "vrrp.prio", "50", "vrrp.adver_int", "2", "vrrp.ip_addr", "169.254.0.1",
                "vrrp.checksum.status", GOOD);
        add(6_500_000_000L, EthernetFrame.of(vrrpMac, HA_MAC, Ipv4Packet.of(HA_IP, VrrpAdvertisement.MULTICAST_GROUP,
                        VrrpAdvertisement.IP_TTL, VrrpAdvertisement.v3(7, 100, 150,
                                List.of(VIP, Ipv4Address.parse("10.0.0.1"))))
                        .withDscp(VrrpAdvertisement.IP_DSCP)),
                "frame.protocols", "eth:ethertype:ip:vrrp", "ip.ttl", "255", "vrrp.version", "3",
                "vrrp.virt_rtr_id", "7", "vrrp.prio", "100", "vrrp.short_adver_int", "150",
                "vrrp.ip_addr", "169.254.0.1,10.0.0.1", "vrrp.checksum.status", GOOD);
        add(7_000_000_000L, EthernetFrame.of(vrrpMac, HA_MAC, Ipv4Packet.of(HA_IP, VrrpAdvertisement.MULTICAST_GROUP,
                        VrrpAdvertisement.IP_TTL, VrrpAdvertisement.v2(1, 0, 2, List.of(VIP)))),
                "frame.protocols", "eth:ethertype:ip:vrrp", "vrrp.prio", "0", "vrrp.checksum.status", GOOD);

        // br-int's view: the VM's ARP on its local VLAN 3.
        add(8_000_000_000L, EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, whoHas).withVlan(3),
                "frame.protocols", "eth:ethertype:vlan:ethertype:arp", "frame.len", "60", "eth.type", "0x8100",
                "vlan.id", "3", "vlan.priority", "0", "vlan.etype", "0x0806", "arp.opcode", "1");
        add(8_100_000_000L, EthernetFrame.of(QR_MAC, VM_MAC, Ipv4Packet.of(VM_IP, GATEWAY, 64, ping)).withVlan(4095),
                "frame.protocols", "eth:ethertype:vlan:ethertype:ip:icmp:data", "vlan.id", "4095", "icmp.type", "8");

        // The same traffic between network node 7 and compute 1 over VXLAN, VNI 1001, outer UDP checksum 0.
        add(9_000_000_000L, underlay(VxlanPacket.encapsulate(NODE_7, COMPUTE_1, 1001,
                        EthernetFrame.of(MacAddress.BROADCAST, QR_MAC, ArpPacket.gratuitous(QR_MAC, GATEWAY)))),
                "frame.protocols", "eth:ethertype:ip:udp:vxlan:eth:ethertype:arp", "frame.len", "92",
                "eth.src", "52:54:00:00:00:07,fa:16:3e:00:00:01", "ip.src", "192.168.100.7",
                "ip.dst", "192.168.100.21", "ip.ttl", "64", "ip.flags.df", "1", "udp.dstport", "4789",
                "udp.checksum", "0x0000", "udp.checksum.status", NOT_PRESENT, "vxlan.flags", "0x0800",
                "vxlan.vni", "1001", "arp.isgratuitous", "1");
        add(9_000_100_000L, underlay(VxlanPacket.encapsulate(NODE_7, COMPUTE_1, 1001,
                        EthernetFrame.of(VM_MAC, QR_MAC, Ipv4Packet.of(GATEWAY, VM_IP, 64, 12, false, ping.reply())))),
                "frame.protocols", "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data",
                "ip.src", "192.168.100.7,10.0.0.1", "ip.ttl", "64,64", "udp.checksum.status", NOT_PRESENT,
                "vxlan.vni", "1001", "icmp.type", "0", "icmp.ident", "4660");
        add(9_000_200_000L, underlay(VxlanPacket.encapsulate(NODE_7, COMPUTE_1, 1001,
                        EthernetFrame.of(VM_MAC, QR_MAC, Ipv4Packet.of(CLIENT, VM_IP, 63, 0, true,
                                TcpSegment.of(51234, 22, 1000, 0, TcpSegment.SYN, 64240, new byte[0]))))),
                "frame.protocols", "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:tcp", "ip.ttl", "64,63",
                "udp.checksum.status", NOT_PRESENT, "vxlan.vni", "1001", "tcp.flags", "0x0002", "tcp.dstport", "22");
        add(9_000_300_000L, underlay(VxlanPacket.encapsulate(NODE_7, COMPUTE_1, 16777215,
                        EthernetFrame.of(QR_MAC, VM_MAC, Ipv4Packet.of(VM_IP, Ipv4Address.parse("10.0.0.2"), 64,
                                UdpDatagram.of(40000, 33434, RawUdpPayload.of(new byte[] {9})))))),
                "frame.protocols", "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:udp:data",
                "udp.checksum.status", NOT_PRESENT + "," + GOOD, "udp.dstport", "4789,33434", "vxlan.vni", "16777215");
        add(9_000_400_000L, underlay(VxlanPacket.encapsulate(NODE_7, COMPUTE_1, 42,
                        EthernetFrame.of(vrrpMac, HA_MAC, Ipv4Packet.of(HA_IP, VrrpAdvertisement.MULTICAST_GROUP,
                                VrrpAdvertisement.IP_TTL, VrrpAdvertisement.v3(1, 50, 200, List.of(VIP)))))),
                "frame.protocols", "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:vrrp", "vxlan.vni", "42",
                "udp.checksum.status", NOT_PRESENT,
                "vrrp.version", "3", "vrrp.prio", "50", "vrrp.checksum.status", GOOD);
        // Far into a long run: 400 days of virtual time.
        add(400L * 86_400 * 1_000_000_000 + 123_456_789, EthernetFrame.of(MacAddress.BROADCAST, VM_MAC, whoHas),
                "frame.time_epoch", "34560000.123456789", "arp.opcode", "1");
    }

    @Test
    void tsharkDecodesEveryFrameWithGoodChecksumsAndTheFieldsWritten(@TempDir Path dir)
            throws IOException, InterruptedException {
        buildCapture();
        List<Map<String, String>> rows = runTshark(dir, capture);
        assertEquals(capture.size(), rows.size(), "tshark read another number of frames");
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            String where = "frame " + (i + 1) + " (" + capture.get(i).frame() + "), tshark read " + row;
            assertEquals(String.valueOf(i + 1), row.get("frame.number"), where);
            assertEquals("", row.get("_ws.malformed"), where);
            assertNoWarnings(row, where);
            for (String status : CHECKSUM_STATUS_FIELDS) {
                if (!capture.get(i).fields().containsKey(status)) {
                    for (String value : values(row.get(status))) {
                        assertEquals(GOOD, value, status + " in " + where);
                    }
                }
            }
            for (Map.Entry<String, String> expected : capture.get(i).fields().entrySet()) {
                assertEquals(expected.getValue(), row.get(expected.getKey()), expected.getKey() + " in " + where);
            }
        }
        assertEquals(List.of(GOOD), values(rows.get(3).get("ip.checksum.status")), "IPv4 checksums were validated");
        assertEquals(List.of(GOOD), values(rows.get(5).get("tcp.checksum.status")), "TCP checksums were validated");
    }

    /**
     * The same validation catches broken checksums: without this, a misspelt preference could leave
     * everything "unverified" and the test above would prove nothing.
     */
    @Test
    void tsharkFlagsBrokenChecksumsSoTheValidationAboveIsLive(@TempDir Path dir)
            throws IOException, InterruptedException {
        List<Ipv4Packet> good = List.of(
                Ipv4Packet.of(VM_IP, GATEWAY, 64, IcmpEcho.request(1, 1, new byte[8])),
                Ipv4Packet.of(CLIENT, FLOATING_IP, 64, TcpSegment.of(51234, 22, 1, 0, TcpSegment.SYN, 100, new byte[0])),
                Ipv4Packet.of(VM_IP, GATEWAY, 64, UdpDatagram.of(40000, 33434, RawUdpPayload.of(new byte[] {1}))),
                Ipv4Packet.of(HA_IP, VrrpAdvertisement.MULTICAST_GROUP, 255, VrrpAdvertisement.v3(1, 50, 100,
                        List.of(VIP))),
                Ipv4Packet.of(HA_IP, VrrpAdvertisement.MULTICAST_GROUP, 255, RawPayload.of(89, new byte[4])));
        List<String> statusFields = List.of("icmp.checksum.status", "tcp.checksum.status", "udp.checksum.status",
                "vrrp.checksum.status", "ip.checksum.status");
        List<Captured> broken = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            byte[] bytes = good.get(i).toBytes();
            int checksumAt = switch (i) {
                case 0 -> 20 + 2;
                case 1 -> 20 + 16;
                case 2 -> 20 + 6;
                case 3 -> 20 + 6;
                default -> 10;
            };
            bytes[checksumAt] ^= 0x01;
            broken.add(new Captured(i, EthernetFrame.of(QR_MAC, VM_MAC, RawEtherPayload.of(0x0800, bytes)), Map.of()));
        }
        List<Map<String, String>> rows = runTshark(dir, broken);
        assertEquals(broken.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            assertTrue(values(row.get(statusFields.get(i))).contains(BAD), statusFields.get(i) + " not bad in " + row);
            assertTrue(values(row.get("_ws.expert.group")).contains(String.valueOf(PI_CHECKSUM)),
                    "no checksum expert info in " + row);
        }
    }

    /** Writes {@code frames} to a capture file, runs tshark over it and returns one field map per frame read. */
    private static List<Map<String, String>> runTshark(Path dir, List<Captured> frames)
            throws IOException, InterruptedException {
        Path pcap = dir.resolve("capture.pcap");
        try (OutputStream out = Files.newOutputStream(pcap); PcapWriter writer = new PcapWriter(out)) {
            for (Captured c : frames) {
                writer.write(c.timeNanos(), c.frame());
            }
        }
        Set<String> fields = new LinkedHashSet<>();
        frames.forEach(c -> fields.addAll(c.fields().keySet()));
        return Tshark.read(pcap, dir, fields);
    }
}
