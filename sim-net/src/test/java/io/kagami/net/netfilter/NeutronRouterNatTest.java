package io.kagami.net.netfilter;

import static io.kagami.net.netfilter.RouterFixture.ACK;
import static io.kagami.net.netfilter.RouterFixture.CLIENT;
import static io.kagami.net.netfilter.RouterFixture.FIP;
import static io.kagami.net.netfilter.RouterFixture.FIXED;
import static io.kagami.net.netfilter.RouterFixture.GATEWAY_IP;
import static io.kagami.net.netfilter.RouterFixture.LOCAL;
import static io.kagami.net.netfilter.RouterFixture.OTHER_SUBNET_VM;
import static io.kagami.net.netfilter.RouterFixture.PSH_ACK;
import static io.kagami.net.netfilter.RouterFixture.QG;
import static io.kagami.net.netfilter.RouterFixture.QR;
import static io.kagami.net.netfilter.RouterFixture.QR2;
import static io.kagami.net.netfilter.RouterFixture.QR_IP;
import static io.kagami.net.netfilter.RouterFixture.RST;
import static io.kagami.net.netfilter.RouterFixture.SECOND;
import static io.kagami.net.netfilter.RouterFixture.SERVER;
import static io.kagami.net.netfilter.RouterFixture.SYN;
import static io.kagami.net.netfilter.RouterFixture.SYN_ACK;
import static io.kagami.net.netfilter.RouterFixture.VM2;
import static io.kagami.net.netfilter.RouterFixture.VM3;
import static io.kagami.net.netfilter.RouterFixture.VM4;
import static io.kagami.net.netfilter.RouterFixture.segment;
import static io.kagami.net.netfilter.RouterFixture.tcp;
import static io.kagami.net.netfilter.RouterFixture.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.UdpDatagram;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NAT stories of DOMAIN.md section 5, packet by packet through one router namespace's hooks. */
class NeutronRouterNatTest {

    @Test
    void floatingIpInboundIsDnatedAndTheReplyComesFromTheFloatingIp() {
        RouterFixture node = RouterFixture.node();

        Ipv4Packet syn = tcp(CLIENT, 40_001, FIP, 22, SYN);
        Ipv4Packet afterPrerouting = node.netfilter.prerouting(0, syn, QG);
        assertEquals(FIXED, afterPrerouting.dst(), "DNAT to the fixed IP at PREROUTING");
        assertEquals(22, segment(afterPrerouting).dstPort());
        assertEquals(CLIENT, afterPrerouting.src());
        Ipv4Packet toVm = node.netfilter.postrouting(0, node.netfilter.forward(0, afterPrerouting, QG, QR), QR);
        assertEquals(CLIENT, toVm.src(), "marked 0x2 on qg-, so the DNAT'ed flow is not SNAT'ed to the gateway");
        assertEquals(FIXED, toVm.dst());

        Ipv4Packet synAck = node.receive(1, tcp(FIXED, 22, CLIENT, 40_001, SYN_ACK), QR);
        assertEquals(QG, node.lastOut);
        assertEquals(FIP, synAck.src(), "reverse NAT at POSTROUTING: the reply comes from the FIP");
        assertEquals(CLIENT, synAck.dst());
        assertEquals(40_001, segment(synAck).dstPort());

        // Further packets follow conntrack, not the rules: with the FIP moved to another VM by new rules,
        // the established flow keeps its binding and only a new connection meets the new rule.
        Ipv4Address movedTo = Ipv4Address.parse("192.168.80.99");
        node.netfilter.replaceTables(NeutronRouterRules.router(QG, GATEWAY_IP).floatingIp(FIP, movedTo).build());
        Ipv4Packet ack = node.receive(2, tcp(CLIENT, 40_001, FIP, 22, ACK), QG);
        assertEquals(FIXED, ack.dst());
        assertEquals(QR, node.lastOut);
        Ipv4Packet data = node.receive(3, tcp(FIXED, 22, CLIENT, 40_001, PSH_ACK), QR);
        assertEquals(FIP, data.src());
        Ipv4Packet newConnection = node.receive(3, tcp(CLIENT, 40_002, FIP, 22, SYN), QG);
        assertEquals(movedTo, newConnection.dst());
        node.netfilter.conntrack().kill(node.netfilter.conntrack().entries(3).get(1));

        assertEquals(List.of("tcp      6 431999 ESTABLISHED src=203.0.113.50 dst=10.0.80.10 sport=40001 dport=22"
                + " src=192.168.80.5 dst=203.0.113.50 sport=22 dport=40001 [ASSURED] mark=0 use=1"),
                node.netfilter.conntrackList(3 + SECOND));
    }

    @Test
    void theMangleTableMarksPacketsEnteringOnTheGatewayPort() {
        NetfilterTables tables = RouterFixture.rules();
        PacketInFlight fromOutside = new PacketInFlight(tcp(CLIENT, 1, FIP, 22, SYN), QG, null);
        tables.mangle().traverse(Hook.PREROUTING, fromOutside);
        assertEquals(0x2, fromOutside.mark());

        PacketInFlight fromInside = new PacketInFlight(tcp(VM2, 1, SERVER, 22, SYN), QR, null);
        tables.mangle().traverse(Hook.PREROUTING, fromInside);
        assertEquals(0, fromInside.mark());

        PacketInFlight marked = new PacketInFlight(tcp(CLIENT, 1, FIP, 22, SYN), QG, null);
        marked.setMark(0xABCD_0001L);
        tables.mangle().traverse(Hook.PREROUTING, marked);
        assertEquals(0xABCD_0002L, marked.mark(), "--set-xmark 0x2/0xffff keeps the upper 16 bits");
    }

    @Test
    void vmWithoutFloatingIpIsSnatedToTheGatewayKeepingItsPortWhenFree() {
        RouterFixture node = RouterFixture.node();

        Ipv4Packet out = node.receive(0, tcp(VM2, 40_000, SERVER, 443, SYN), QR);
        assertEquals(QG, node.lastOut);
        assertEquals(GATEWAY_IP, out.src(), "default SNAT to the router's gateway IP");
        assertEquals(40_000, segment(out).srcPort(), "the port is kept when the tuple is free");

        Ipv4Packet back = node.receive(1, tcp(SERVER, 443, GATEWAY_IP, 40_000, SYN_ACK), QG);
        assertEquals(QR, node.lastOut);
        assertEquals(VM2, back.dst());
        assertEquals(40_000, segment(back).dstPort());
    }

    @Test
    void aSourcePortClashGetsAnotherPortFromTheRover() {
        RouterFixture node = RouterFixture.node();
        node.receive(0, tcp(VM2, 40_000, SERVER, 443, SYN), QR);

        // Another VM with the same source port to the same server: GW:40000 -> SERVER:443 is taken.
        Ipv4Packet clash = node.receive(1, tcp(VM3, 40_000, SERVER, 443, SYN), QR);
        assertEquals(GATEWAY_IP, clash.src());
        int translated = segment(clash).srcPort();
        assertNotEquals(40_000, translated);
        assertEquals(1024, translated, "deterministic: the search starts at the rover, 1024 + 0");

        Ipv4Packet third = node.receive(2, tcp(VM4, 40_000, SERVER, 443, SYN), QR);
        assertEquals(1025, segment(third).srcPort(), "the rover moves on past the used port");

        Ipv4Packet back = node.receive(3, tcp(SERVER, 443, GATEWAY_IP, 1024, SYN_ACK), QG);
        assertEquals(VM3, back.dst());
        assertEquals(40_000, segment(back).dstPort());
        Ipv4Packet first = node.receive(4, tcp(SERVER, 443, GATEWAY_IP, 40_000, SYN_ACK), QG);
        assertEquals(VM2, first.dst());
    }

    @Test
    void aSourceAlreadyMappedKeepsItsMappingToAnotherDestination() {
        RouterFixture node = RouterFixture.node();
        node.receive(0, tcp(VM2, 40_000, SERVER, 443, SYN), QR);
        Ipv4Packet clash = node.receive(1, tcp(VM3, 40_000, SERVER, 443, SYN), QR);
        assertEquals(1024, segment(clash).srcPort());

        // find_appropriate_src: VM3:40000 is already seen outside as GW:1024, to any destination.
        Ipv4Packet other = node.receive(2, tcp(VM3, 40_000, CLIENT, 80, SYN), QR);
        assertEquals(GATEWAY_IP, other.src());
        assertEquals(1024, segment(other).srcPort());
    }

    @Test
    void vmWithFloatingIpGoesOutFromItsFloatingIp() {
        RouterFixture node = RouterFixture.node();
        Ipv4Packet out = node.receive(0, tcp(FIXED, 50_000, SERVER, 443, SYN), QR);
        assertEquals(QG, node.lastOut);
        assertEquals(FIP, out.src(), "float-snat comes before the default SNAT in neutron-l3-agent-snat");
        assertEquals(50_000, segment(out).srcPort());

        Ipv4Packet back = node.receive(1, tcp(SERVER, 443, FIP, 50_000, SYN_ACK), QG);
        assertEquals(FIXED, back.dst());
        assertEquals(QR, node.lastOut);
    }

    @Test
    void trafficBetweenProjectSubnetsIsNotNated() {
        RouterFixture node = RouterFixture.node();
        Ipv4Packet syn = tcp(VM2, 33_000, OTHER_SUBNET_VM, 22, SYN);
        Ipv4Packet out = node.receive(0, syn, QR);
        assertEquals(QR2, node.lastOut);
        assertEquals(VM2, out.src(), "! -o qg-X -m conntrack ! --ctstate DNAT -j ACCEPT");
        assertEquals(33_000, segment(out).srcPort());
        assertEquals(OTHER_SUBNET_VM, out.dst());

        Ipv4Packet back = node.receive(1, tcp(OTHER_SUBNET_VM, 22, VM2, 33_000, SYN_ACK), QR2);
        assertEquals(OTHER_SUBNET_VM, back.src());
        assertEquals(VM2, back.dst());
        ConntrackEntry entry = node.netfilter.conntrack().entries(1).get(0);
        assertFalse(entry.sourceNat());
        assertFalse(entry.destinationNat());
    }

    @Test
    void aVmReachingAnotherVmsFloatingIpIsSnatedToTheGatewaySoRepliesComeBackThroughTheRouter() {
        RouterFixture node = RouterFixture.node();
        Ipv4Packet out = node.receive(0, tcp(VM2, 41_000, FIP, 22, SYN), QR);
        assertEquals(QR, node.lastOut);
        assertEquals(FIXED, out.dst());
        assertEquals(GATEWAY_IP, out.src(), "-m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT -j SNAT");

        Ipv4Packet back = node.receive(1, tcp(FIXED, 22, GATEWAY_IP, segment(out).srcPort(), SYN_ACK), QR);
        assertEquals(FIP, back.src());
        assertEquals(VM2, back.dst());
    }

    @Test
    void afterFailoverAFloatingIpFlowIsPickedUpMidStreamAndSurvives() {
        RouterFixture node7 = RouterFixture.node();
        node7.receive(0, tcp(CLIENT, 40_001, FIP, 22, SYN), QG);
        node7.receive(1, tcp(FIXED, 22, CLIENT, 40_001, SYN_ACK), QR);
        node7.receive(2, tcp(CLIENT, 40_001, FIP, 22, ACK), QG);
        assertEquals(1, node7.netfilter.conntrackCount(2));

        // Node 8's namespace never saw the SYN: no conntrackd, its table is empty.
        RouterFixture node8 = RouterFixture.node();
        assertEquals(0, node8.netfilter.conntrackCount(10 * SECOND));
        Ipv4Packet midStream = node8.receive(10 * SECOND, tcp(CLIENT, 40_001, FIP, 22, PSH_ACK), QG);
        assertNotNull(midStream);
        assertEquals(QR, node8.lastOut);
        assertEquals(FIXED, midStream.dst(), "picked up (nf_conntrack_tcp_loose) and DNAT'ed by the same rule");
        assertEquals(CLIENT, midStream.src());
        assertEquals(1, node8.netfilter.stats().pickedUp());
        assertEquals(List.of("tcp      6 300 ESTABLISHED src=203.0.113.50 dst=10.0.80.10 sport=40001 dport=22"
                + " [UNREPLIED] src=192.168.80.5 dst=203.0.113.50 sport=22 dport=40001 mark=0 use=1"),
                node8.netfilter.conntrackList(10 * SECOND));

        Ipv4Packet reply = node8.receive(11 * SECOND, tcp(FIXED, 22, CLIENT, 40_001, ACK), QR);
        assertEquals(FIP, reply.src(), "the VM's answer leaves from the FIP: the flow survives");
        node8.receive(12 * SECOND, tcp(CLIENT, 40_001, FIP, 22, ACK), QG);
        ConntrackEntry entry = node8.netfilter.conntrack().entries(12 * SECOND).get(0);
        assertTrue(entry.assured());
        assertEquals(432_000, entry.secondsLeft(12 * SECOND));
        assertEquals(0, node8.netfilter.stats().droppedOrUntranslated());
    }

    @Test
    void afterFailoverADefaultSnatFlowLosesItsPortMappingAndBreaks() {
        RouterFixture node7 = RouterFixture.node();
        node7.receive(0, tcp(VM2, 40_000, SERVER, 443, SYN), QR);
        Ipv4Packet out = node7.receive(1, tcp(VM3, 40_000, SERVER, 443, SYN), QR);
        int translated = segment(out).srcPort();
        node7.receive(2, tcp(SERVER, 443, GATEWAY_IP, translated, SYN_ACK), QG);
        node7.receive(3, tcp(VM3, 40_000, SERVER, 443, ACK), QR);

        RouterFixture node8 = RouterFixture.node();
        Ipv4Packet reply = node8.receive(10 * SECOND, tcp(SERVER, 443, GATEWAY_IP, translated, PSH_ACK), QG);
        assertEquals(LOCAL, node8.lastOut, "no entry and no rule: it stays addressed to the gateway IP");
        assertEquals(GATEWAY_IP, reply.dst());
        assertEquals(translated, segment(reply).dstPort());
        assertEquals(1, node8.netfilter.stats().untranslatedMidStream());

        // No socket on GW:translated, so the namespace's stack answers with a RST, which ends the entry.
        Ipv4Packet rst = node8.send(10 * SECOND, tcp(GATEWAY_IP, translated, SERVER, 443, RST));
        assertEquals(QG, node8.lastOut);
        assertEquals(GATEWAY_IP, rst.src());
        assertEquals(translated, segment(rst).srcPort());
        assertEquals(0, node8.netfilter.conntrackCount(10 * SECOND), "a RST before any reply deletes the entry");
    }

    @Test
    void metadataRedirectMatchesOnlyTcpPort80FromProjectInterfaces() {
        RouterFixture node = RouterFixture.node();
        Ipv4Packet metadata = node.receive(0, tcp(VM2, 45_000, NeutronRouterRules.METADATA_ADDRESS, 80, SYN), QR);
        assertEquals(LOCAL, node.lastOut);
        assertEquals(QR_IP, metadata.dst(), "REDIRECT: the primary address of the incoming qr- interface");
        assertEquals(NeutronRouterRules.METADATA_PROXY_PORT, segment(metadata).dstPort());

        Ipv4Packet answer = node.send(1, tcp(QR_IP, 9697, VM2, 45_000, SYN_ACK));
        assertEquals(NeutronRouterRules.METADATA_ADDRESS, answer.src(), "the proxy answers as 169.254.169.254:80");
        assertEquals(80, segment(answer).srcPort());

        Ipv4Packet https = node.receive(2, tcp(VM2, 45_001, NeutronRouterRules.METADATA_ADDRESS, 443, SYN), QR);
        assertEquals(NeutronRouterRules.METADATA_ADDRESS, https.dst(), "--dport 80 only");
        Ipv4Packet fromOutside = node.receive(3, tcp(CLIENT, 45_002, NeutronRouterRules.METADATA_ADDRESS, 80, SYN), QG);
        assertEquals(NeutronRouterRules.METADATA_ADDRESS, fromOutside.dst(), "-i qr-+ only");
        Ipv4Packet overUdp = node.receive(4, udp(VM2, 45_003, NeutronRouterRules.METADATA_ADDRESS, 80), QR);
        assertEquals(NeutronRouterRules.METADATA_ADDRESS, overUdp.dst(), "-p tcp only");
        assertEquals(80, ((UdpDatagram) overUdp.payload()).dstPort());
        Ipv4Packet toOtherAddress = node.receive(5, tcp(VM2, 45_004, SERVER, 80, SYN), QR);
        assertEquals(SERVER, toOtherAddress.dst(), "-d 169.254.169.254/32 only");
    }

    @Test
    void aRedirectOnAnInterfaceWithoutAddressDropsThePacket() {
        // An HA backup keeps its qr- without addresses (DOMAIN.md section 5).
        Netfilter backup = Netfilter.forRouter(RouterFixture.rules(), name -> null);
        assertNull(backup.prerouting(0, tcp(VM2, 45_000, NeutronRouterRules.METADATA_ADDRESS, 80, SYN), QR));
        assertEquals(1, backup.stats().dropped());
    }

    @Test
    void routerAddressesAnswerWithoutNat() {
        RouterFixture node = RouterFixture.node();
        Ipv4Packet ping = node.receive(0, RouterFixture.ping(VM2, QR_IP, 7), QR);
        assertEquals(LOCAL, node.lastOut);
        assertEquals(QR_IP, ping.dst());
        Ipv4Packet pong = node.send(1, RouterFixture.pong(QR_IP, VM2, 7));
        assertEquals(QR, node.lastOut);
        assertEquals(QR_IP, pong.src(), "! -o qg-X ... -j ACCEPT: nothing to translate");
    }

    @Test
    void pingThroughDefaultSnatTranslatesTheEchoIdentifierOnAClash() {
        RouterFixture node = RouterFixture.node();
        Ipv4Packet first = node.receive(0, RouterFixture.ping(VM2, SERVER, 77), QR);
        assertEquals(GATEWAY_IP, first.src());
        assertEquals(77, ((IcmpEcho) first.payload()).id());
        Ipv4Packet second = node.receive(1, RouterFixture.ping(VM3, SERVER, 77), QR);
        int id = ((IcmpEcho) second.payload()).id();
        assertNotEquals(77, id, "the identifier is the ICMP 'port'");

        Ipv4Packet reply = node.receive(2, RouterFixture.pong(SERVER, GATEWAY_IP, id), QG);
        assertEquals(VM3, reply.dst());
        assertEquals(77, ((IcmpEcho) reply.payload()).id());
    }
}
