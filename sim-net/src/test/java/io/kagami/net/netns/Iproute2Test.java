package io.kagami.net.netns;

import static io.kagami.net.netns.Lab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.wire.Fabric;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ip addr}, {@code ip route} and {@code ip neigh} as iproute2 prints them, line by line: a
 * master qrouter namespace after keepalived added its VIPs and route, and the odd states (no
 * carrier, admin down, a secondary address, neighbour states without an address).
 */
@ExtendWith(SharedKernel.class)
class Iproute2Test {

    private static final String NAME = "qrouter-8c1b6f2e-5d3a-4f0e-9b1c-2a7e6d5c4b3a";
    private static final String HA = "ha-3f1c2b7e-4a";
    private static final String QR = "qr-7d2e9a10-b3";
    private static final String QG = "qg-0c0039d6-0e";

    private final NamespaceSnapshot master;

    /** The L3 agent's ha- address at start; keepalived, entering MASTER at 1 s, adds the rest. */
    Iproute2Test(Kernel kernel) {
        Lab lab = new Lab();
        Fabric.Device router = lab.namespace(NamespaceConfig.of(NAME, List.of(
                        InterfaceConfig.ovsInternal(HA, MacAddress.parse("fa:16:3e:5a:1b:2c"), 1450).withIfindex(12)
                                .withAddress(InterfaceAddress.parse("169.254.192.1/18").withBroadcast()),
                        InterfaceConfig.ovsInternal(QR, MacAddress.parse("fa:16:3e:93:54:03"), 1450).withIfindex(13),
                        InterfaceConfig.ovsInternal(QG, MacAddress.parse("fa:16:3e:2c:7e:d7"), 1500).withIfindex(14)))
                .withSysctls(Sysctls.HA_ROUTER));
        lab.at(1, router, new NamespaceCommand.AddAddress(HA, ip("169.254.0.1"), 24));
        lab.at(1, router, new NamespaceCommand.AddAddress(QR, ip("192.168.80.1"), 24));
        lab.at(1, router, new NamespaceCommand.AddAddress(QG, ip("10.0.80.3"), 24));
        lab.at(1, router, new NamespaceCommand.AddAddress(QG, ip("10.0.80.10"), 32));
        lab.at(1, router, new NamespaceCommand.AddRoute(Route.defaultVia(ip("10.0.80.1"), QG)));
        lab.at(2, router, new NamespaceCommand.Snapshot());
        RunResult run = lab.run(kernel, 3);
        master = Lab.recorded(run, NAME, NamespaceSnapshot.class).get(0).value();
    }

    @Test
    void ipAddrOfAMasterRouter() {
        assertLines(List.of(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000",
                "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
                "    inet 127.0.0.1/8 scope host lo",
                "       valid_lft forever preferred_lft forever",
                "12: ha-3f1c2b7e-4a: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default qlen 1000",
                "    link/ether fa:16:3e:5a:1b:2c brd ff:ff:ff:ff:ff:ff",
                "    inet 169.254.192.1/18 brd 169.254.255.255 scope global ha-3f1c2b7e-4a",
                "       valid_lft forever preferred_lft forever",
                "    inet 169.254.0.1/24 scope global ha-3f1c2b7e-4a",
                "       valid_lft forever preferred_lft forever",
                "13: qr-7d2e9a10-b3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default qlen 1000",
                "    link/ether fa:16:3e:93:54:03 brd ff:ff:ff:ff:ff:ff",
                "    inet 192.168.80.1/24 scope global qr-7d2e9a10-b3",
                "       valid_lft forever preferred_lft forever",
                "14: qg-0c0039d6-0e: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN group default qlen 1000",
                "    link/ether fa:16:3e:2c:7e:d7 brd ff:ff:ff:ff:ff:ff",
                "    inet 10.0.80.3/24 scope global qg-0c0039d6-0e",
                "       valid_lft forever preferred_lft forever",
                "    inet 10.0.80.10/32 scope global qg-0c0039d6-0e",
                "       valid_lft forever preferred_lft forever"),
                Iproute2.addr(master));
    }

    @Test
    void ipRouteOfAMasterRouterWithIproute2sTrailingSpaces() {
        assertLines(List.of(
                "default via 10.0.80.1 dev qg-0c0039d6-0e ",
                "10.0.80.0/24 dev qg-0c0039d6-0e proto kernel scope link src 10.0.80.3 ",
                "169.254.0.0/24 dev ha-3f1c2b7e-4a proto kernel scope link src 169.254.0.1 ",
                "169.254.192.0/18 dev ha-3f1c2b7e-4a proto kernel scope link src 169.254.192.1 ",
                "192.168.80.0/24 dev qr-7d2e9a10-b3 proto kernel scope link src 192.168.80.1 "),
                Iproute2.route(master));
    }

    @Test
    void noCarrierAdminDownSecondaryAndNeighbourStates() {
        NamespaceSnapshot odd = new NamespaceSnapshot("vm", List.of(
                new NamespaceSnapshot.Link(2, "eth0", LinkKind.ETHERNET, Lab.mac(5), 1450, true, false, List.of(
                        new NamespaceSnapshot.Address(InterfaceAddress.parse("10.0.0.5/24").withBroadcast(), false),
                        new NamespaceSnapshot.Address(InterfaceAddress.parse("10.0.0.6/24"), true))),
                new NamespaceSnapshot.Link(3, "eth1", LinkKind.ETHERNET, Lab.mac(6), 1500, false, true, List.of())),
                List.of(Route.connected(InterfaceAddress.parse("10.0.0.5/24"), "eth0"),
                        Route.onLink(ip("10.9.0.0"), 16, "eth0"),
                        Route.onLink(ip("10.9.9.9"), 32, "eth0")),
                List.of(new NeighbourEntry("eth0", ip("10.0.0.1"), Lab.mac(1), NeighbourState.STALE),
                        new NeighbourEntry("eth0", ip("10.0.0.9"), null, NeighbourState.INCOMPLETE)));
        assertLines(List.of(
                "2: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1450 qdisc fq_codel state DOWN group default qlen 1000",
                "    link/ether fa:16:3e:00:00:05 brd ff:ff:ff:ff:ff:ff",
                "    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0",
                "       valid_lft forever preferred_lft forever",
                "    inet 10.0.0.6/24 scope global secondary eth0",
                "       valid_lft forever preferred_lft forever",
                "3: eth1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000",
                "    link/ether fa:16:3e:00:00:06 brd ff:ff:ff:ff:ff:ff"),
                Iproute2.addr(odd));
        assertLines(List.of(
                "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5 linkdown ",
                "10.9.0.0/16 dev eth0 scope link linkdown ",
                "10.9.9.9 dev eth0 scope link linkdown "),
                Iproute2.route(odd));
        assertLines(List.of(
                "10.0.0.1 dev eth0 lladdr fa:16:3e:00:00:01 STALE ",
                "10.0.0.9 dev eth0 INCOMPLETE "),
                Iproute2.neigh(odd));
    }

    /** Compares line by line, so that a failure names the first line that differs. */
    private static void assertLines(List<String> expected, String actual) {
        List<String> lines = actual.lines().toList();
        for (int i = 0; i < Math.min(expected.size(), lines.size()); i++) {
            assertEquals(expected.get(i), lines.get(i), "line " + (i + 1));
        }
        assertEquals(expected.size(), lines.size(), "number of lines in:\n" + actual);
        assertEquals('\n', actual.charAt(actual.length() - 1));
    }
}
