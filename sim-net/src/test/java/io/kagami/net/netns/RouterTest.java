package io.kagami.net.netns;

import static io.kagami.net.netns.Lab.ip;
import static io.kagami.net.netns.Lab.mac;
import static io.kagami.net.netns.Lab.ping;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.wire.Fabric;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A router namespace between a project subnet (qr-, 10.0.0.0/24, with a VM) and an external one
 * (qg-, 172.16.0.0/24, with a host): forwarding with TTL decrement, no forwarding without
 * ip_forward, and arp_ignore.
 */
@ExtendWith(SharedKernel.class)
class RouterTest {

    private static final String QR = "qr-7d2e9a10-b3";
    private static final String QG = "qg-0c0039d6-0e";
    private static final MacAddress QR_MAC = mac(0x10);
    private static final MacAddress TESTER = mac(0x99);

    private final Kernel kernel;

    RouterTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * The VM pings the external host at 1 s, and with TTL 1 at 8 s; a tester on the project LAN asks
     * who has the router's qg- address at 5 s and its qr- address at 6 s.
     */
    private RunResult run(Sysctls routerSysctls) {
        Lab lab = new Lab();
        var vmApp = lab.recorder("vm-app");
        var extApp = lab.recorder("ext-app");
        Fabric.Device router = lab.namespace(NamespaceConfig.of("qrouter-8c1b6f2e", List.of(
                        InterfaceConfig.ovsInternal(QR, QR_MAC, 1450)
                                .withAddress(InterfaceAddress.parse("10.0.0.1/24")),
                        InterfaceConfig.ovsInternal(QG, mac(0x11), 1500)
                                .withAddress(InterfaceAddress.parse("172.16.0.1/24"))))
                .withSysctls(routerSysctls));
        Fabric.Device vm = lab.namespace(Lab.host("vm", "10.0.0.5/24", 1)
                .withRoute(Route.defaultVia(ip("10.0.0.1"), "eth0"))
                .withSocket(new Socket<>(IcmpEcho.PROTOCOL, Socket.ANY_PORT, vmApp, d -> d)));
        Fabric.Device ext = lab.namespace(Lab.host("ext", "172.16.0.9/24", 2)
                .withRoute(Route.defaultVia(ip("172.16.0.1"), "eth0"))
                .withSocket(new Socket<>(IcmpEcho.PROTOCOL, Socket.ANY_PORT, extApp, d -> d)));
        Fabric.Device inside = lab.hub("inside");
        Fabric.Device outside = lab.hub("outside");
        lab.plug(vm, "eth0", inside);
        lab.plug(router, QR, inside);
        lab.plug(router, QG, outside);
        lab.plug(ext, "eth0", outside);
        lab.at(1, vm, new SendPacket(ping("10.0.0.5", "172.16.0.9", 1), null));
        lab.at(5, inside, new Hub.Inject(whoHas("172.16.0.1")));
        lab.at(6, inside, new Hub.Inject(whoHas("10.0.0.1")));
        lab.at(8, vm, new SendPacket(Ipv4Packet.of(ip("10.0.0.5"), ip("172.16.0.9"), 1,
                IcmpEcho.request(0x1234, 2, new byte[8])), null));
        return lab.run(kernel, 20);
    }

    private static EthernetFrame whoHas(String address) {
        return EthernetFrame.of(MacAddress.BROADCAST, TESTER, ArpPacket.request(TESTER, ip("10.0.0.99"), ip(address)));
    }

    @Test
    void forwardsBetweenSubnetsDecrementingTheTtl() {
        RunResult run = run(Sysctls.ROUTER);
        List<Ipv4Packet> atExt = packets(run, "ext-app");
        assertEquals(1, atExt.size(), "only the first ping gets through; TTL 1 is dropped at the router");
        assertEquals(63, atExt.get(0).ttl());
        assertEquals(ip("10.0.0.5"), atExt.get(0).src());
        List<Ipv4Packet> atVm = packets(run, "vm-app");
        assertEquals(1, atVm.size());
        assertEquals(63, atVm.get(0).ttl(), "the kernel's echo reply leaves with TTL 64, one hop back");
        assertEquals(ip("172.16.0.9"), atVm.get(0).src());
    }

    @Test
    void withoutIpForwardNothingIsRouted() {
        RunResult run = run(Sysctls.HOST);
        assertEquals(List.of(), packets(run, "ext-app"));
        assertEquals(List.of(), packets(run, "vm-app"));
    }

    @Test
    void arpIgnore1AnswersOnlyForAddressesOnTheIncomingInterface() {
        // The VM's resolution of its gateway at 1 s, then the tester's for the qr- address only.
        assertEquals(List.of(ip("10.0.0.1"), ip("10.0.0.1")), routerArpReplies(run(Sysctls.ROUTER)));
    }

    @Test
    void arpIgnore0AnswersForAnyLocalAddressWithTheIncomingInterfaceMac() {
        assertEquals(List.of(ip("10.0.0.1"), ip("172.16.0.1"), ip("10.0.0.1")),
                routerArpReplies(run(new Sysctls(true, 0, 2, false))));
    }

    /** The sender addresses of the ARP replies the router's qr- sent. */
    private static List<Ipv4Address> routerArpReplies(RunResult run) {
        return Lab.recorded(run, "inside", Hub.Seen.class).stream()
                .map(s -> s.value().frame())
                .filter(f -> f.src().equals(QR_MAC) && f.payload() instanceof ArpPacket arp
                        && arp.op() == ArpPacket.Op.REPLY)
                .map(f -> ((ArpPacket) f.payload()).senderIp())
                .toList();
    }

    private static List<Ipv4Packet> packets(RunResult run, String app) {
        return Lab.recorded(run, app, IpDelivered.class).stream().map(t -> t.value().packet()).toList();
    }
}
