package io.kagami.net.netfilter;

import static io.kagami.net.netfilter.RouterFixture.CLIENT;
import static io.kagami.net.netfilter.RouterFixture.FIP;
import static io.kagami.net.netfilter.RouterFixture.QG;
import static io.kagami.net.netfilter.RouterFixture.QR;
import static io.kagami.net.netfilter.RouterFixture.SYN;
import static io.kagami.net.netfilter.RouterFixture.VM2;
import static io.kagami.net.netfilter.RouterFixture.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** iptables rules as data: parsing, printing, matching, and the checks a table makes on load. */
class RuleTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "-d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 9697",
        "! -o qg-7f3e2a1b-9c -m conntrack ! --ctstate DNAT -j ACCEPT",
        "-m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT -j SNAT --to-source 10.0.80.3",
        "-s 192.168.80.5/32 -j SNAT --to-source 10.0.80.10 --random-fully",
        "-i qg-7f3e2a1b-9c -j MARK --set-xmark 0x2/0xffff",
        "-m comment --comment \"Perform source NAT on outgoing traffic.\" -j neutron-l3-agent-snat",
        "-p udp -m udp --sport 67:68 ! --dport 53 -j DROP",
        "-s 10.0.0.0/8 ! -d 10.1.0.0/16 -j RETURN",
        "-d 10.0.80.10/32 -p tcp -m tcp --dport 2222 -j DNAT --to-destination 192.168.80.5:22",
        "-m conntrack --ctstate NEW,ESTABLISHED,DNAT -j ACCEPT",
    })
    void savedRulesReadBackAsThemselves(String text) {
        assertEquals(text, Rule.parse(text).toString());
    }

    @Test
    void printingPutsBasicMatchesFirstAsIptablesSaveDoes() {
        assertEquals("-d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 9697",
                Rule.parse("-p tcp -i qr-+ --dport 80 -d 169.254.169.254 -j REDIRECT --to-ports 9697").toString());
        assertEquals("-s 10.0.0.0/24 -j ACCEPT", Rule.parse("-s 10.0.0.5/24 -j ACCEPT").toString());
        assertEquals("-j MARK --set-xmark 0x2/0xffffffff", Rule.parse("-j MARK --set-mark 0x2").toString());
    }

    @Test
    void interfacePatternsAndNegation() {
        Rule anyQr = Rule.parse("-i qr-+ -j ACCEPT");
        assertTrue(anyQr.matches(new PacketInFlight(tcp(VM2, 1, CLIENT, 2, SYN), QR, null)));
        assertFalse(anyQr.matches(new PacketInFlight(tcp(CLIENT, 1, FIP, 2, SYN), QG, null)));
        assertFalse(anyQr.matches(new PacketInFlight(tcp(VM2, 1, CLIENT, 2, SYN), null, null)), "local: no input");

        Rule notQg = Rule.parse("! -o " + QG + " -j ACCEPT");
        assertTrue(notQg.matches(new PacketInFlight(tcp(VM2, 1, CLIENT, 2, SYN), QR, QR)));
        assertFalse(notQg.matches(new PacketInFlight(tcp(VM2, 1, CLIENT, 2, SYN), QR, QG)));
        Rule exact = Rule.parse("-o qg-7f3e2a1b -j ACCEPT");
        assertFalse(exact.matches(new PacketInFlight(tcp(VM2, 1, CLIENT, 2, SYN), QR, QG)), "no + means exact");
    }

    @Test
    void interfacesTheKernelDoesNotKnowAtAHookMatchNothing() {
        // Why Neutron dropped "! -i qg-X" from POSTROUTING: there is no input interface there.
        Table nat = Table.builder("nat").append("POSTROUTING", "-i qg-+ -j SNAT --to-source 10.0.80.3")
                .append("PREROUTING", "-o qr-+ -j DNAT --to-destination 192.168.80.5").build();
        PacketInFlight packet = new PacketInFlight(tcp(CLIENT, 1, FIP, 2, SYN), QG, QR);
        assertInstanceOf(Target.Accept.class, nat.traverse(Hook.POSTROUTING, packet));
        assertInstanceOf(Target.Accept.class, nat.traverse(Hook.PREROUTING, packet));
        assertEquals(QG, new PacketInFlight(tcp(CLIENT, 1, FIP, 2, SYN), QG, QR).inInterface(), "outside hooks");
    }

    @Test
    void markMatchesUnderItsMask() {
        Rule notExternal = Rule.parse("-m mark ! --mark 0x2/0xffff -j ACCEPT");
        PacketInFlight packet = new PacketInFlight(tcp(CLIENT, 1, FIP, 2, SYN), QG, null);
        packet.setMark(0x4000_0002L);
        assertFalse(notExternal.matches(packet), "upper bits are outside the mask");
        packet.setMark(0x3);
        assertTrue(notExternal.matches(packet));
    }

    @Test
    void malformedOrUnmodelledRulesAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rule.parse("-s 10.0.0.1 --foo -j ACCEPT"))
                .getMessage().contains("'--foo' not modelled"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rule.parse("--dport 80 -j ACCEPT"))
                .getMessage().contains("needs -p tcp or -p udp"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rule.parse("-j MASQUERADE"))
                .getMessage().contains("target 'MASQUERADE' not modelled"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rule.parse("-d 10.0.0.1/33 -j ACCEPT"))
                .getMessage().contains("10.0.0.1/33"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rule.parse("-d 10.0.0.1"))
                .getMessage().contains("no target"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rule.parse("--mark 0x2 -j ACCEPT"))
                .getMessage().contains("needs -m mark"));
    }

    @Test
    void aTableRefusesTargetsInHooksTheKernelForbids() {
        Table.Builder nat = Table.builder("nat").chain("x").append("PREROUTING", "-j x")
                .append("x", "-j SNAT --to-source 10.0.0.1");
        assertTrue(assertThrows(IllegalArgumentException.class, nat::build).getMessage()
                .contains("reached from PREROUTING"));
        assertThrows(IllegalArgumentException.class,
                () -> Table.builder("mangle").append("PREROUTING", "-j DNAT --to-destination 10.0.0.1"));
        assertThrows(IllegalArgumentException.class,
                () -> Table.builder("nat").append("PREROUTING", "-j nowhere").build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Table.builder("nat").chain("a").chain("b")
                .append("OUTPUT", "-j a").append("a", "-j b").append("b", "-j a").build())
                .getMessage().contains("loop"));
    }

    @Test
    void traversalFollowsJumpsReturnsAndMarks() {
        Table mangle = Table.builder("mangle").chain("one").chain("two")
                .append("PREROUTING", "-j one")
                .append("PREROUTING", "-j MARK --set-xmark 0x10/0xf0")
                .append("one", "-j MARK --set-xmark 0x1/0xf")
                .append("one", "-j two")
                .append("one", "-j DROP")
                .append("two", "-j RETURN")
                .append("two", "-j MARK --set-xmark 0x2/0xf")
                .build();
        PacketInFlight packet = new PacketInFlight(tcp(VM2, 1, CLIENT, 2, SYN), QR, null);
        assertInstanceOf(Target.Drop.class, mangle.traverse(Hook.PREROUTING, packet));
        assertEquals(0x1, packet.mark(), "RETURN left 'two' before its MARK; DROP ended the walk");

        Table accepting = Table.builder("mangle").append("PREROUTING", "-j MARK --set-xmark 0x10/0xf0").build();
        PacketInFlight other = new PacketInFlight(tcp(VM2, 1, CLIENT, 2, SYN), QR, null);
        assertInstanceOf(Target.Accept.class, accepting.traverse(Hook.PREROUTING, other), "the policy");
        assertEquals(0x10, other.mark());
    }
}
