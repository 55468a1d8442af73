package io.kagami.net.netfilter;

import static io.kagami.net.netfilter.RouterFixture.ACK;
import static io.kagami.net.netfilter.RouterFixture.FIN_ACK;
import static io.kagami.net.netfilter.RouterFixture.GATEWAY_IP;
import static io.kagami.net.netfilter.RouterFixture.QG;
import static io.kagami.net.netfilter.RouterFixture.QR;
import static io.kagami.net.netfilter.RouterFixture.RST;
import static io.kagami.net.netfilter.RouterFixture.SECOND;
import static io.kagami.net.netfilter.RouterFixture.SERVER;
import static io.kagami.net.netfilter.RouterFixture.SYN;
import static io.kagami.net.netfilter.RouterFixture.SYN_ACK;
import static io.kagami.net.netfilter.RouterFixture.VM2;
import static io.kagami.net.netfilter.RouterFixture.ping;
import static io.kagami.net.netfilter.RouterFixture.pong;
import static io.kagami.net.netfilter.RouterFixture.segment;
import static io.kagami.net.netfilter.RouterFixture.tcp;
import static io.kagami.net.netfilter.RouterFixture.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.net.packet.Ipv4Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conntrack's states and timeouts in virtual time, through a router namespace's hooks. */
class ConntrackTest {

    /** A full handshake VM2:40000 -> SERVER:443 through default SNAT, the last packet at {@code at}. */
    private static RouterFixture establish(long at) {
        RouterFixture node = RouterFixture.node();
        node.receive(at, tcp(VM2, 40_000, SERVER, 443, SYN), QR);
        node.receive(at, tcp(SERVER, 443, GATEWAY_IP, 40_000, SYN_ACK), QG);
        node.receive(at, tcp(VM2, 40_000, SERVER, 443, ACK), QR);
        return node;
    }

    @Test
    void anIcmpEntryExpiresAfter30Seconds() {
        RouterFixture node = RouterFixture.node();
        long t0 = 5 * SECOND;
        node.receive(t0, ping(VM2, SERVER, 9), QR);
        assertEquals(1, node.netfilter.conntrackCount(t0));
        assertEquals(List.of("icmp     1 30 src=192.168.80.6 dst=198.51.100.20 type=8 code=0 id=9 [UNREPLIED]"
                + " src=198.51.100.20 dst=10.0.80.3 type=0 code=0 id=9 mark=0 use=1"),
                node.netfilter.conntrackList(t0));
        assertEquals(1, node.netfilter.conntrackCount(t0 + 30 * SECOND - 1));
        assertEquals(0, node.netfilter.conntrackCount(t0 + 30 * SECOND));

        // The late reply finds nothing: an echo reply cannot start a connection, so it passes untranslated.
        Ipv4Packet late = node.receive(t0 + 31 * SECOND, pong(SERVER, GATEWAY_IP, 9), QG);
        assertEquals(GATEWAY_IP, late.dst());
        assertEquals(1, node.netfilter.stats().invalid());
    }

    @Test
    void anEchoReplyRefreshesTheEntry() {
        RouterFixture node = RouterFixture.node();
        node.receive(0, ping(VM2, SERVER, 9), QR);
        Ipv4Packet reply = node.receive(20 * SECOND, pong(SERVER, GATEWAY_IP, 9), QG);
        assertEquals(VM2, reply.dst());
        assertEquals(1, node.netfilter.conntrackCount(49 * SECOND));
        assertEquals(0, node.netfilter.conntrackCount(50 * SECOND));
    }

    @Test
    void anEstablishedTcpEntryLasts432000Seconds() {
        long t0 = 7 * SECOND;
        RouterFixture node = establish(t0);
        ConntrackEntry entry = node.netfilter.conntrack().entries(t0).get(0);
        assertEquals(TcpConntrackState.ESTABLISHED, entry.tcpState());
        assertTrue(entry.assured());
        assertTrue(entry.sourceNat());
        assertEquals(1, node.netfilter.conntrackCount(t0 + 432_000 * SECOND - 1));
        assertEquals(0, node.netfilter.conntrackCount(t0 + 432_000 * SECOND));

        // After expiry the reply is a stranger: picked up on its own, to the gateway IP itself.
        Ipv4Packet late = node.receive(t0 + 432_001 * SECOND, tcp(SERVER, 443, GATEWAY_IP, 40_000, ACK), QG);
        assertEquals(GATEWAY_IP, late.dst());
    }

    @Test
    void aClosedTcpEntryExpiresAfter10Seconds() {
        RouterFixture node = establish(0);
        long t1 = 100 * SECOND;
        node.receive(t1, tcp(SERVER, 443, GATEWAY_IP, 40_000, RST), QG);
        ConntrackEntry entry = node.netfilter.conntrack().entries(t1).get(0);
        assertEquals(TcpConntrackState.CLOSE, entry.tcpState());
        assertEquals(1, node.netfilter.conntrackCount(t1 + 10 * SECOND - 1));
        assertEquals(0, node.netfilter.conntrackCount(t1 + 10 * SECOND));
    }

    @Test
    void tcpCloseGoesThroughFinWaitCloseWaitLastAckTimeWait() {
        RouterFixture node = establish(0);
        Conntrack conntrack = node.netfilter.conntrack();
        node.receive(1, tcp(VM2, 40_000, SERVER, 443, FIN_ACK), QR);
        assertEquals(TcpConntrackState.FIN_WAIT, conntrack.entries(1).get(0).tcpState());
        assertEquals(120, conntrack.entries(1).get(0).secondsLeft(1));
        node.receive(2, tcp(SERVER, 443, GATEWAY_IP, 40_000, ACK), QG);
        assertEquals(TcpConntrackState.CLOSE_WAIT, conntrack.entries(2).get(0).tcpState());
        node.receive(3, tcp(SERVER, 443, GATEWAY_IP, 40_000, FIN_ACK), QG);
        assertEquals(TcpConntrackState.LAST_ACK, conntrack.entries(3).get(0).tcpState());
        node.receive(4, tcp(VM2, 40_000, SERVER, 443, ACK), QR);
        ConntrackEntry entry = conntrack.entries(4).get(0);
        assertEquals(TcpConntrackState.TIME_WAIT, entry.tcpState());
        assertEquals(120, entry.secondsLeft(4));
    }

    @Test
    void aSynOnATimeWaitEntryStartsANewConnection() {
        RouterFixture node = establish(0);
        node.receive(1, tcp(VM2, 40_000, SERVER, 443, FIN_ACK), QR);
        node.receive(2, tcp(SERVER, 443, GATEWAY_IP, 40_000, FIN_ACK), QG);
        node.receive(3, tcp(VM2, 40_000, SERVER, 443, ACK), QR);
        ConntrackEntry old = node.netfilter.conntrack().entries(3).get(0);
        assertEquals(TcpConntrackState.TIME_WAIT, old.tcpState());

        Ipv4Packet again = node.receive(4, tcp(VM2, 40_000, SERVER, 443, SYN), QR);
        assertEquals(GATEWAY_IP, again.src());
        ConntrackEntry reopened = node.netfilter.conntrack().entries(4).get(0);
        assertNotEquals(old, reopened);
        assertEquals(TcpConntrackState.SYN_SENT, reopened.tcpState());
        assertEquals(1, node.netfilter.conntrackCount(4));
    }

    @Test
    void withoutTcpLooseAMidStreamSegmentIsInvalidAndNotNated() {
        Netfilter strict = new Netfilter(RouterFixture.rules(), ConntrackSettings.defaults().withTcpLoose(false),
                RouterFixture.ADDRESSES::get);
        RouterFixture node = new RouterFixture(strict);
        Ipv4Packet midStream = node.receive(0, tcp(RouterFixture.CLIENT, 40_001, RouterFixture.FIP, 22, ACK), QG);
        assertEquals(RouterFixture.FIP, midStream.dst(), "untracked packets skip the nat table");
        assertEquals(1, strict.stats().invalid());
        assertEquals(0, strict.conntrackCount(0));
    }

    @Test
    void aFinOrRstWithoutAnEntryIsInvalid() {
        RouterFixture node = RouterFixture.node();
        node.receive(0, tcp(VM2, 40_000, SERVER, 443, FIN_ACK), QR);
        node.receive(0, tcp(VM2, 40_001, SERVER, 443, RST), QR);
        assertEquals(2, node.netfilter.stats().invalid());
        assertEquals(0, node.netfilter.conntrackCount(0));
    }

    @Test
    void udpGetsTheStreamTimeoutOnceRepliedAndOlderThanTwoSeconds() {
        RouterFixture node = RouterFixture.node();
        node.receive(0, udp(VM2, 5353, SERVER, 53), QR);
        ConntrackEntry entry = node.netfilter.conntrack().entries(0).get(0);
        assertEquals(30, entry.secondsLeft(0));
        assertEquals("udp      17 30 src=192.168.80.6 dst=198.51.100.20 sport=5353 dport=53 [UNREPLIED]"
                + " src=198.51.100.20 dst=10.0.80.3 sport=53 dport=5353 mark=0 use=1", entry.conntrackLine(0));
        Ipv4Packet answer = node.receive(SECOND, udp(SERVER, 53, GATEWAY_IP, 5353), QG);
        assertEquals(VM2, answer.dst());
        assertEquals(30, entry.secondsLeft(SECOND));
        assertFalse(entry.assured());
        node.receive(3 * SECOND, udp(VM2, 5353, SERVER, 53), QR);
        assertEquals(120, entry.secondsLeft(3 * SECOND));
        assertTrue(entry.assured());
    }

    @Test
    void otherProtocolsAreTrackedByAddressFor600Seconds() {
        Netfilter netfilter = Netfilter.forRouter(NetfilterTables.empty(), name -> null);
        Ipv4Packet vrrp = Ipv4Packet.of(io.kagami.net.packet.Ipv4Address.parse("169.254.192.1"),
                io.kagami.net.packet.Ipv4Address.parse("224.0.0.18"), 255,
                io.kagami.net.packet.RawPayload.of(112, new byte[20]));
        assertSame(vrrp, netfilter.postrouting(0, netfilter.output(0, vrrp), "ha-1234567890a"));
        assertEquals(List.of("unknown  112 600 src=169.254.192.1 dst=224.0.0.18 [UNREPLIED]"
                + " src=224.0.0.18 dst=169.254.192.1 mark=0 use=1"), netfilter.conntrackList(0));
    }

    @Test
    void aFullTableDropsNewConnections() {
        Netfilter small = new Netfilter(RouterFixture.rules(),
                new ConntrackSettings(true, 1, ConntrackTimeouts.KERNEL_DEFAULTS), RouterFixture.ADDRESSES::get);
        RouterFixture node = new RouterFixture(small);
        node.receive(0, tcp(VM2, 40_000, SERVER, 443, SYN), QR);
        assertNull(node.receive(0, tcp(VM2, 40_001, SERVER, 443, SYN), QR));
        assertEquals(1, small.stats().dropped());
        // Once the first entry expired (SYN_SENT, 120 s) there is room again.
        assertEquals(40_002, segment(node.receive(120 * SECOND, tcp(VM2, 40_002, SERVER, 443, SYN), QR)).srcPort());
    }

    @Test
    void entriesAreNotSharedBetweenNamespaces() {
        RouterFixture node7 = establish(0);
        RouterFixture node8 = RouterFixture.node();
        assertEquals(1, node7.netfilter.conntrackCount(1));
        assertEquals(0, node8.netfilter.conntrackCount(1));
    }

    @Test
    void neutronDeletesConntrackStateOfARemovedAddress() {
        RouterFixture node = establish(0);
        node.receive(1, ping(VM2, SERVER, 3), QR);
        assertEquals(2, node.netfilter.conntrack().deleteByAddress(GATEWAY_IP, 1));
        assertEquals(0, node.netfilter.conntrackCount(1));
    }
}
