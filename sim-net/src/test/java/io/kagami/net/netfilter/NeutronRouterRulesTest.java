package io.kagami.net.netfilter;

import static io.kagami.net.netfilter.RouterFixture.FIP;
import static io.kagami.net.netfilter.RouterFixture.FIXED;
import static io.kagami.net.netfilter.RouterFixture.GATEWAY_IP;
import static io.kagami.net.netfilter.RouterFixture.QG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules Neutron's L3 agent writes, as iptables-save shows them in the qrouter namespace. */
class NeutronRouterRulesTest {

    @Test
    void natTableOfARouterWithOneFloatingIpAsIptablesSavePrintsIt() {
        // Written from Neutron's layout (iptables_manager.py, router_info.py, metadata/driver.py) and the
        // iptables-save order: built-in chains first, user chains sorted, rules chain by chain.
        List<String> expected = List.of(
                "*nat",
                ":PREROUTING ACCEPT [0:0]",
                ":INPUT ACCEPT [0:0]",
                ":OUTPUT ACCEPT [0:0]",
                ":POSTROUTING ACCEPT [0:0]",
                ":neutron-l3-agent-OUTPUT - [0:0]",
                ":neutron-l3-agent-POSTROUTING - [0:0]",
                ":neutron-l3-agent-PREROUTING - [0:0]",
                ":neutron-l3-agent-float-snat - [0:0]",
                ":neutron-l3-agent-snat - [0:0]",
                ":neutron-postrouting-bottom - [0:0]",
                "-A PREROUTING -j neutron-l3-agent-PREROUTING",
                "-A OUTPUT -j neutron-l3-agent-OUTPUT",
                "-A POSTROUTING -j neutron-l3-agent-POSTROUTING",
                "-A POSTROUTING -j neutron-postrouting-bottom",
                "-A neutron-l3-agent-OUTPUT -d 10.0.80.10/32 -j DNAT --to-destination 192.168.80.5",
                "-A neutron-l3-agent-POSTROUTING ! -o qg-7f3e2a1b-9c -m conntrack ! --ctstate DNAT -j ACCEPT",
                "-A neutron-l3-agent-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80"
                        + " -j REDIRECT --to-ports 9697",
                "-A neutron-l3-agent-PREROUTING -d 10.0.80.10/32 -j DNAT --to-destination 192.168.80.5",
                "-A neutron-l3-agent-float-snat -s 192.168.80.5/32 -j SNAT --to-source 10.0.80.10",
                "-A neutron-l3-agent-snat -j neutron-l3-agent-float-snat",
                "-A neutron-l3-agent-snat -o qg-7f3e2a1b-9c -j SNAT --to-source 10.0.80.3",
                "-A neutron-l3-agent-snat -m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT"
                        + " -j SNAT --to-source 10.0.80.3",
                "-A neutron-postrouting-bottom -m comment --comment \"Perform source NAT on outgoing traffic.\""
                        + " -j neutron-l3-agent-snat",
                "COMMIT");
        Netfilter netfilter = Netfilter.forRouter(RouterFixture.rules(), RouterFixture.ADDRESSES::get);
        List<String> actual = netfilter.iptablesSave("nat").lines().toList();
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "line " + (i + 1));
        }
        assertEquals(expected.size(), actual.size());
        assertTrue(netfilter.iptablesSave("nat").endsWith("COMMIT\n"));
    }

    @Test
    void mangleTableMarksIngressOnTheGatewayPort() {
        List<String> expected = List.of(
                "*mangle",
                ":PREROUTING ACCEPT [0:0]",
                ":INPUT ACCEPT [0:0]",
                ":FORWARD ACCEPT [0:0]",
                ":OUTPUT ACCEPT [0:0]",
                ":POSTROUTING ACCEPT [0:0]",
                ":neutron-l3-agent-FORWARD - [0:0]",
                ":neutron-l3-agent-INPUT - [0:0]",
                ":neutron-l3-agent-OUTPUT - [0:0]",
                ":neutron-l3-agent-POSTROUTING - [0:0]",
                ":neutron-l3-agent-PREROUTING - [0:0]",
                ":neutron-l3-agent-mark - [0:0]",
                "-A PREROUTING -j neutron-l3-agent-PREROUTING",
                "-A INPUT -j neutron-l3-agent-INPUT",
                "-A FORWARD -j neutron-l3-agent-FORWARD",
                "-A OUTPUT -j neutron-l3-agent-OUTPUT",
                "-A POSTROUTING -j neutron-l3-agent-POSTROUTING",
                "-A neutron-l3-agent-PREROUTING -j neutron-l3-agent-mark",
                "-A neutron-l3-agent-mark -i qg-7f3e2a1b-9c -j MARK --set-xmark 0x2/0xffff",
                "COMMIT");
        assertEquals(expected, RouterFixture.rules().save("mangle").lines().toList());
    }

    @Test
    void floatingIpsKeepTheirOrderAndSnatCanBeTurnedOff() {
        NetfilterTables tables = NeutronRouterRules.router(QG, GATEWAY_IP)
                .floatingIp(FIP, FIXED)
                .floatingIp(io.kagami.net.packet.Ipv4Address.parse("10.0.80.11"),
                        io.kagami.net.packet.Ipv4Address.parse("192.168.80.9"))
                .enableSnat(false)
                .metadataProxyPort(-1)
                .build();
        List<String> snat = tables.nat().chain("neutron-l3-agent-snat").rules().stream().map(Rule::toString).toList();
        assertEquals(List.of("-j neutron-l3-agent-float-snat",
                "-m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT -j SNAT --to-source 10.0.80.3"), snat);
        List<String> prerouting = tables.nat().chain("neutron-l3-agent-PREROUTING").rules().stream()
                .map(Rule::toString).toList();
        assertEquals(List.of("-d 10.0.80.10/32 -j DNAT --to-destination 192.168.80.5",
                "-d 10.0.80.11/32 -j DNAT --to-destination 192.168.80.9"), prerouting);
    }

    @Test
    void randomFullyIsAppendedToTheSnatRulesWhenAsked() {
        NetfilterTables tables = NeutronRouterRules.router(QG, GATEWAY_IP).floatingIp(FIP, FIXED).randomFully(true)
                .build();
        assertEquals("-s 192.168.80.5/32 -j SNAT --to-source 10.0.80.10 --random-fully",
                tables.nat().chain("neutron-l3-agent-float-snat").rules().get(0).toString());
    }
}
